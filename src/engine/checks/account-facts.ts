import type { Session } from './account-login';

/** What an authenticated look at the server showed. Never holds the password. */
export interface AccountCheck {
  loggedIn: boolean;
  overTls?: boolean;
  /** have_ssl, have_openssl, tls_version, ssl_cipher, ssl_ca, ssl_cert, ssl_key, version_ssl_library, require_secure_transport, version */
  variables?: Record<string, string>;
  session?: { Ssl_version?: string; Ssl_cipher?: string; Ssl_server_not_before?: string; Ssl_server_not_after?: string };
  /** 'NONE' | 'SSL' | 'X509' | 'SUBJECT ...' | 'ISSUER ...' | 'CIPHER ...' from SHOW CREATE USER / SHOW GRANTS. */
  accountRequire?: string;
  /** Extra (G): the account the server matched, `user@host` as CURRENT_USER() gives it (for ALTER USER). */
  account?: string;
  /** A plaintext login was refused while a TLS login works: account-requires-tls, not a wrong password. */
  plaintextRefused?: { errno: number; message: string };
  error?: { errno?: number; code?: string; message: string };
  /** The user name the check logged in as (to name the account in advice). */
  user?: string;
  /** How the refused login was attempted (set when loggedIn is false). */
  attempt?: { serverHasTls: boolean; overTls: boolean; clientCert: boolean };
  /** No login was attempted: the credentials rule's reason (this client would not send its password there). */
  notChecked?: string;
}

export const VARIABLE_NAMES = [
  'have_ssl', 'have_openssl', 'tls_version', 'ssl_cipher', 'ssl_ca', 'ssl_cert', 'ssl_key',
  'version_ssl_library', 'require_secure_transport', 'version',
] as const;

const STATUS_NAMES = ['Ssl_version', 'Ssl_cipher', 'Ssl_server_not_before', 'Ssl_server_not_after'] as const;

export type SessionTls = Partial<Record<(typeof STATUS_NAMES)[number], string>>;

const inList = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/** Server-wide TLS variables (names fixed above; values as the server prints them). */
export async function readVariables(s: Session): Promise<Record<string, string> | undefined> {
  const rows = await s.query(`SHOW GLOBAL VARIABLES WHERE Variable_name IN (${inList(VARIABLE_NAMES)})`);
  return rows ? nameValue(rows) : undefined;
}

/** The TLS facts of this very session; values empty on a plaintext session. */
export async function readSessionTls(s: Session): Promise<SessionTls | undefined> {
  const rows = await s.query(`SHOW SESSION STATUS WHERE Variable_name IN (${inList(STATUS_NAMES)})`);
  if (!rows) return undefined;
  const all = nameValue(rows);
  const out: SessionTls = {};
  for (const n of STATUS_NAMES) if (all[n]) out[n] = all[n];
  return out;
}

/** The account as the server matched it: `user@host`. */
export async function readCurrentUser(s: Session): Promise<string | undefined> {
  const rows = await s.query('SELECT CURRENT_USER() AS u');
  const u = rows?.[0]?.u;
  return typeof u === 'string' ? u : undefined;
}

/** The account's REQUIRE clause (`NONE` when there is none), from SHOW CREATE USER or SHOW GRANTS. */
export async function readAccountRequire(s: Session): Promise<string | undefined> {
  const created = await s.query('SHOW CREATE USER CURRENT_USER()');
  const statements = created ?? (await s.query('SHOW GRANTS'));
  if (!statements) return undefined;
  for (const row of statements) {
    for (const v of Object.values(row)) {
      const clause = typeof v === 'string' ? requireClause(v) : undefined;
      if (clause) return clause;
    }
  }
  return 'NONE';
}

function nameValue(rows: Record<string, unknown>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const name = r.Variable_name;
    if (typeof name === 'string') out[name] = r.Value == null ? '' : String(r.Value);
  }
  return out;
}

const STOP_WORDS = new Set(['PASSWORD', 'ACCOUNT', 'WITH', 'FAILED_LOGIN_ATTEMPTS', 'PASSWORD_LOCK_TIME', 'ATTRIBUTE', 'COMMENT', 'DEFAULT']);

/**
 * The words after REQUIRE in a CREATE USER / GRANT statement, up to the next clause. Quoted
 * strings are skipped as units, so a password hash can never be mistaken for a keyword, and
 * nothing but the REQUIRE clause is returned.
 */
export function requireClause(statement: string): string | undefined {
  const tokens = tokenize(statement);
  const at = tokens.findIndex((t) => t.toUpperCase() === 'REQUIRE');
  if (at < 0) return undefined;
  const out: string[] = [];
  for (const t of tokens.slice(at + 1)) {
    if (STOP_WORDS.has(t.toUpperCase())) break;
    out.push(t);
  }
  return out.length > 0 ? out.join(' ') : undefined;
}

/** Splits into bare words and whole quoted strings ('…', `…`, "…"); one linear pass. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === "'" || c === '`' || c === '"') {
      const end = closingQuote(text, i);
      tokens.push(text.slice(i, end));
      i = end;
    } else {
      const start = i;
      while (i < text.length && !' \t\n\r\'`"'.includes(text[i])) i++;
      tokens.push(text.slice(start, i));
    }
  }
  return tokens;
}

/** Index just past the quote that closes the one at `open` (doubled quotes and backslashes escape). */
function closingQuote(text: string, open: number): number {
  const q = text[open];
  let i = open + 1;
  while (i < text.length) {
    if (text[i] === '\\' && q !== '`') i += 2;
    else if (text[i] === q && text[i + 1] === q) i += 2;
    else if (text[i] === q) return i + 1;
    else i++;
  }
  return text.length;
}
