import type { EffectiveTls } from '../drivers/types';
import { finding, type Finding, type Fix } from '../model/finding';
import type { AccountCheck } from './account-facts';
import { ENABLE_TLS_ON_SERVER } from './transport';

/**
 * `account-requires-tls` when the account (REQUIRE SSL/X509/…) or the server
 * (require_secure_transport) demands TLS and this client will not use it. The server then
 * answers with 1045 "Access denied" (MariaDB) or 3159 (MySQL 8), which looks like a wrong password.
 */
export function accountFindings(check: AccountCheck, eff: EffectiveTls): Finding[] {
  if (check.notChecked) return [notChecked(check.notChecked, eff)];
  if (!check.loggedIn) return refusedLogin(check, eff);
  const reasons = requireReasons(check);
  if (reasons.length === 0 || eff.useTls !== 'never') return [];
  const refused = check.plaintextRefused;
  return [
    finding(
      'account-requires-tls',
      `The ${subject(check)} requires TLS, but this client does not use it`,
      [
        `${reasons.join('; ')}.`,
        refused
          ? `A plaintext login was refused with error ${refused.errno} ("${refused.message}") while the same login over TLS works: it is not a wrong password.`
          : 'A plaintext login is refused with error 1045 "Access denied" on MariaDB (3159 on MySQL 8 for require_secure_transport), which looks like a wrong password but is not.',
        `This client's effective mode is ${eff.mode}${eff.notes.length ? ` (${eff.notes[0]})` : ''}.`,
        `Turn TLS on in the client: ${eff.secureSetting}`,
      ].join('\n'),
      evidence(check, eff),
      fixes(check),
      'mode',
    ),
  ];
}

/** The credentials rule kept the password back: say so, so that no one reads silence as "the account is fine". */
function notChecked(reason: string, eff: EffectiveTls): Finding {
  return finding(
    'account-not-checked',
    'The account was not checked: the password was not sent to this server',
    [
      `No login was attempted: ${reason}.`,
      'This tool sends a password only where the connection\'s own client would: over TLS to a server that client\'s checks accept, in plaintext only where the client itself uses no TLS.',
      `The account's REQUIRE clause and the server's TLS variables were therefore not read. Once the findings above are fixed (or the client's settings accept this server), the next diagnosis logs in and checks the account. This client's effective mode is ${eff.mode}.`,
    ].join('\n'),
    { reason, clientMode: eff.mode, useTls: eff.useTls, verifyChain: eff.verifyChain, verifyHostname: eff.verifyHostname },
  );
}

function requireReasons(check: AccountCheck): string[] {
  const out: string[] = [];
  const req = check.accountRequire?.trim();
  if (req && req.toUpperCase() !== 'NONE') out.push(`the account has REQUIRE ${req}`);
  if (isOn(check.variables?.require_secure_transport)) out.push('the server has require_secure_transport=ON');
  if (out.length === 0 && check.plaintextRefused) out.push('the server refuses this account in plaintext');
  return out;
}

function isOn(v: string | undefined): boolean {
  return v !== undefined && (v.toUpperCase() === 'ON' || v === '1');
}

function subject(check: AccountCheck): string {
  const req = check.accountRequire?.trim().toUpperCase();
  return req && req !== 'NONE' ? 'account' : 'server';
}

function evidence(check: AccountCheck, eff: EffectiveTls): Record<string, unknown> {
  const e: Record<string, unknown> = { clientMode: eff.mode, useTls: eff.useTls };
  if (check.accountRequire) e.accountRequire = check.accountRequire;
  if (check.variables?.require_secure_transport) e.requireSecureTransport = check.variables.require_secure_transport;
  if (check.plaintextRefused) e.plaintextRefused = check.plaintextRefused;
  if (check.account) e.account = check.account;
  return e;
}

