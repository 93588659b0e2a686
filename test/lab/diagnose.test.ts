// The diagnosis of each real MariaDB lab server, in-process: every cause named, with its evidence,
// for the client settings a user would have written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose, type DiagnoseOptions } from '../../src/engine/diagnose';
import type { FindingCode } from '../../src/engine/model/finding';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { Secret } from '../../src/engine/model/secret';
import { assertNoCanary } from '../helpers/canary';
import { labOrSkip, type LabManifest, type LabServerName } from './manifest';

async function run(lab: LabManifest, server: LabServerName, query: string, o: DiagnoseOptions & { host?: string; user?: string } = {}): Promise<DiagnosisReport> {
  const user = o.user ?? lab.users.plain;
  const url = `mysql://${user}@${o.host ?? '127.0.0.1'}:${lab.servers[server].port}/?${query}`;
  const { connection, problems } = parseConnectionString(url);
  assert.ok(connection, `parse ${url}: ${problems.map((p) => p.message).join('; ')}`);
  return diagnose(connection, { timeoutMs: 4000, auth: false, ...o });
}

function codes(r: DiagnosisReport): FindingCode[] {
  return r.findings.map((f) => f.code);
}

function only(r: DiagnosisReport, code: FindingCode) {
  const f = r.findings.find((x) => x.code === code);
  assert.ok(f, `expected ${code}, got ${codes(r).join(', ') || 'no findings'}`);
  return f;
}

test('healthy server with VERIFY_IDENTITY and its CA: TLS works, chain and versions observed', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'healthy', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`);
  assert.deepEqual(codes(r), ['tls-ok']);
  assert.equal(r.server.tlsSupported, true);
  assert.match(r.server.serverVersion ?? '', /MariaDB/);
  assert.equal(r.server.protocols?.['TLSv1.2'], true);
  assert.equal(r.server.protocols?.['TLSv1.3'], true);
  assert.equal(r.server.protocols?.TLSv1, false);
  assert.ok(r.server.chain?.[0].san.includes('DNS:localhost'));
  assert.equal(r.server.negotiated?.protocol, 'TLSv1.3');
});

test('expired server certificate with VERIFY_CA', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'expired', `ssl-mode=VERIFY_CA&ssl-ca=${lab.files.ca}`);
  const f = only(r, 'cert-expired');
  assert.equal(f.cause, 1);
  assert.ok(Date.parse(String(f.evidence.notAfter)) < Date.now(), 'evidence carries the past notAfter');
  assert.ok(!codes(r).includes('tls-ok'));
});

test('the CA file holds an expired copy of the lab CA: the CA file is named as expired, not the valid server certificate', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'healthy', `ssl-mode=VERIFY_CA&ssl-ca=${lab.files['ca-expired']}`);
  const f = only(r, 'cert-expired');
  assert.equal(f.evidence.from, 'ca-file');
  assert.equal(f.param, 'ca');
  assert.match(f.title, /CA certificate CN=TLS Doctor Lab CA in the CA file expired 2021-01-01/);
  assert.equal(r.findings.filter((x) => x.code === 'cert-expired').length, 1, 'the valid CA copy the server sends is not reported');
  assert.ok(!codes(r).includes('tls-ok'));
});

test('server certificate not yet valid with VERIFY_CA', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const f = only(await run(lab, 'not-yet-valid', `ssl-mode=VERIFY_CA&ssl-ca=${lab.files.ca}`), 'cert-not-yet-valid');
  assert.ok(Date.parse(String(f.evidence.notBefore)) > Date.now());
});

test('expired server certificate with REQUIRED: encrypted but unverified, the warning says verification would fail', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'expired', 'ssl-mode=REQUIRED');
  const f = only(r, 'verification-disabled');
  assert.ok((f.evidence.wouldFail as string[]).some((s) => /expired/.test(s)));
  assert.ok(!codes(r).includes('cert-expired'));
});

test('the client trusts a CA that did not issue the server certificate', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const f = only(await run(lab, 'other-ca', `ssl-mode=VERIFY_CA&ssl-ca=${lab.files.ca}`), 'ca-untrusted');
  assert.equal(f.cause, 2);
  assert.equal(f.param, 'ca');
});

test('server sends no intermediate and the CA file holds only the root', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'no-intermediate', `ssl-mode=VERIFY_CA&ssl-ca=${lab.files['root-only']}`);
  only(r, 'intermediate-missing');
  assert.equal(r.server.chain?.length, 1);
});

test('server sends its intermediate and the client trusts the root: TLS works', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'with-intermediate', `ssl-mode=VERIFY_CA&ssl-ca=${lab.files['root-only']}`);
  assert.deepEqual(codes(r), ['tls-ok']);
  assert.equal(r.server.chain?.length, 2);
});

test('VERIFY_IDENTITY to a host name the certificate does not name', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const f = only(await run(lab, 'wrong-san', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`), 'hostname-mismatch');
  assert.equal(f.cause, 3);
  assert.equal(f.param, 'host');
  assert.deepEqual(f.evidence.names, ['db.example.com']);
  const setHost = f.fixes.find((x) => x.kind === 'set-host');
  assert.ok(setHost && setHost.kind === 'set-host' && setHost.host === 'db.example.com');
  // Preferred only where the name resolves from here (fixes/resolve.ts); a closed network does not.
  assert.equal(setHost.preferred === true, !setHost.unresolved, JSON.stringify(setHost));
  const downgrade = f.fixes.find((x) => x.kind === 'set-ssl-mode');
  assert.ok(downgrade && !downgrade.preferred, 'VERIFY_CA is offered only as a non-preferred fallback');
});

