// The authenticated account checks (mysql2) against the real MariaDB lab: what the server and the
// account require, and whether a refused login is a TLS requirement or a wrong password.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { accountFindings, checkAccount, type AccountCheck, type AccountCheckOptions } from '../../src/engine/checks/account';
import { requireClause } from '../../src/engine/checks/account-facts';
import { loginDecision } from '../../src/engine/checks/credentials';
import { effectiveTls, type EffectiveTls } from '../../src/engine/drivers/effective';
import type { Connection, DriverId, TlsSettings } from '../../src/engine/model/connection';
import { Secret } from '../../src/engine/model/secret';
import { assertNoCanary } from '../helpers/canary';
import { labOrSkip, type LabManifest, type LabServerName } from './manifest';

const NO_TLS_CLIENT = effFor('mysql2', {});
const TLS_CLIENT = effFor('mysql2', { ca: '/ca.pem', verifyIdentity: true });
/** ssl-mode=REQUIRED: TLS without certificate checks, so the login may go to any lab server offering TLS. */
const REQUIRED_CLIENT = effFor('mysql-cli', { mode: 'REQUIRED' });

/** The credentials rule's decision for this client, the probe having seen TLS offered (or not) and working. */
function decide(client: EffectiveTls, offersTls: boolean) {
  return loginDecision(client, { offersTls, clientHandshakeOk: true });
}

function effFor(driver: DriverId, tls: TlsSettings) {
  const c: Connection = { id: 't', label: 't', dialect: 'uri', driver, host: '127.0.0.1', port: 3306, tls, span: { start: 0, end: 0 }, params: {}, problems: [] };
  return effectiveTls(c);
}

async function check(lab: LabManifest, server: LabServerName, user: string, o: Partial<AccountCheckOptions> & { password?: string; client?: EffectiveTls } = {}): Promise<AccountCheck> {
  const serverHasTls = o.serverHasTls ?? server !== 'tls-disabled';
  const result = await checkAccount(
    { host: '127.0.0.1', port: lab.servers[server].port, user, password: new Secret(o.password ?? lab.password) },
    { timeoutMs: 5000, serverHasTls, decision: decide(o.client ?? NO_TLS_CLIENT, serverHasTls), tls: o.tls },
  );
  assertNoCanary(JSON.stringify(result), `account check on ${server} as ${user}`, lab.password);
  return result;
}

test('plain account on the healthy server: logged in over TLS, variables and session read', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await check(lab, 'healthy', lab.users.plain);
  assert.equal(r.loggedIn, true, JSON.stringify(r.error));
  assert.equal(r.overTls, true);
  assert.equal(r.accountRequire, 'NONE');
  assert.equal(r.variables?.have_ssl, 'YES');
  assert.equal(r.variables?.require_secure_transport, 'OFF');
  assert.match(r.variables?.version ?? '', /MariaDB/);
  assert.equal(r.variables?.ssl_ca, lab.servers.healthy.config.ssl_ca);
  assert.match(r.session?.Ssl_version ?? '', /^TLSv1\.[23]$/);
  assert.ok(r.session?.Ssl_cipher);
  assert.equal(r.account, `${lab.users.plain}@127.0.0.1`);
  assert.equal(r.plaintextRefused, undefined, 'a REQUIRE NONE account is accepted in plaintext');
  assert.deepEqual(accountFindings(r, NO_TLS_CLIENT), []);
});

test('REQUIRE SSL account refused in plaintext but accepted over TLS: account-requires-tls for a client without TLS', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await check(lab, 'healthy', lab.users.requireSsl);
  assert.equal(r.loggedIn, true, JSON.stringify(r.error));
  assert.equal(r.accountRequire, 'SSL');
  assert.equal(r.plaintextRefused?.errno, 1045);
  const [f, ...rest] = accountFindings(r, NO_TLS_CLIENT);
  assert.equal(rest.length, 0);
  assert.equal(f.code, 'account-requires-tls');
  assert.equal(f.severity, 'error');
  assert.equal(f.param, 'mode');
  assert.match(f.detail, /REQUIRE SSL/);
  assert.match(f.detail, /not a wrong password/);
  assert.equal(f.fixes[0].kind, 'set-ssl-mode');
  const alter = f.fixes.find((x) => x.kind === 'server-change');
  assert.ok(alter && 'commands' in alter && alter.commands?.[0] === `ALTER USER '${lab.users.requireSsl}'@'127.0.0.1' REQUIRE NONE;`);
});

