// The lab itself, checked with the reference clients (mariadb, openssl s_client): each server must
// show exactly the fault it was built for, or every test that relies on it proves nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { assertNoCanary, CANARY_PASSWORD, containsCanary } from '../helpers/canary';
import {
  chainFrom, mariadbClient, mysqlErrorCode, negotiatedProtocol, sClient, type MariadbOptions,
} from '../helpers/lab-clients';
import { tempDir } from '../helpers/temp-dir';
import { createCa, createServerCert } from '../../src/engine/certs/generate';
import { normalizeIp } from '../../src/engine/certs/ip';
import {
  copyTemplate, findBinary, freePorts, installTemplate, instancePaths, LabError, startInstance, stopPids,
  writeDefaultsFile,
} from './servers';
import { LAB_SERVER_NAMES, labOrSkip, loadLab, type LabManifest, type LabServerName } from './manifest';

const REPO = join(__dirname, '..', '..');

// One query as the plain account (or another), returning what the real client printed.
function query(lab: LabManifest, name: LabServerName, sql: string, o: Partial<MariadbOptions> = {}) {
  return mariadbClient(lab.servers[name], sql, { user: lab.users.plain, password: lab.password, tls: false, ...o });
}

async function variable(lab: LabManifest, name: LabServerName, like: string, session = false): Promise<string> {
  const kind = session ? 'SESSION STATUS' : 'VARIABLES';
  const tls = name === 'secure-transport' || session;
  const r = await query(lab, name, `SHOW ${kind} LIKE '${like}'`, { tls });
  assert.equal(r.code, 0, `${name}: ${r.stderr}`);
  return r.stdout.trim().split('\t')[1] ?? '';
}

async function chainOf(lab: LabManifest, name: LabServerName, extra: string[] = []): Promise<X509Certificate[]> {
  const r = await sClient(lab.servers[name].port, extra);
  return chainFrom(r.stdout);
}

function certFile(path: string): X509Certificate {
  return new X509Certificate(readFileSync(path));
}

function useLab(t: TestContext): LabManifest | undefined {
  return labOrSkip(t);
}

// ---- the servers