test('IP-only SAN and the client uses localhost: the fix suggests 127.0.0.1', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  // A client that reaches localhost over TCP (Connector/J): the C clients take localhost for the socket.
  const f = only(await run(lab, 'ip-only-san', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`, { host: 'localhost', driver: 'connector-j' }), 'hostname-mismatch');
  assert.ok((f.evidence.suggestions as string[]).includes('127.0.0.1'));
});

test('IP-only SAN reached by its IP with VERIFY_IDENTITY: TLS works', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  assert.deepEqual(codes(await run(lab, 'ip-only-san', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`)), ['tls-ok']);
});

test('client allows TLS 1.2 only, server accepts TLS 1.3 only', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'tls13-only', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}&tls-version=TLSv1.2`);
  const f = only(r, 'tls-version-mismatch');
  assert.equal(f.cause, 4);
  assert.deepEqual(f.evidence.server, ['TLSv1.3']);
  const fix = f.fixes.find((x) => x.kind === 'set-tls-versions');
  assert.ok(fix && fix.kind === 'set-tls-versions' && fix.versions.includes('TLSv1.3') && fix.preferred);
});

test('client allows TLS 1.3 only, server accepts TLS 1.2 only', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const f = only(await run(lab, 'tls12-only', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}&tls-version=TLSv1.3`), 'tls-version-mismatch');
  assert.deepEqual(f.evidence.server, ['TLSv1.2']);
});

test('server accepts only TLS 1.0/1.1: seen despite the local OpenSSL, no version in common, legacy flagged', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'legacy-only', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}`);
  assert.equal(r.server.protocols?.TLSv1, true);
  assert.equal(r.server.protocols?.['TLSv1.1'], true);
  assert.equal(r.server.protocols?.['TLSv1.2'], false);
  const f = only(r, 'tls-version-mismatch');
  assert.ok(f.fixes.some((x) => x.kind === 'server-change' && x.preferred), 'the preferred fix is on the server');
  only(r, 'legacy-tls-enabled');
});

test('the client insists on a cipher the one-cipher server does not accept', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'one-cipher', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${lab.files.ca}&tls-version=TLSv1.2&ssl-cipher=ECDHE-RSA-AES256-GCM-SHA384`);
  const f = only(r, 'cipher-mismatch');
  assert.equal(f.cause, 5);
  assert.deepEqual(r.server.ciphers?.['TLSv1.2'], ['ECDHE-RSA-AES128-GCM-SHA256']);
});

test('client requires TLS from a server with TLS disabled', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'tls-disabled', 'ssl-mode=REQUIRED');
  const f = only(r, 'server-tls-disabled');
  assert.equal(f.cause, 6);
  assert.equal(r.server.tlsSupported, false);
  const disable = f.fixes.find((x) => x.kind === 'set-ssl-mode');
  assert.ok(disable && !disable.preferred && /in clear/.test(disable.title), 'the downgrade is never preferred and says what it gives up');
});

test('PREFERRED against a server with TLS disabled falls back to plaintext', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  only(await run(lab, 'tls-disabled', 'ssl-mode=PREFERRED'), 'plaintext-fallback');
});

test('REQUIRE SSL account with ssl-mode DISABLED: the account requires TLS, not a wrong password', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'healthy', 'ssl-mode=DISABLED', { user: lab.users.requireSsl, password: new Secret(lab.password), auth: true });
  only(r, 'account-requires-tls');
  assertNoCanary(JSON.stringify(r), 'the diagnosis JSON');
});

test('require_secure_transport server with ssl-mode DISABLED', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'secure-transport', 'ssl-mode=DISABLED', { password: new Secret(lab.password), auth: true });
  only(r, 'account-requires-tls');
  assertNoCanary(JSON.stringify(r), 'the diagnosis JSON');
});

test('wrong password to a REQUIRE SSL account is not reported as requiring TLS', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'healthy', 'ssl-mode=DISABLED', { user: lab.users.requireSsl, password: new Secret('not-the-password'), auth: true });
  assert.ok(!codes(r).includes('account-requires-tls'), codes(r).join(', '));
});

