// A login the server refuses must never be reported as "no errors": the whole diagnosis, through
// diagnose(), against the real MariaDB lab, with the password known as a user would give it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import type { FindingCode } from '../../src/engine/model/finding';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { Secret } from '../../src/engine/model/secret';
import { assertNoCanary } from '../helpers/canary';
import { labOrSkip, type LabManifest, type LabServerName } from './manifest';

async function run(lab: LabManifest, server: LabServerName, user: string, query: string, password = lab.password): Promise<DiagnosisReport> {
  const url = `mysql://${user}@127.0.0.1:${lab.servers[server].port}/?${query}`;
  const { connection, problems } = parseConnectionString(url);
  assert.ok(connection, `parse ${url}: ${problems.map((p) => p.message).join('; ')}`);
  const report = await diagnose(connection, { timeoutMs: 5000, password: new Secret(password) });
  assertNoCanary(JSON.stringify(report), `diagnosis of ${server} as ${user}`, lab.password);
  assertNoCanary(JSON.stringify(report), `diagnosis of ${server} as ${user}`, password);
  return report;
}

function codes(r: DiagnosisReport): FindingCode[] {
  return r.findings.map((f) => f.code);
}

test('REQUIRE X509 user with VERIFY_IDENTITY and the CA but no client certificate: login-refused, not tls-ok', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'healthy', lab.users.requireX509, `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`);
  assert.ok(!codes(r).includes('tls-ok'), `got ${codes(r).join(', ')}`);
  const f = r.findings.find((x) => x.code === 'login-refused');
  assert.ok(f, `expected login-refused, got ${codes(r).join(', ')}`);
  assert.equal(f.severity, 'error');
  assert.match(f.title, /error 1045 "Access denied for user 'tls_require_x509'/);
  assert.match(f.title, /may require X509/);
  assert.match(f.detail, /wrong password/);
  assert.match(f.detail, /REQUIRE X509, SUBJECT or ISSUER/);
  assert.match(f.detail, /ssl-cert, ssl-key/);
  assert.match(f.detail, /not allowed from this host/);
  assert.equal(f.param, 'cert');
  assert.ok(f.fixes.some((x) => x.kind === 'server-change' && x.commands?.some((c) => c.startsWith("SHOW CREATE USER 'tls_require_x509'"))));
});

test('REQUIRE X509 user who gives the lab client certificate and key: tls-ok, no login finding', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const q = `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}&ssl-cert=${lab.files['client-cert']}&ssl-key=${lab.files['client-key']}`;
  const r = await run(lab, 'healthy', lab.users.requireX509, q);
  assert.deepEqual(codes(r), ['tls-ok']);
});

test('REQUIRE SSL user on a server without TLS, client DISABLED: account-requires-tls because the server offers no TLS', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'tls-disabled', lab.users.requireSsl, 'ssl-mode=DISABLED');
  const f = r.findings.find((x) => x.code === 'account-requires-tls');
  assert.ok(f, `expected account-requires-tls, got ${codes(r).join(', ') || 'no findings'}`);
  assert.equal(f.severity, 'error');
  assert.match(f.title, /1045/);
  assert.match(f.title, /the server offers no TLS/);
  assert.match(f.detail, /wrong password/);
  assert.ok(f.fixes.some((x) => x.kind === 'server-change' && x.commands?.some((c) => c.startsWith('ssl_cert'))));
  assert.ok(!codes(r).includes('tls-ok'));
});

test('plain user on a server without TLS, client DISABLED, right password: no login finding', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'tls-disabled', lab.users.plain, 'ssl-mode=DISABLED');
  assert.ok(!codes(r).includes('login-refused') && !codes(r).includes('account-requires-tls'), `got ${codes(r).join(', ')}`);
});

test('wrong password with VERIFY_IDENTITY on a healthy server: login-refused, not tls-ok', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'healthy', lab.users.plain, `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`, `wrong-${lab.password}`);
  assert.ok(!codes(r).includes('tls-ok'), `got ${codes(r).join(', ')}`);
  const f = r.findings.find((x) => x.code === 'login-refused');
  assert.ok(f, `expected login-refused, got ${codes(r).join(', ')}`);
  assert.match(f.title, /error 1045 "Access denied for user 'tls_plain'/);
  assert.match(f.detail, /wrong password/);
});

test('right password with VERIFY_IDENTITY on a healthy server: still just tls-ok', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  assert.deepEqual(codes(await run(lab, 'healthy', lab.users.plain, `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`)), ['tls-ok']);
});

// Where the client would refuse the server, the account check no longer logs in (it used to, over
// TLS accepting any certificate): the report says the account was not checked, and reads nothing.
const REFUSED: [LabServerName, string, FindingCode][] = [
  ['other-ca', 'ssl-mode=VERIFY_CA', 'ca-untrusted'],
  ['expired', 'ssl-mode=VERIFY_CA', 'cert-expired'],
  ['wrong-san', 'ssl-mode=VERIFY_IDENTITY', 'hostname-mismatch'],
  ['tls-disabled', 'ssl-mode=REQUIRED', 'server-tls-disabled'],
];
for (const [server, mode, cause] of REFUSED) {
  test(`${server} with ${mode}, right password: ${cause}, and account-not-checked (no login, nothing read)`, async (t) => {
    const lab = labOrSkip(t);
    if (!lab) return;
    const r = await run(lab, server, lab.users.requireSsl, `${mode}&ssl-ca=${lab.files.ca}`);
    assert.ok(codes(r).includes(cause), codes(r).join(', '));
    assert.ok(codes(r).includes('account-not-checked'), codes(r).join(', '));
    assert.ok(!codes(r).includes('login-refused'));
    assert.equal(r.server.variables, undefined, 'no login, so no server variables');
    assert.equal(r.server.accountRequire, undefined);
  });
}

test('other-ca with ssl-mode=REQUIRED (no certificate check): the client would log in, so the account check does', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'other-ca', lab.users.requireSsl, 'ssl-mode=REQUIRED');
  assert.ok(!codes(r).includes('account-not-checked'), codes(r).join(', '));
  assert.equal(r.server.accountRequire, 'SSL');
  assert.equal(r.server.variables?.have_ssl, 'YES');
});