test('lab: the healthy server sends localhost/127.0.0.1/::1 issued by files.ca and verifies with it', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const chain = await chainOf(lab, 'healthy');
  assert.deepEqual(chain.map((c) => c.subject), ['CN=localhost', 'CN=TLS Doctor Lab CA']);
  assert.equal(chain.length, Number(lab.servers.healthy.config.chainLength));
  assert.equal(chain[0].subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.ok(chain[0].checkIssued(certFile(lab.files.ca)));
  const r = await query(lab, 'healthy', "SHOW SESSION STATUS LIKE 'Ssl_version'", { tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Ssl_version\tTLSv1\.3/);
});

test('lab: the healthy server accepts TLS 1.2 as well as 1.3', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const r = await query(lab, 'healthy', "SHOW SESSION STATUS LIKE 'Ssl_version'", { tls: true, tlsVersion: 'TLSv1.2' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Ssl_version\tTLSv1\.2/);
  assert.equal(await variable(lab, 'healthy', 'have_ssl'), 'YES');
});

test('lab: the expired server presents a certificate whose notAfter is past', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const [leaf] = await chainOf(lab, 'expired');
  assert.ok(new Date(leaf.validTo).getTime() < Date.now(), `notAfter ${leaf.validTo}`);
  assert.equal(new Date(leaf.validTo).toISOString(), lab.servers.expired.config.notAfter);
  const r = await query(lab, 'expired', 'SELECT 1', { tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(mysqlErrorCode(r.stderr), 2026, r.stderr);
  assert.match(r.stderr, /expired/);
});

test('lab: the not-yet-valid server presents a certificate whose notBefore is ahead', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const [leaf] = await chainOf(lab, 'not-yet-valid');
  assert.ok(new Date(leaf.validFrom).getTime() > Date.now(), `notBefore ${leaf.validFrom}`);
  const r = await query(lab, 'not-yet-valid', 'SELECT 1', { tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(mysqlErrorCode(r.stderr), 2026, r.stderr);
  assert.match(r.stderr, /not yet valid/);
});

test("lab: the other-ca server's certificate is issued by ca-other, so files.ca does not verify it", async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const chain = await chainOf(lab, 'other-ca');
  assert.equal(chain.length, 1);
  assert.ok(chain[0].checkIssued(certFile(lab.files['ca-other'])));
  assert.ok(chain[0].verify(certFile(lab.files['ca-other']).publicKey));
  const wrong = await query(lab, 'other-ca', 'SELECT 1', { tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(mysqlErrorCode(wrong.stderr), 2026, wrong.stderr);
  const right = await query(lab, 'other-ca', 'SELECT 1', { tls: true, ca: lab.files['ca-other'], verifyServerCert: true });
  assert.equal(right.code, 0, right.stderr);
});

test('lab: the no-intermediate server sends only its leaf, which the root alone cannot verify', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const chain = await chainOf(lab, 'no-intermediate');
  assert.deepEqual(chain.map((c) => c.issuer), ['CN=TLS Doctor Lab Intermediate']);
  const rootOnly = await query(lab, 'no-intermediate', 'SELECT 1', { tls: true, ca: lab.files['root-only'], verifyServerCert: true });
  assert.equal(mysqlErrorCode(rootOnly.stderr), 2026, rootOnly.stderr);
  assert.match(rootOnly.stderr, /unable to get local issuer/);
  const both = await query(lab, 'no-intermediate', 'SELECT 1', { tls: true, ca: lab.files['root-and-intermediate'], verifyServerCert: true });
  assert.equal(both.code, 0, both.stderr);
});

test('lab: the with-intermediate server sends leaf and intermediate, so the root alone verifies it', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const chain = await chainOf(lab, 'with-intermediate');
  assert.deepEqual(chain.map((c) => c.subject), ['CN=localhost', 'CN=TLS Doctor Lab Intermediate']);
  assert.ok(chain[1].checkIssued(certFile(lab.files['root-only'])));
  const r = await query(lab, 'with-intermediate', 'SELECT 1', { tls: true, ca: lab.files['root-only'], verifyServerCert: true });
  assert.equal(r.code, 0, r.stderr);
});

test('lab: the wrong-san server names only db.example.com, so verifying 127.0.0.1 fails', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const [leaf] = await chainOf(lab, 'wrong-san');
  assert.equal(leaf.subjectAltName, 'DNS:db.example.com');
  assert.equal(leaf.checkHost('db.example.com'), 'db.example.com');
  const verified = await query(lab, 'wrong-san', 'SELECT 1', { tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(mysqlErrorCode(verified.stderr), 2026, verified.stderr);
  const unverified = await query(lab, 'wrong-san', 'SELECT 1', { tls: true, ca: lab.files.ca });
  assert.equal(unverified.code, 0, unverified.stderr);
});

test('lab: the ip-only-san server names only IP 127.0.0.1 and verifies when reached by that address', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const [leaf] = await chainOf(lab, 'ip-only-san');
  assert.equal(leaf.subjectAltName, 'IP Address:127.0.0.1');
  assert.equal(leaf.checkHost('localhost'), undefined);
  const r = await query(lab, 'ip-only-san', 'SELECT 1', { tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(r.code, 0, r.stderr);
});

test('lab: the tls13-only server refuses a TLS 1.2 client', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  assert.equal(await variable(lab, 'tls13-only', 'tls_version'), 'TLSv1.3');
  const old = await query(lab, 'tls13-only', 'SELECT 1', { tls: true, tlsVersion: 'TLSv1.2' });
  assert.equal(mysqlErrorCode(old.stderr), 2026, old.stderr);
  assert.equal(negotiatedProtocol((await sClient(lab.servers['tls13-only'].port, ['-tls1_2'])).stdout), undefined);
  assert.equal(negotiatedProtocol((await sClient(lab.servers['tls13-only'].port)).stdout), 'TLSv1.3');
});

test('lab: the tls12-only server refuses a TLS 1.3 client', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  assert.equal(await variable(lab, 'tls12-only', 'tls_version'), 'TLSv1.2');
  const newer = await query(lab, 'tls12-only', 'SELECT 1', { tls: true, tlsVersion: 'TLSv1.3' });
  assert.equal(mysqlErrorCode(newer.stderr), 2026, newer.stderr);
  assert.equal(negotiatedProtocol((await sClient(lab.servers['tls12-only'].port)).stdout), 'TLSv1.2');
});

test('lab: the legacy-only server speaks TLS 1.0/1.1 at security level 0 and nothing newer', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  assert.equal(await variable(lab, 'legacy-only', 'tls_version'), 'TLSv1.0,TLSv1.1');
  assert.equal(await variable(lab, 'legacy-only', 'ssl_cipher'), 'ALL:@SECLEVEL=0');
  const port = lab.servers['legacy-only'].port;
  const legacy = await sClient(port, ['-tls1', '-cipher', 'ALL:@SECLEVEL=0']);
  assert.equal(negotiatedProtocol(legacy.stdout), 'TLSv1.0', legacy.stderr);
  assert.equal(negotiatedProtocol((await sClient(port, ['-tls1_2'])).stdout), undefined);
});

test('lab: the one-cipher server offers only ECDHE-RSA-AES128-GCM-SHA256', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  assert.equal(await variable(lab, 'one-cipher', 'ssl_cipher'), 'ECDHE-RSA-AES128-GCM-SHA256');
  assert.equal(await variable(lab, 'one-cipher', 'Ssl_cipher', true), 'ECDHE-RSA-AES128-GCM-SHA256');
  const other = await query(lab, 'one-cipher', 'SELECT 1', { tls: true, cipher: 'AES256-SHA' });
  assert.equal(mysqlErrorCode(other.stderr), 2026, other.stderr);
});

