import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createCa, createClientCert } from '../../src/engine/certs/generate';
import { parseConnectionString, readText } from '../../src/engine/dialects';
import type { Connection, DriverId } from '../../src/engine/model/connection';
import { finding, type Finding } from '../../src/engine/model/finding';
import { analyzeStatic } from '../../src/engine/static/analyze';
import { diagnose } from '../../src/engine/diagnose';
import { globMatcher } from '../../src/engine/static/glob';
import { mergeFindings } from '../../src/engine/static/merge';
import { composeMounts, isTemplateName, mapThroughMounts, placeOf } from '../../src/engine/static/place';
import { applyRules, parseRule, readRules } from '../../src/engine/static/rules';
import { tempDir, writeIn } from '../helpers/temp-dir';

const now = new Date('2030-06-01T00:00:00Z');
const KB = { keyBits: 1024 };
const dir = tempDir();
const goodCa = createCa({ cn: 'Good CA', ...KB, notBefore: new Date('2029-01-01Z'), notAfter: new Date('2039-01-01Z') });
const oldCa = createCa({ cn: 'Old CA', ...KB, notBefore: new Date('2020-01-01Z'), notAfter: new Date('2025-01-01Z') });
const endingCa = createCa({ cn: 'Ending CA', ...KB, notBefore: new Date('2029-01-01Z'), notAfter: new Date('2030-06-10Z') });
const oldClient = createClientCert(goodCa, { cn: 'old-client', ...KB, notBefore: new Date('2020-01-01Z'), notAfter: new Date('2025-01-01Z') });

const put = (name: string, content: string): string => writeIn(dir, name, content);
const goodCaPath = put('good-ca.pem', goodCa.certPem);
const oldCaPath = put('old-ca.pem', oldCa.certPem);
const endingCaPath = put('ending-ca.pem', endingCa.certPem);
const bundlePath = put('bundle.pem', oldCa.certPem + goodCa.certPem);
const oldClientPath = put('old-client.pem', oldClient.certPem);
const oldClientKey = put('old-client-key.pem', oldClient.keyPem);

function conn(text: string, driver?: DriverId): { c: Connection; text: string } {
  const r = parseConnectionString(text, join(dir, 'app.txt'));
  assert.ok(r.connection, `${text} reads`);
  if (driver) r.connection.driver = driver;
  return { c: r.connection, text };
}

function analyze(text: string, driver?: DriverId): Finding[] {
  const x = conn(text, driver);
  return analyzeStatic(x.c, { text: x.text, now, baseDir: dir }).findings;
}

function codes(fs: Finding[]): string[] {
  return fs.map((f) => f.code).sort();
}

function aboveInfo(fs: Finding[]): Finding[] {
  return fs.filter((f) => f.severity !== 'info');
}

describe('offline analysis: no false alarms', () => {
  test('the mysql client verifying chain and host with a good CA file gets nothing', () => {
    assert.deepEqual(analyze(`mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${goodCaPath}`), []);
  });

  test('mysql2 with ssl={ca, verifyIdentity} gets nothing above info', () => {
    const fs = analyze(`mysql://app@db.example.com/shop?ssl=${encodeURIComponent(JSON.stringify({ ca: goodCaPath, rejectUnauthorized: true, verifyIdentity: true }))}`);
    assert.deepEqual(aboveInfo(fs), []);
  });

  test('Connector/J with sslMode=VERIFY_IDENTITY gets nothing above info', () => {
    assert.deepEqual(aboveInfo(analyze('jdbc:mysql://db.example.com:3306/shop?sslMode=VERIFY_IDENTITY')), []);
  });

  test('a CA bundle holding an expired certificate beside a valid one is no finding', () => {
    assert.deepEqual(analyze(`mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${bundlePath}`), []);
  });
});