function fixes(check: AccountCheck): Fix[] {
  const out: Fix[] = [
    { kind: 'set-ssl-mode', title: 'Use TLS and verify the server (VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true },
    { kind: 'set-ssl-mode', title: 'Use TLS (REQUIRED)', mode: 'REQUIRED' },
  ];
  const req = check.accountRequire?.trim().toUpperCase();
  if (req && req !== 'NONE') {
    out.push({
      kind: 'server-change',
      title: 'Drop the account\'s TLS requirement (not recommended: gives up encryption)',
      commands: [`ALTER USER ${quotedAccount(check.account)} REQUIRE NONE;`],
    });
  }
  if (isOn(check.variables?.require_secure_transport)) {
    out.push({
      kind: 'server-change',
      title: 'Allow plaintext on the server (not recommended)',
      commands: ['SET GLOBAL require_secure_transport = OFF;'],
    });
  }
  return out;
}

/** `user@host` from CURRENT_USER() as `'user'@'host'`; placeholders when unknown. */
export function quotedAccount(account: string | undefined): string {
  if (!account) return "'user'@'host'";
  const at = account.lastIndexOf('@');
  const user = at < 0 ? account : account.slice(0, at);
  const host = at < 0 ? '%' : account.slice(at + 1);
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `${q(user)}@${q(host)}`;
}

/**
 * The account check's own login was refused: the client, with the same user and password, will be
 * refused too, so this is an error, never "no errors". The REQUIRE clause cannot be read without
 * logging in, so the likely reasons are listed, not asserted. A failure without a server error
 * number (timeout, socket, handshake) is not a refusal: the transport checks report it.
 */
/**
 * The login started and never finished: the server (or something in front of it) hung up or went
 * silent after the TLS handshake. The handshake alone is no proof the client can connect.
 */
function loginIncomplete(check: AccountCheck, eff: EffectiveTls): Finding {
  const err = check.error!;
  const a = check.attempt;
  const stalled = err.code === 'TIMEOUT' || err.code === 'ETIMEDOUT';
  const where = a?.overTls ? 'after the TLS handshake' : 'during the login';
  const what = stalled ? `the server stopped answering ${where}` : `the server closed the connection ${where}`;
  return finding(
    'login-refused',
    `The login cannot complete: ${what}`,
    [
      `Logging in as ${check.user ?? 'the user'} ${a?.overTls ? 'over TLS' : 'in plaintext'}, ${what} (${oneLine(err.message)}).`,
      a?.overTls ? 'The TLS handshake itself works; what breaks comes after it, so this client cannot connect either.' : '',
      "Look at the server's error log for this connection, at max_connections and the connection limits of the account, and at any proxy or load balancer in front of the server (one that ends TLS itself, or drops connections it cannot route).",
    ].filter((l) => l !== '').join('\n'),
    { code: err.code, message: oneLine(err.message), clientMode: eff.mode, useTls: eff.useTls, ...(a ? { attempt: a } : {}) },
    [{ kind: 'manual', title: "Read the server's error log for this connection and check any proxy in front of it", preferred: true }],
    'host',
  );
}

function refusedLogin(check: AccountCheck, eff: EffectiveTls): Finding[] {
  const err = check.error;
  if (!err) return [];
  if (err.errno === undefined) return [loginIncomplete(check, eff)];
  const a = check.attempt;
  const quoted = `error ${err.errno} "${oneLine(err.message)}"`;
  const e: Record<string, unknown> = { errno: err.errno, message: oneLine(err.message), clientMode: eff.mode, useTls: eff.useTls };
  if (err.code) e.code = err.code;
  if (a) e.attempt = a;
  if (a && !a.serverHasTls && err.errno === 1045) return [noTlsServer(check, eff, quoted, e)];
  return [loginRefused(check, eff, quoted, e)];
}

/** 1045 from a server without TLS: plaintext is refused, and TLS is impossible. */
function noTlsServer(check: AccountCheck, eff: EffectiveTls, quoted: string, e: Record<string, unknown>): Finding {
  const account = accountPattern(check.user);
  return finding(
    'account-requires-tls',
    `The server refused the login (${quoted}): the account may require TLS, and the server offers no TLS`,
    [
      'The server offers no TLS, so every login is in plaintext. An account with REQUIRE SSL, X509, SUBJECT or ISSUER is then refused with error 1045 "Access denied" even with the right password: it can never log in to this server.',
      'The same error also means a wrong password or an account not allowed from this host; this tool cannot read the REQUIRE clause without logging in.',
      `What to check, as an administrator: SHOW CREATE USER ${account}; (look for REQUIRE) and SELECT user, host FROM mysql.user WHERE user = ${quote(check.user ?? 'user')};`,
      'If the account requires TLS: enable TLS on the server (ssl_cert, ssl_key, ssl_ca in the [mysqld] section, then restart), or drop the requirement.',
      `This client's effective mode is ${eff.mode}.`,
    ].join('\n'),
    e,
    [
      { ...ENABLE_TLS_ON_SERVER, title: 'Enable TLS on the server (the account\'s requirement can then be met)' },
      { kind: 'server-change', title: 'Check the account\'s REQUIRE clause and allowed hosts', commands: [`SHOW CREATE USER ${account};`, `SELECT user, host FROM mysql.user WHERE user = ${quote(check.user ?? 'user')};`] },
      { kind: 'server-change', title: 'Drop the account\'s TLS requirement (not recommended: gives up encryption)', commands: [`ALTER USER ${account} REQUIRE NONE;`] },
    ],
  );
}

/** Any other refusal: wrong password, REQUIRE X509 without a client certificate, host not allowed... */
function loginRefused(check: AccountCheck, eff: EffectiveTls, quoted: string, e: Record<string, unknown>): Finding {
  const a = check.attempt;
  const errno = check.error?.errno;
  const account = accountPattern(check.user);
  const noCert = a?.overTls === true && !a.clientCert;
  const reasons: string[] = [];
  if (errno === 1130) reasons.push('the account is not allowed to connect from this host (no user@host entry matches the client\'s address)');
  if (errno === 3159) reasons.push('the server requires secure transport and this login was in plaintext');
  reasons.push('a wrong password (MariaDB and MySQL answer 1045 "Access denied" to a wrong password and to an unmet REQUIRE clause alike)');
  if (noCert) reasons.push('the account may require X509 (REQUIRE X509, SUBJECT or ISSUER): it then needs a client certificate and key (ssl-cert, ssl-key), and this login over TLS had none');
  if (a?.overTls && a.clientCert) reasons.push('the account may require a SUBJECT or ISSUER that the client certificate given does not match');
  if (a && !a.overTls) reasons.push('the account may require TLS (REQUIRE SSL or X509), and this login was in plaintext');
  if (a?.overTls && eff.useTls === 'never') reasons.push(`the account may require TLS (REQUIRE SSL), and this client does not use TLS (mode ${eff.mode})`);
  if (errno !== 1130) reasons.push('the account is not allowed from this host (the user@host entries do not match the client\'s address)');
  const fixes: Fix[] = [];
  if (noCert) fixes.push({ kind: 'manual', title: 'If the account requires X509: give the client certificate and key (ssl-cert, ssl-key)', preferred: true });
  fixes.push({ kind: 'manual', title: 'Check the password (the account check used the same one as this client)' });
  fixes.push({ kind: 'server-change', title: 'Check the account\'s REQUIRE clause and allowed hosts', commands: [`SHOW CREATE USER ${account};`, `SELECT user, host FROM mysql.user WHERE user = ${quote(check.user ?? 'user')};`] });
  if (eff.useTls === 'never') fixes.push({ kind: 'set-ssl-mode', title: 'If the account requires TLS: use TLS and verify the server (VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY' });
  return finding(
    'login-refused',
    `The server refused the login: ${quoted}${noCert && errno === 1045 ? ' (wrong password, or the account may require X509 and no client certificate was given)' : ''}`,
    [
      `The account check tried this user and password${a ? (a.overTls ? ` over TLS ${a.clientCert ? 'with' : 'without'} a client certificate` : ' in plaintext') : ''} and the server refused the login: this client will be refused too, whatever its TLS settings.`,
      'Likely reasons (the REQUIRE clause cannot be read without logging in):',
      ...reasons.map((r) => `- ${r}`),
      `What to check: the password; whether the connection gives ssl-cert and ssl-key; and, as an administrator, SHOW CREATE USER ${account}; (look for REQUIRE) and SELECT user, host FROM mysql.user WHERE user = ${quote(check.user ?? 'user')};`,
    ].join('\n'),
    e,
    fixes,
    noCert ? 'cert' : undefined,
  );
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The account as `'user'@'host'` for SHOW CREATE USER; the host is not known before a login. */
function accountPattern(user: string | undefined): string {
  return `${quote(user ?? 'user')}@'host'`;
}