for (const [file, code] of [
  ['ca-der', 'file-der-encoded'],
  ['ca-truncated', 'file-truncated'],
  ['key-as-ca', 'file-wrong-kind'],
  ['missing', 'file-missing'],
] as const) {
  test(`CA setting pointing at a bad file (${file}) is named before any network verdict`, async (t) => {
    const lab = labOrSkip(t);
    if (!lab) return;
    const f = only(await run(lab, 'healthy', `ssl-mode=VERIFY_CA&ssl-ca=${lab.files[file]}`), code);
    assert.equal(f.cause, 7);
    assert.equal(f.param, 'ca');
  });
}

test('client key that does not belong to the client certificate', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const q = `ssl-mode=VERIFY_CA&ssl-ca=${lab.files.ca}&ssl-cert=${lab.files['client-cert']}&ssl-key=${lab.files['client-key-mismatched']}`;
  only(await run(lab, 'healthy', q), 'key-cert-mismatch');
});

test('encrypted client key without a passphrase', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const q = `ssl-mode=VERIFY_CA&ssl-ca=${lab.files.ca}&ssl-cert=${lab.files['client-cert']}&ssl-key=${lab.files['client-key-encrypted']}`;
  only(await run(lab, 'healthy', q), 'key-encrypted');
});

test('expired client certificate', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const q = `ssl-mode=VERIFY_CA&ssl-ca=${lab.files.ca}&ssl-cert=${lab.files['client-cert-expired']}&ssl-key=${lab.files['client-key']}`;
  only(await run(lab, 'healthy', q), 'client-cert-expired');
});

async function runString(text: string, o: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  const { connection, problems } = parseConnectionString(text);
  assert.ok(connection, `parse ${text}: ${problems.map((p) => p.message).join('; ')}`);
  return diagnose(connection, { timeoutMs: 4000, auth: false, ...o });
}

test('Prisma URL without sslaccept against an expired server: it accepts invalid certificates, so the warning says so', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await runString(`mysql://${lab.users.plain}@127.0.0.1:${lab.servers.expired.port}/labdb`, { driver: 'prisma' });
  assert.equal(r.target.driver, 'prisma');
  const f = only(r, 'verification-disabled');
  assert.ok((f.evidence.wouldFail as string[]).some((s) => /expired/.test(s)));
  assert.ok(!codes(r).includes('cert-expired'), 'Prisma does not check dates with accept_invalid_certs');
});

test('mysql2 ssl object without verifyIdentity checks no host name on a wrong-SAN server', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const base = `mysql://${lab.users.plain}@127.0.0.1:${lab.servers['wrong-san'].port}/labdb?ssl=`;
  const loose = await runString(base + encodeURIComponent('{"rejectUnauthorized":true}'));
  assert.equal(loose.target.driver, 'mysql2');
  assert.ok(!codes(loose).includes('hostname-mismatch'), codes(loose).join(', '));
  const strict = await runString(base + encodeURIComponent('{"rejectUnauthorized":true,"verifyIdentity":true}'));
  only(strict, 'hostname-mismatch');
});

test('Go DSN without tls= uses no TLS at all, even though the server offers it', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await runString(`${lab.users.plain}@tcp(127.0.0.1:${lab.servers.healthy.port})/labdb`);
  assert.equal(r.target.driver, 'go');
  const f = only(r, 'tls-not-used');
  assert.match(f.title, /does not use TLS/);
  assert.ok(!codes(r).includes('verification-disabled'), 'plaintext is not TLS without verification');
  assert.ok(!codes(r).includes('tls-ok'));
});

test('Go DSN with tls=skip-verify on an other-CA server: encrypted, unverified, the wrong CA noted', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await runString(`${lab.users.plain}@tcp(127.0.0.1:${lab.servers['other-ca'].port})/labdb?tls=skip-verify`);
  const f = only(r, 'verification-disabled');
  assert.ok((f.evidence.wouldFail as string[]).length > 0);
  assert.ok(!codes(r).includes('ca-untrusted'));
});

test('Go DSN with a registered tls=custom config: the trust it holds is not guessed as "no CA"', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await runString(`${lab.users.plain}@tcp(127.0.0.1:${lab.servers.healthy.port})/labdb?tls=custom`);
  assert.ok(!codes(r).includes('ca-not-configured'), codes(r).join(', '));
  const ok = only(r, 'tls-ok');
  assert.equal(ok.evidence.trustChecked, false);
});

test('a client limited to TLS 1.2 against a TLS 1.3-only server: no agreed protocol is claimed', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await run(lab, 'tls13-only', `ssl-mode=REQUIRED&tls-version=TLSv1.2`);
  assert.equal(r.server.negotiated, undefined);
  assert.ok(!codes(r).includes('verification-disabled'), 'no verdict on a chain the client never gets to');
});

test('a cipher name OpenSSL does not know: the list is called invalid, not unsupported by the server', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const f = only(await run(lab, 'healthy', `ssl-mode=REQUIRED&tls-version=TLSv1.2&ssl-cipher=NOPE-CIPHER`), 'cipher-mismatch');
  assert.match(f.title, /no cipher the TLS library knows/);
});