test('lab: the tls-disabled server has have_ssl=DISABLED and fails a client that requires TLS', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  assert.equal(await variable(lab, 'tls-disabled', 'have_ssl'), 'DISABLED');
  const r = await query(lab, 'tls-disabled', 'SELECT 1', { tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(mysqlErrorCode(r.stderr), 2026, r.stderr);
  const s = await sClient(lab.servers['tls-disabled'].port);
  assert.match(s.stdout + s.stderr, /does not support SSL/);
  assert.equal(chainFrom(s.stdout).length, 0);
});

test('lab: the secure-transport server refuses a plaintext login with 1045 and accepts TLS', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  assert.equal(await variable(lab, 'secure-transport', 'require_secure_transport'), 'ON');
  const plain = await query(lab, 'secure-transport', 'SELECT 1');
  assert.equal(mysqlErrorCode(plain.stderr), 1045, plain.stderr);
  const tls = await query(lab, 'secure-transport', 'SELECT 1', { tls: true });
  assert.equal(tls.code, 0, tls.stderr);
});

test("lab: every TLS server's manifest config tells the truth about the chain it sends", async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const names = LAB_SERVER_NAMES.filter((n) => n !== 'tls-disabled');
  const legacy = ['-tls1', '-cipher', 'ALL:@SECLEVEL=0'];
  const seen = await Promise.all(names.map(async (name) => ({ name, chain: await chainOf(lab, name, name === 'legacy-only' ? legacy : []) })));
  for (const { name, chain } of seen) {
    const config: Record<string, string> = lab.servers[name].config;
    assert.equal(chain.map((c) => c.subject).join(' | '), config.chain, name);
    assert.equal(chain.length, Number(config.chainLength), name);
    assert.equal(sanText(chain[0]), config.san, name);
    assert.equal(new Date(chain[0].validTo).toISOString(), config.notAfter, name);
    assert.equal(new Date(chain[0].validFrom).toISOString(), config.notBefore, name);
    assert.equal(chain[0].issuer, config.issuer, name);
    assert.ok(existsSync(config.trust), `${name}: trust file ${config.trust}`);
  }
});

// ---- the accounts

test('lab: the REQUIRE SSL user is refused without TLS (1045) and accepted with it', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const user = lab.users.requireSsl;
  const plain = await query(lab, 'healthy', 'SELECT 1', { user });
  assert.equal(mysqlErrorCode(plain.stderr), 1045, plain.stderr);
  const tls = await query(lab, 'healthy', 'SELECT CURRENT_USER()', { user, tls: true, ca: lab.files.ca, verifyServerCert: true });
  assert.equal(tls.code, 0, tls.stderr);
  assert.equal(tls.stdout.trim(), `${user}@127.0.0.1`);
});

test('lab: the REQUIRE X509 user is refused without a client certificate and accepted with files client-cert/key', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const user = lab.users.requireX509;
  const noCert = await query(lab, 'healthy', 'SELECT 1', { user, tls: true });
  assert.equal(mysqlErrorCode(noCert.stderr), 1045, noCert.stderr);
  const withCert = await query(lab, 'healthy', 'SELECT 1', { user, tls: true, cert: lab.files['client-cert'], key: lab.files['client-key'] });
  assert.equal(withCert.code, 0, withCert.stderr);
});

test('lab: every server has the plain account with the canary password, and a wrong password gets 1045', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const results = await Promise.all(LAB_SERVER_NAMES.map(async (name) => {
    const tls = name === 'secure-transport';
    const good = await query(lab, name, 'SELECT 1', { tls });
    const bad = await query(lab, name, 'SELECT 1', { tls, password: 'not-the-password' });
    return { name, good, bad };
  }));
  for (const { name, good, bad } of results) {
    assert.equal(good.code, 0, `${name}: ${good.stderr}`);
    assert.equal(mysqlErrorCode(bad.stderr), 1045, `${name}: ${bad.stderr}`);
  }
});