describe('offline analysis: the settings', () => {
  test('ssl-mode=DISABLED: tls-not-used on the ssl-mode setting', () => {
    const x = conn('mysql://app@db.example.com/shop?ssl-mode=DISABLED');
    const fs = analyzeStatic(x.c, { text: x.text, now }).findings;
    assert.deepEqual(codes(fs), ['tls-not-used']);
    assert.equal(fs[0].param, 'mode');
    assert.equal(fs[0].severity, 'warning');
  });

  test('a Go DSN without tls= does not use TLS', () => {
    assert.deepEqual(codes(analyze('app:pw@tcp(db.example.com:3306)/shop')), ['tls-not-used']);
  });

  test('the mysql client without ssl-mode: TLS only if offered, and no verification', () => {
    const fs = analyze('mysql://app@db.example.com/shop');
    assert.deepEqual(codes(fs), ['tls-optional', 'verification-disabled']);
    assert.ok(fs.every((f) => f.severity === 'warning'));
  });

  test('ssl-mode=REQUIRED: verification-disabled, TLS required', () => {
    assert.deepEqual(codes(analyze('mysql://app@db.example.com/shop?ssl-mode=REQUIRED')), ['verification-disabled']);
  });

  test('sslmode=require copied from PostgreSQL into a mysql2 URL: setting-ignored on that key, and no TLS', () => {
    const text = 'mysql://app@db.example.com/shop?sslmode=require';
    const x = conn(text, 'mysql2');
    const fs = analyzeStatic(x.c, { text, now }).findings;
    const ignored = fs.find((f) => f.code === 'setting-ignored');
    assert.ok(ignored, codes(fs).join());
    assert.match(ignored.title, /PostgreSQL/);
    assert.equal(text.slice(ignored.span!.start, ignored.span!.end), 'sslmode=require');
    assert.ok(fs.some((f) => f.code === 'tls-not-used'), 'mysql2 without ssl uses no TLS');
  });

  test('ssl-mode in a URL mysql2 reads: setting-ignored', () => {
    const text = 'mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY';
    const fs = analyzeStatic(conn(text, 'mysql2').c, { text, now }).findings;
    const ignored = fs.find((f) => f.code === 'setting-ignored');
    assert.ok(ignored);
    assert.equal(text.slice(ignored.span!.start, ignored.span!.end), 'ssl-mode=VERIFY_IDENTITY');
  });

  test('the same ssl-mode for the mysql client is read, not ignored', () => {
    assert.ok(!analyze('mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY').some((f) => f.code === 'setting-ignored'));
  });

  test('rejectUnauthorized outside ssl in a mysql2 URL: setting-ignored on that key', () => {
    const text = `mysql://app@db.example.com/shop?ssl=${encodeURIComponent(JSON.stringify({ ca: goodCaPath }))}&rejectUnauthorized=false`;
    const fs = analyzeStatic(conn(text).c, { text, now }).findings;
    const ignored = fs.filter((f) => f.code === 'setting-ignored');
    assert.equal(ignored.length, 1, codes(fs).join());
    assert.equal(text.slice(ignored[0].span!.start, ignored[0].span!.end), 'rejectUnauthorized=false');
    assert.ok(!fs.some((f) => f.code === 'verification-disabled'), 'the ignored key does not turn verification off');
  });

  test('Connector/J useSSL and requireSSL: setting-deprecated on each, sslMode as the replacement', () => {
    const text = 'jdbc:mysql://db.example.com:3306/shop?useSSL=true&requireSSL=true';
    const fs = analyzeStatic(conn(text).c, { text, now }).findings.filter((f) => f.code === 'setting-deprecated');
    assert.deepEqual(fs.map((f) => text.slice(f.span!.start, f.span!.end)), ['useSSL=true', 'requireSSL=true']);
    assert.ok(fs.every((f) => f.severity === 'info' && /sslMode=REQUIRED/.test(f.detail)));
  });

  test('MariaDB Connector/J useSsl with trustServerCertificate: deprecated, replacement in its own words', () => {
    const text = 'jdbc:mariadb://db.example.com/shop?useSsl=true&trustServerCertificate=true';
    const fs = analyzeStatic(conn(text).c, { text, now }).findings;
    const dep = fs.filter((f) => f.code === 'setting-deprecated');
    assert.equal(dep.length, 2);
    assert.match(dep[0].detail, /sslMode=trust/);
    assert.ok(fs.some((f) => f.code === 'verification-disabled'));
  });

  test('TLSv1.1 in tls-version: setting-deprecated with TLSv1.2 and TLSv1.3 as the fix', () => {
    const fs = analyze(`mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${goodCaPath}&tls-version=TLSv1.1,TLSv1.2`);
    assert.deepEqual(codes(fs), ['setting-deprecated']);
    assert.equal(fs[0].param, 'tlsVersions');
    assert.deepEqual(fs[0].fixes[0], { kind: 'set-tls-versions', title: 'Allow TLSv1.2 only', versions: ['TLSv1.2'], preferred: true });
  });

  test("mysql2's 'Amazon RDS' profile: setting-deprecated", () => {
    const fs = analyze('mysql://app@db.abc.us-east-1.rds.amazonaws.com/shop?ssl=Amazon%20RDS');
    assert.ok(fs.some((f) => f.code === 'setting-deprecated' && f.param === 'profile'), codes(fs).join());
    assert.ok(!fs.some((f) => f.code === 'cloud-ca-bundle'), 'the profile is the RDS CA');
  });

  test('an RDS host without a CA: cloud-ca-bundle, with no server', () => {
    const fs = analyze('mysql://app@db.abc.us-east-1.rds.amazonaws.com/shop?ssl-mode=REQUIRED');
    assert.ok(fs.some((f) => f.code === 'cloud-ca-bundle'));
  });

  test('a local socket: local-socket, and nothing about the TLS mode', () => {
    const r = readText(join(dir, 'my.cnf'), '[client]\nsocket=/run/mysqld/mysqld.sock\nuser=app\n');
    const fs = analyzeStatic(r.connections[0], { now }).findings;
    assert.deepEqual(codes(fs), ['local-socket']);
  });
});