test('REQUIRE SSL account with a client that uses TLS: no finding and no plaintext attempt', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await check(lab, 'healthy', lab.users.requireSsl, { client: REQUIRED_CLIENT });
  assert.equal(r.loggedIn, true);
  assert.equal(r.accountRequire, 'SSL');
  assert.equal(r.plaintextRefused, undefined);
  assert.deepEqual(accountFindings(r, TLS_CLIENT), []);
  assert.equal(accountFindings(r, effFor('mysql-cli', {})).length, 0, 'PREFERRED uses the TLS the server offers');
});

test('secure-transport server refuses plaintext for any account: account-requires-tls names the server setting', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await check(lab, 'secure-transport', lab.users.plain);
  assert.equal(r.loggedIn, true, JSON.stringify(r.error));
  assert.equal(r.variables?.require_secure_transport, 'ON');
  assert.equal(r.accountRequire, 'NONE');
  assert.equal(r.plaintextRefused?.errno, 1045);
  const findings = accountFindings(r, effFor('go', {}));
  assert.equal(findings.length, 1);
  assert.match(findings[0].title, /server requires TLS/);
  assert.match(findings[0].detail, /require_secure_transport=ON/);
  assert.ok(findings[0].fixes.some((x) => x.kind === 'server-change' && x.commands?.includes('SET GLOBAL require_secure_transport = OFF;')));
  assert.deepEqual(accountFindings(r, TLS_CLIENT), []);
});

test('wrong password is not account-requires-tls: 1045 over TLS and in plaintext', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const wrong = `wrong-${lab.password}`;
  const overTls = await check(lab, 'healthy', lab.users.requireSsl, { password: wrong });
  assert.equal(overTls.loggedIn, false);
  assert.equal(overTls.error?.errno, 1045);
  assert.equal(overTls.plaintextRefused, undefined);
  const plain = await check(lab, 'healthy', lab.users.plain, { password: wrong, serverHasTls: false });
  assert.equal(plain.loggedIn, false);
  assert.equal(plain.error?.errno, 1045);
  // Refused over TLS: login-refused (an error, never "no errors"), not account-requires-tls.
  const [f, ...rest] = accountFindings(overTls, NO_TLS_CLIENT);
  assert.equal(rest.length, 0);
  assert.equal(f.code, 'login-refused');
  assert.equal(f.severity, 'error');
  assert.match(f.title, /1045/);
  assert.match(f.detail, /wrong password/);
  // In plaintext against a server offering no TLS, a wrong password cannot be told from an unmet
  // REQUIRE SSL: account-requires-tls says "may" and names the wrong password too.
  const [g] = accountFindings(plain, NO_TLS_CLIENT);
  assert.equal(g.code, 'account-requires-tls');
  assert.match(g.title, /may require TLS, and the server offers no TLS/);
  assert.match(g.detail, /wrong password/);
  assertNoCanary(JSON.stringify([f, g]), 'wrong-password findings', wrong);
  assertNoCanary(JSON.stringify([f, g]), 'wrong-password findings', lab.password);
  assertNoCanary(JSON.stringify([overTls, plain]), 'wrong-password results', wrong);
});

test('tls-disabled server: logged in in plaintext, have_ssl DISABLED', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await check(lab, 'tls-disabled', lab.users.plain);
  assert.equal(r.loggedIn, true, JSON.stringify(r.error));
  assert.equal(r.overTls, false);
  assert.equal(r.variables?.have_ssl, 'DISABLED');
  assert.equal(r.session?.Ssl_version, undefined);
});

test('REQUIRE X509 account: refused without a client certificate, accepted with the lab one', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const without = await check(lab, 'healthy', lab.users.requireX509, { client: REQUIRED_CLIENT });
  assert.equal(without.loggedIn, false);
  assert.equal(without.error?.errno, 1045);
  const tls = { cert: readFileSync(lab.files['client-cert']), key: readFileSync(lab.files['client-key']) };
  const withCert = await check(lab, 'healthy', lab.users.requireX509, { client: REQUIRED_CLIENT, tls });
  assert.equal(withCert.loggedIn, true, JSON.stringify(withCert.error));
  assert.equal(withCert.accountRequire, 'X509');
});