test('lab: all three accounts exist for 127.0.0.1 and localhost with their REQUIRE clause', async (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const sql = "SELECT CONCAT(user, '@', host, ' ', JSON_VALUE(priv, '$.ssl_type')) FROM mysql.global_priv WHERE user LIKE 'tls%' ORDER BY 1";
  const r = spawnSync('mariadb', ['--no-defaults', '--skip-ssl', '-uroot', `-S${lab.servers.healthy.config.socket}`, '-N', '-B', '-e', sql], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, r.stderr);
  // ssl_type: 0 none, 1 ANY (REQUIRE SSL), 2 X509
  const rows = ['127.0.0.1', 'localhost'].flatMap((h) => [
    `${lab.users.plain}@${h} 0`, `${lab.users.requireSsl}@${h} 1`, `${lab.users.requireX509}@${h} 2`]);
  assert.deepEqual(r.stdout.trim().split('\n'), rows.sort());
});

// ---- the files

test('lab: the file fixtures are what their names say', (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const f = lab.files;
  assert.equal(existsSync(f.missing), false);
  assert.equal(readFileSync(f['ca-der'])[0], 0x30); // a DER SEQUENCE, not PEM text
  assert.ok(new X509Certificate(readFileSync(f['ca-der'])).checkIssued(certFile(f.ca)));
  const truncated = readFileSync(f['ca-truncated'], 'utf8');
  assert.match(truncated, /^-----BEGIN CERTIFICATE-----/);
  assert.doesNotMatch(truncated, /END CERTIFICATE/);
  assert.match(readFileSync(f['key-as-ca'], 'utf8'), /^-----BEGIN (RSA )?PRIVATE KEY-----/);
  assert.match(readFileSync(f['client-key-encrypted'], 'utf8'), /ENCRYPTED PRIVATE KEY/);
  assert.equal(readFileSync(f['root-and-intermediate'], 'utf8').match(/BEGIN CERTIFICATE/g)?.length, 2);
  assert.ok(new Date(certFile(f['client-cert-expired']).validTo).getTime() < Date.now());
  assert.equal(certFile(f['client-cert']).issuer, 'CN=TLS Doctor Lab CA');
});

test("lab: client-key matches client-cert and client-key-mismatched does not", (t) => {
  const lab = useLab(t);
  if (!lab) return;
  const certKey = certFile(lab.files['client-cert']).publicKey.export({ type: 'spki', format: 'der' });
  const publicOf = (path: string) => createPublicKey(createPrivateKey(readFileSync(path))).export({ type: 'spki', format: 'der' });
  assert.ok(certKey.equals(publicOf(lab.files['client-key'])));
  assert.ok(!certKey.equals(publicOf(lab.files['client-key-mismatched'])));
});

test('lab: the manifest does not leak the password into file contents or server config', (t) => {
  const lab = useLab(t);
  if (!lab) return;
  assert.equal(lab.password, CANARY_PASSWORD);
  for (const server of Object.values(lab.servers)) assertNoCanary(JSON.stringify(server), `config of ${server.name}`);
  assert.deepEqual(Object.keys(lab.servers).sort(), [...LAB_SERVER_NAMES].sort());
});

// ---- the lab's own tools, without servers

test('lab: loadLab says why when TLS_DOCTOR_LAB is unset or names no manifest', (t) => {
  const saved = process.env.TLS_DOCTOR_LAB;
  t.after(() => { if (saved === undefined) delete process.env.TLS_DOCTOR_LAB; else process.env.TLS_DOCTOR_LAB = saved; });
  delete process.env.TLS_DOCTOR_LAB;
  assert.match(reasonOf(loadLab()), /TLS_DOCTOR_LAB is not set/);
  const dir = tempDir(t);
  process.env.TLS_DOCTOR_LAB = join(dir, 'manifest.json');
  assert.match(reasonOf(loadLab()), /cannot read the lab manifest .*manifest\.json/);
  writeFileSync(process.env.TLS_DOCTOR_LAB, '{"dir": 1');
  assert.match(reasonOf(loadLab()), /cannot read the lab manifest/);
});