describe('offline analysis: local files', () => {
  test('a missing CA file: file-missing on ssl-ca', () => {
    const fs = analyze(`mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${join(dir, 'nope.pem')}`);
    assert.deepEqual(codes(fs), ['file-missing']);
    assert.equal(fs[0].param, 'ca');
  });

  test('a CA file whose only certificate expired: cert-expired from the CA file', () => {
    const fs = analyze(`mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${oldCaPath}`);
    assert.deepEqual(codes(fs), ['cert-expired']);
    assert.equal(fs[0].evidence.from, 'ca-file');
    assert.equal(fs[0].param, 'ca');
    assert.match(fs[0].title, /CA certificate CN=Old CA in the CA file expired 2025-01-01/);
  });

  test('a CA file ending within the warning days: cert-expiring-soon from the CA file', () => {
    const fs = analyze(`mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${endingCaPath}`);
    assert.deepEqual(codes(fs), ['cert-expiring-soon']);
    assert.equal(fs[0].evidence.from, 'ca-file');
  });

  test('an expired CA file does not matter to a client that does not verify', () => {
    assert.deepEqual(codes(analyze(`mysql://app@db.example.com/shop?ssl-mode=REQUIRED&ssl-ca=${oldCaPath}`)), ['verification-disabled']);
  });

  test('an expired client certificate: client-cert-expired from the certificate file', () => {
    const fs = analyze(`mysql://app@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${goodCaPath}&ssl-cert=${oldClientPath}&ssl-key=${oldClientKey}`);
    assert.deepEqual(codes(fs), ['client-cert-expired']);
    assert.equal(fs[0].evidence.from, 'client-cert');
  });
});

