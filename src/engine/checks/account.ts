import type { Secret } from '../model/secret';
import { readAccountRequire, type AccountCheck, readCurrentUser, readSessionTls, readVariables } from './account-facts';
import { HOST_NAME_REFUSED, login, type AccountTarget, type LoginError, type LoginResult, type LoginTls, type Session } from './account-login';
import type { LoginDecision } from './credentials';

export { accountFindings } from './account-findings';
export type { AccountCheck } from './account-facts';

export interface AccountCheckOptions {
  timeoutMs: number;
  serverHasTls: boolean;
  /** Whether and how to log in (credentials.ts loginDecision): the only place that decides. */
  decision: LoginDecision;
  tls?: LoginTls;
  signal?: AbortSignal;
  log?: (l: string) => void;
}

/**
 * Logs in with mysql2, over the channel the credentials rule decided (never elsewhere), to read
 * the server's TLS variables, this session's TLS and the account's REQUIRE clause; when the
 * client itself would not use TLS, also tries plaintext to see whether the server refuses it.
 * Bounded by timeoutMs; every connection is closed; nothing throws.
 */
export async function checkAccount(
  target: { host: string; port: number; user: string; password: Secret; database?: string },
  o: AccountCheckOptions,
): Promise<AccountCheck> {
  const deadline = Date.now() + Math.max(1, o.timeoutMs);
  const log = o.log ?? (() => undefined);
  const t: AccountTarget = { ...target };
  if (!o.decision.attempt) {
    log(`account check: not logging in as ${t.user}: ${o.decision.reason}`);
    return { loggedIn: false, user: t.user, notChecked: o.decision.reason };
  }
  let result: AccountCheck;
  try {
    result = await examine(t, o, deadline, log);
  } catch (e) {
    result = { loggedIn: false, error: { message: `account check failed: ${(e as Error)?.message ?? String(e)}` } };
  }
  return scrubbed(result, target.password);
}

async function examine(t: AccountTarget, o: AccountCheckOptions, deadline: number, log: (l: string) => void): Promise<AccountCheck> {
  const d = o.decision;
  if (!d.attempt) return { loggedIn: false, user: t.user, notChecked: d.reason };
  const attempt = (channel: 'tls' | 'plaintext') => {
    const how = channel === 'plaintext' ? 'in plaintext' : d.channel === 'verified-tls' ? 'over TLS, checking the server as this client does' : 'over TLS';
    log(`account check: logging in as ${t.user} ${how}`);
    return login(t, { channel, verify: d.channel === 'plaintext' ? undefined : d.verify, tls: o.tls, deadline, signal: o.signal });
  };
  const overTls = d.channel !== 'plaintext';
  const mayPlaintext = d.channel === 'plaintext' || d.thenPlaintext;
  let first = await attempt(overTls ? 'tls' : 'plaintext');
  let triedPlaintext = !overTls;
  // Only a client that goes without TLS itself may have its password sent in plaintext.
  if ('error' in first && overTls && mayPlaintext && isTransportFailure(first.error)) {
    log(`account check: TLS login failed (${first.error.message}); this client uses no TLS, trying plaintext`);
    first = await attempt('plaintext');
    triedPlaintext = true;
  }
  if ('error' in first && overTls && !triedPlaintext && isTlsRefusal(first.error)) {
    // The login's own TLS check stopped it before any auth data: the account is not checked.
    return { loggedIn: false, user: t.user, notChecked: `the login's TLS check refused the server (${first.error.message}), so nothing of the login was sent` };
  }
  if ('error' in first) {
    return {
      loggedIn: false,
      error: first.error,
      user: t.user,
      attempt: { serverHasTls: o.serverHasTls, overTls: !triedPlaintext, clientCert: Boolean(o.tls?.cert && o.tls.key) },
    };
  }
  const check = await readFacts(first.session, overTls && !triedPlaintext);
  if (mayPlaintext && check.overTls) {
    check.plaintextRefused = refusal(await attempt('plaintext'));
    if (!check.plaintextRefused) delete check.plaintextRefused;
  }
  return check;
}

async function readFacts(s: Session, triedTls: boolean): Promise<AccountCheck> {
  try {
    const check: AccountCheck = { loggedIn: true };
    const variables = await readVariables(s);
    if (variables) check.variables = variables;
    const session = await readSessionTls(s);
    if (session) check.session = session;
    check.overTls = session ? Boolean(session.Ssl_version) : triedTls;
    const account = await readCurrentUser(s);
    if (account) check.account = account;
    const require = await readAccountRequire(s);
    if (require) check.accountRequire = require;
    return check;
  } finally {
    s.close();
  }
}

/** The server's refusal of a plaintext login, if it refused; a success is closed at once. */
function refusal(r: LoginResult): AccountCheck['plaintextRefused'] {
  if ('session' in r) {
    r.session.close();
    return undefined;
  }
  if (r.error.errno === undefined) return undefined;
  return { errno: r.error.errno, message: r.error.message };
}

/** mysql2 stopped at TLS: the server offered none, or its certificate failed the check (chain, or the host-name gate). */
function isTlsRefusal(e: LoginError): boolean {
  return e.code === 'HANDSHAKE_SSL_ERROR' || e.code === 'HANDSHAKE_NO_SSL_SUPPORT' || e.code === HOST_NAME_REFUSED;
}

/** No server error number: the TLS handshake or the socket failed, not the login. */
function isTransportFailure(e: LoginError): boolean {
  return e.errno === undefined && e.code !== 'TIMEOUT';
}

/** Removes the revealed password (and its URL-encoded form) from every string in the result. */
function scrubbed(check: AccountCheck, password: Secret): AccountCheck {
  const pw = password.reveal();
  if (pw.length === 0) return check;
  const forms = [...new Set([pw, encodeURIComponent(pw)])];
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return forms.reduce((s, f) => s.split(f).join('****'), v);
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  return clean(check) as AccountCheck;
}