test('lab: a manifest whose servers have stopped is reported as not running', (t) => {
  const saved = process.env.TLS_DOCTOR_LAB;
  t.after(() => { if (saved === undefined) delete process.env.TLS_DOCTOR_LAB; else process.env.TLS_DOCTOR_LAB = saved; });
  const dead = spawnSync(process.execPath, ['-e', '0']).pid; // a process that has exited
  const dir = tempDir(t);
  const path = join(dir, 'manifest.json');
  writeFileSync(path, JSON.stringify({ dir, servers: {}, files: {}, password: 'x', users: {}, pids: { healthy: dead } }));
  process.env.TLS_DOCTOR_LAB = path;
  assert.match(reasonOf(loadLab()), /not running \(healthy stopped\)/);
});

test('lab cli: stop on a folder without a lab stops nothing and succeeds', (t) => {
  const dir = tempDir(t);
  const r = labCli(['stop', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /stopped 0 servers/);
});

test('lab cli: start by a user other than root fails with a one-line reason (exit 1)', (t) => {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) return t.skip('needs root and setpriv to drop to another user');
  const dir = join(tempDir(t), 'lab');
  const r = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx',
    join(REPO, 'test/lab/cli.ts'), 'start', dir], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: '/tmp' } });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.trim(), 'MariaDB lab start failed: must run as root (mariadbd runs with user=root here)');
  assert.equal(existsSync(dir), false);
});

test('lab cli: a missing folder argument is a usage error (exit 2)', () => {
  const r = labCli(['start']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^usage: /);
});

test('lab: a server whose key does not match its certificate fails to start, saying so in one line', async (t) => {
  if (!findBinary('mariadbd')) return t.skip('MariaDB lab not running: mariadbd is not installed');
  const dir = tempDir(t, 'tls-doctor-lab-fail-');
  const template = await installTemplate(dir);
  const ca = createCa({ cn: 'Broken Lab CA' });
  const server = createServerCert(ca, { cn: 'localhost', hosts: ['127.0.0.1'] });
  const other = createServerCert(ca, { cn: 'localhost', hosts: ['127.0.0.1'] });
  writeFileSync(join(dir, 'cert.pem'), server.certPem);
  writeFileSync(join(dir, 'key.pem'), other.keyPem);
  const plan = { name: 'healthy' as const, description: 'broken', options: { ssl_cert: join(dir, 'cert.pem'), ssl_key: join(dir, 'key.pem') }, config: {} };
  const [port] = await freePorts(1);
  const inst = instancePaths(dir, plan, port);
  writeDefaultsFile(inst, join(dir, 'no-users.sql'));
  writeFileSync(join(dir, 'no-users.sql'), '');
  copyTemplate(template, inst);
  await assert.rejects(startInstance(inst, 20_000), (e: Error) => {
    assert.ok(e instanceof LabError);
    assert.match(e.message, /^server 'healthy' did not come up: .*(key|certificate)/i);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  assert.equal(await stopPids([Number(readText(inst.pidFile)) || 0].filter(Boolean), dir), 0);
});

// ---- the helpers

test('helpers: the canary check catches the password plain, URL-encoded and base64', () => {
  assert.throws(() => assertNoCanary(`pw=${CANARY_PASSWORD}`), /leaks the password/);
  assert.throws(() => assertNoCanary(Buffer.from(CANARY_PASSWORD).toString('base64'), 'report'), /report leaks/);
  assert.ok(containsCanary(encodeURIComponent('x') + CANARY_PASSWORD));
  assert.doesNotThrow(() => assertNoCanary('password: ****'));
});

test('helpers: tempDir is removed when its test ends', async (t) => {
  let dir = '';
  await t.test('a test that writes a file', (sub) => {
    dir = tempDir(sub);
    writeFileSync(join(dir, 'x'), 'y');
    assert.ok(existsSync(join(dir, 'x')));
  });
  assert.ok(dir);
  assert.equal(existsSync(dir), false);
});

// Node prints IP SANs as "IP Address:0:0:0:0:0:0:0:1"; the manifest as "IP:::1".
function sanText(cert: X509Certificate): string {
  return (cert.subjectAltName ?? '').split(', ').map((n) => {
    if (!n.startsWith('IP Address:')) return n;
    return `IP:${normalizeIp(n.slice('IP Address:'.length)) ?? n}`;
  }).join(', ');
}

function readText(path: string): string {
  try { return readFileSync(path, 'utf8'); } catch { return ''; }
}

function reasonOf(result: LabManifest | { reason: string }): string {
  assert.ok('reason' in result, 'expected a reason, got a manifest');
  return result.reason;
}

function labCli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'test/lab/cli.ts'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}