describe('offline analysis: templates and containers', () => {
  test('template names', () => {
    for (const n of ['.env.example', '.env.sample', '.env.template', 'my.cnf.dist', 'config/database.example.yml', '.env.dist']) assert.ok(isTemplateName(n), n);
    for (const n of ['.env', '.env.production', 'my.cnf', 'docker-compose.yml', 'examples.ts']) assert.ok(!isTemplateName(n), n);
  });

  test('a .env.example gets the settings findings but no file check', () => {
    const text = `DATABASE_URL=mysql://app@db.example.com/shop?ssl-mode=REQUIRED&ssl-ca=/etc/nowhere/ca.pem\n`;
    const r = readText(join(dir, '.env.example'), text);
    const c = r.connections[0];
    const fs = analyzeStatic(c, { text, now, place: placeOf('.env.example', text, dir) }).findings;
    assert.deepEqual(codes(fs), ['verification-disabled']);
  });

  const compose = [
    'services:',
    '  app:',
    '    image: shop',
    '    environment:',
    '      DATABASE_URL: "mysql://app@db/shop?ssl-mode=VERIFY_CA&ssl-ca=/run/certs/ca.pem"',
    '    volumes:',
    '    - ./certs:/run/certs:ro',
    '    - data:/var/lib/app',
    '  worker:',
    '    volumes:',
    '      - type: bind',
    '        source: ./worker-certs',
    '        target: /run/certs',
    '  db:',
    '    image: mariadb:11',
    'volumes:',
    '  data: {}',
    '',
  ].join('\n');

  test('compose bind mounts, short and long syntax, per service', () => {
    const mounts = composeMounts(compose);
    assert.deepEqual(mounts.map((m) => [m.service, m.source, m.target]), [['app', './certs', '/run/certs'], ['worker', './worker-certs', '/run/certs']]);
    const appOffset = compose.indexOf('DATABASE_URL');
    const app = mounts.filter((m) => m.serviceSpan.start <= appOffset && appOffset < m.serviceSpan.end);
    assert.equal(mapThroughMounts('/run/certs/ca.pem', app, '/srv/shop'), '/srv/shop/certs/ca.pem');
    assert.equal(mapThroughMounts('/etc/ssl/ca.pem', app, '/srv/shop'), undefined);
    assert.equal(mapThroughMounts('/run/certs/ca.pem', mounts, '/srv/shop'), undefined, 'two services disagree: no mapping');
  });

  test("a compose file's container path is checked where its mount maps it, and not elsewhere", () => {
    const project = join(dir, 'compose-project');
    mkdirSync(join(project, 'certs'), { recursive: true });
    const file = join(project, 'docker-compose.yml');
    writeFileSync(file, compose);
    const c = readText(file, compose).connections[0];
    assert.ok(c, 'the URL in the compose file is read');
    const place = placeOf(file, compose, project, c.span.start);
    assert.equal(place.kind, 'container');
    const missing = analyzeStatic(c, { text: compose, now, place }).findings;
    assert.deepEqual(codes(missing), ['file-missing'], 'the mapped host file ./certs/ca.pem does not exist');
    assert.equal(missing[0].evidence.path, join(project, 'certs', 'ca.pem'));
    writeFileSync(join(project, 'certs', 'ca.pem'), goodCa.certPem);
    assert.deepEqual(analyzeStatic(c, { text: compose, now, place }).findings, []);
    const unmapped = compose.replace('/run/certs/ca.pem', '/etc/mysql/ca.pem');
    const c2 = readText(file, unmapped).connections[0];
    assert.deepEqual(analyzeStatic(c2, { text: unmapped, now, place: placeOf(file, unmapped, project, c2.span.start) }).findings, [], 'a path only inside the image is not looked up');
  });

  test('a diagnosis of a compose or template connection does not look up its paths here either (live agrees with offline)', async () => {
    const project = join(dir, 'compose-live');
    mkdirSync(project, { recursive: true });
    const unmapped = compose.replace('/run/certs/ca.pem', '/etc/mysql/nope/ca.pem').replace(/@[\w.-]+(:\d+)?\//, '@127.0.0.1:1/');
    const file = join(project, 'docker-compose.yml');
    const c = readText(file, unmapped).connections[0];
    assert.equal(c.host, '127.0.0.1');
    const composeReport = await diagnose(c, { sourceText: unmapped, timeoutMs: 500, auth: false });
    assert.ok(!codes(composeReport.findings).includes('file-missing'), `findings: ${codes(composeReport.findings)}`);
    const template = 'DATABASE_URL=mysql://app@127.0.0.1:1/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ssl/db/ca.pem\n';
    const t = readText(join(project, '.env.example'), template).connections[0];
    const templateReport = await diagnose(t, { sourceText: template, timeoutMs: 500, auth: false });
    assert.ok(!codes(templateReport.findings).includes('file-missing'), `findings: ${codes(templateReport.findings)}`);
    const config = readText(join(project, '.env'), template).connections[0];
    const configReport = await diagnose(config, { sourceText: template, timeoutMs: 500, auth: false });
    assert.ok(codes(configReport.findings).includes('file-missing'), 'the same line in the running configuration is checked');
  });

  test('a Kubernetes manifest: container paths are never looked up on this machine', () => {
    const k8s = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - env:\n    - name: DATABASE_URL\n      value: mysql://app@db/shop?ssl-mode=VERIFY_CA&ssl-ca=/etc/certs/nope.pem\n';
    const c = readText(join(dir, 'pod.yaml'), k8s).connections[0];
    const place = placeOf('pod.yaml', k8s, dir, c.span.start);
    assert.equal(place.kind, 'container');
    assert.deepEqual(analyzeStatic(c, { text: k8s, now, place }).findings, []);
  });
});

describe('offline and live findings together', () => {
  const staticVd = finding('verification-disabled', 'static', '', { clientMode: 'REQUIRED' }, [], 'mode');
  const liveVd = finding('verification-disabled', 'live', '', { clientMode: 'REQUIRED', wouldFail: [] }, [], 'mode');
  const optional = finding('tls-optional', 'optional', '', {}, [], 'mode');
  const fallback = finding('plaintext-fallback', 'fallback', '', {}, [], 'mode');
  const caExpired = finding('cert-expired', 'ca', '', { from: 'ca-file', subject: 'CN=Old CA' }, [], 'ca');

  test('a live finding of the same code and setting replaces the offline one', () => {
    assert.deepEqual(mergeFindings([staticVd], [liveVd]).map((f) => f.title), ['live']);
  });

  test('plaintext-fallback observed replaces the tls-optional warning', () => {
    assert.deepEqual(mergeFindings([optional], [fallback]).map((f) => f.code), ['plaintext-fallback']);
  });

  test('an unreachable server keeps every offline finding', () => {
    const unreachable = finding('unreachable', 'down', '');
    assert.deepEqual(mergeFindings([optional, caExpired], [unreachable]).map((f) => f.code), ['tls-optional', 'cert-expired', 'unreachable']);
  });

  test('a date finding is replaced only by the same certificate from the same place', () => {
    const serverExpired = finding('cert-expired', 'server', '', { from: 'server', subject: 'CN=db' });
    assert.equal(mergeFindings([caExpired], [serverExpired]).length, 2);
    assert.equal(mergeFindings([caExpired], [{ ...caExpired, title: 'live' }]).length, 1);
  });
});

describe('rules and exclude globs', () => {
  const fs = [finding('tls-optional', 'a', '', {}, [], 'mode'), finding('verification-disabled', 'b', '', {}, [], 'mode')];

  test('off drops a code; a level replaces its severity', () => {
    const out = applyRules(fs, { 'tls-optional': 'off', 'verification-disabled': 'error' });
    assert.deepEqual(out.map((f) => [f.code, f.severity]), [['verification-disabled', 'error']]);
  });

  test('rules from a setting: unknown codes and levels are said, not applied', () => {
    const r = readRules({ 'tls-optional': 'off', 'no-such-code': 'error', 'verification-disabled': 'loud' });
    assert.deepEqual(r.rules, { 'tls-optional': 'off' });
    assert.equal(r.problems.length, 2);
    assert.deepEqual(parseRule('tls-optional=info'), { code: 'tls-optional', level: 'info' });
    assert.ok('problem' in parseRule('tls-optional'));
  });

  test('globs as VS Code writes them', () => {
    const m = globMatcher(['**/*.example', 'vendor/**', '.env.{sample,dist}', 'legacy']);
    for (const p of ['.env.example', 'app/config/.env.example', 'vendor/x/.env', '.env.sample', 'a/.env.dist', 'legacy/my.cnf']) assert.ok(m(p), p);
    for (const p of ['.env', 'app/.env.production', 'src/vendor.ts', 'legacy.cnf']) assert.ok(!m(p), p);
  });
});

test('a live error that rules out any TLS session drops the offline verification-disabled (no verdict on a chain never reached)', () => {
  const vd = finding('verification-disabled', 'static', '', {}, [], 'mode');
  const mismatch = finding('tls-version-mismatch', 'no version', '', {}, [], 'tlsVersions');
  assert.deepEqual(mergeFindings([vd], [mismatch]).map((f) => f.code), ['tls-version-mismatch']);
});