test('legacy-only server (TLS 1.0/1.1) still lets the account check in to read facts', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await check(lab, 'legacy-only', lab.users.plain, { client: REQUIRED_CLIENT });
  assert.equal(r.loggedIn, true, JSON.stringify(r.error));
  assert.match(r.session?.Ssl_version ?? '', /^TLSv1(\.1)?$/);
  assert.equal(r.variables?.tls_version, 'TLSv1.0,TLSv1.1');
});

test('the password never appears in a returned field, even when the server echoes it as the user name', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await check(lab, 'healthy', lab.password);
  assert.equal(r.loggedIn, false);
  assert.equal(r.error?.errno, 1045);
  assert.match(r.error?.message ?? '', /Access denied for user '\*\*\*\*'/);
});

test('a database the account cannot open does not hide the TLS facts', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await checkAccount(
    { host: '127.0.0.1', port: lab.servers.healthy.port, user: lab.users.plain, password: new Secret(lab.password), database: 'no_such_db' },
    { timeoutMs: 5000, serverHasTls: true, decision: decide(REQUIRED_CLIENT, true) },
  );
  assert.equal(r.loggedIn, true, JSON.stringify(r.error));
  assert.equal(r.variables?.have_ssl, 'YES');
});

/** A TCP server that accepts and never says a word: the MySQL greeting never comes. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

test('a server that never greets: the check gives up after timeoutMs and closes the socket', async () => {
  const stall = await silentServer();
  try {
    const r = await checkAccount(
      { host: '127.0.0.1', port: stall.port, user: 'u', password: new Secret('stall-secret') },
      { timeoutMs: 300, serverHasTls: false, decision: decide(NO_TLS_CLIENT, false) },
    );
    assert.equal(r.loggedIn, false);
    assert.ok(r.error, 'an error is reported');
    assert.ok(r.error.code === 'TIMEOUT' || r.error.code === 'ETIMEDOUT', `code ${r.error.code}: ${r.error.message}`);
    assert.ok(!JSON.stringify(r).includes('stall-secret'));
  } finally {
    await stall.close();
  }
});

test('a cancelled diagnosis stops the account check', async () => {
  const stall = await silentServer();
  try {
    const ac = new AbortController();
    const pending = checkAccount(
      { host: '127.0.0.1', port: stall.port, user: 'u', password: new Secret('x-secret') },
      { timeoutMs: 60_000, serverHasTls: false, decision: decide(NO_TLS_CLIENT, false), signal: ac.signal },
    );
    setTimeout(() => ac.abort(), 50);
    const r = await pending;
    assert.equal(r.loggedIn, false);
    assert.equal(r.error?.message, 'cancelled');
  } finally {
    await stall.close();
  }
});

test('a refused port is reported as an error, not thrown', async () => {
  const stall = await silentServer();
  const port = stall.port;
  await stall.close();
  const r = await checkAccount({ host: '127.0.0.1', port, user: 'u', password: new Secret('p-secret') }, { timeoutMs: 2000, serverHasTls: false, decision: decide(NO_TLS_CLIENT, false) });
  assert.equal(r.loggedIn, false);
  assert.equal(r.error?.code, 'ECONNREFUSED');
});

test('REQUIRE clause is read from SHOW CREATE USER without the password hash', () => {
  assert.equal(requireClause("CREATE USER `a`@`%` IDENTIFIED BY PASSWORD '*REQUIRE X509 fake' REQUIRE SSL"), 'SSL');
  assert.equal(requireClause("CREATE USER `a`@`%` IDENTIFIED BY PASSWORD '*ABC' REQUIRE SUBJECT '/CN=app' AND ISSUER '/CN=ca' WITH MAX_QUERIES_PER_HOUR 1"), "SUBJECT '/CN=app' AND ISSUER '/CN=ca'");
  assert.equal(requireClause("CREATE USER `u`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '$A$005$REQUIRE' REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK"), 'NONE');
  assert.equal(requireClause("CREATE USER `a`@`%` IDENTIFIED BY PASSWORD '*ABC'"), undefined);
  assert.equal(requireClause("GRANT USAGE ON *.* TO `x`@`h` IDENTIFIED BY PASSWORD 'it''s \\' REQUIRE SSL' REQUIRE X509"), 'X509');
  assert.equal(requireClause("'unterminated REQUIRE SSL"), undefined);
  assert.equal(requireClause(''), undefined);
});
