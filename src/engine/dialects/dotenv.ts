// .env files: URL-valued keys (DATABASE_URL, DB_URL, *_DSN...) and key groups
// (MYSQL_HOST/PORT/USER/..., Laravel's DB_* with DB_CONNECTION=mysql and MYSQL_ATTR_SSL_CA).
import type { Connection, DriverId, ParamKey, ParseProblem, ReadResult } from '../model/connection';
import { Secret } from '../model/secret';
import { readEnvLines, type EnvEntry } from './dotenvLines';
import { readUrlAt, schemeStart } from './find';
import { readGoDsn, locateGo } from './goDsn';
import { parsePort, standaloneHost } from './urlParts';
import { finish, newConnection, problem, setParam, span, type ReadContext } from './text';
import { badBool, badPort, parseBool, parseSslMode, parseTlsVersions, unknownSslMode, unknownTlsVersion } from './values';

/** Group key suffixes and what they set. The first spelling of each is the one the writer uses. */
export const GROUP_SUFFIXES: Record<string, ParamKey | 'ssl' | 'driverName'> = {
  HOST: 'host',
  HOSTNAME: 'host',
  PORT: 'port',
  USER: 'user',
  USERNAME: 'user',
  PASSWORD: 'password',
  PASS: 'password',
  PWD: 'password',
  DATABASE: 'database',
  NAME: 'database',
  DB: 'database',
  DBNAME: 'database',
  SOCKET: 'socket',
  UNIX_SOCKET: 'socket',
  SSL_MODE: 'mode',
  SSLMODE: 'mode',
  SSL_CA: 'ca',
  SSL_CAPATH: 'capath',
  SSL_CERT: 'cert',
  SSL_KEY: 'key',
  SSL_CIPHER: 'cipher',
  TLS_VERSION: 'tlsVersions',
  TLS_VERSIONS: 'tlsVersions',
  SSL_VERIFY_SERVER_CERT: 'verifyServerCert',
  SSL: 'ssl',
  CONNECTION: 'driverName',
  DRIVER: 'driverName',
  DIALECT: 'driverName',
  ENGINE: 'driverName',
  TYPE: 'driverName',
  CLIENT: 'driverName',
};

/** Laravel's config/database.php reads these for the mysql/mariadb connections. */
const LARAVEL_EXTRA: Record<string, ParamKey> = { MYSQL_ATTR_SSL_CA: 'ca' };

export function readDotenv(text: string, ctx: ReadContext): ReadResult {
  return readEnvEntries(text, readEnvLines(text), ctx);
}

/** Connections in KEY=value entries whose spans lie in `text` (a .env file, or the environment
 *  entries of a docker-compose or Kubernetes file). */
export function readEnvEntries(text: string, entries: EnvEntry[], ctx: ReadContext): ReadResult {
  const last = new Map<string, EnvEntry>();
  for (const e of entries) last.set(e.key, e); // duplicated keys: the last one wins, as in dotenv
  const problems: ParseProblem[] = [];
  const connections: Connection[] = [];
  for (const e of last.values()) {
    const c = urlConnection(text, e, last, ctx, problems);
    if (c) connections.push(c);
  }
  for (const prefix of groupPrefixes(last)) connections.push(groupConnection(prefix, last, ctx));
  connections.sort((a, b) => a.span.start - b.span.start);
  return { connections, problems };
}

function urlConnection(text: string, e: EnvEntry, all: Map<string, EnvEntry>, ctx: ReadContext, problems: ParseProblem[]): Connection | undefined {
  const { start, end } = e.valueSpan;
  if (end <= start) return undefined;
  // Searched within the value only: a search to the end of the text for every key was quadratic.
  const sep = text.slice(start, end).indexOf('://');
  let c: Connection | undefined;
  if (sep >= 0 && schemeStart(text, start + sep, start) === start) c = readUrlAt(text, start, end, ctx, 'dotenv');
  else if (locateGo(text, start, end)) c = readGoDsn(text, start, end, ctx, 'dotenv');
  else return undefined;
  if (!c) {
    problems.push(problem(`${e.key}: the connection URL could not be read`, start, end));
    return undefined;
  }
  c.form = 'dotenv-url';
  if (c.driver === 'unknown') c.driver = urlDriverHint(e.key, all, ctx);
  return finish(c);
}

function urlDriverHint(key: string, all: Map<string, EnvEntry>, ctx: ReadContext): DriverId {
  if (/PRISMA/i.test(key)) return 'prisma';
  if (ctx.driverHint) return ctx.driverHint;
  if (isLaravel(all, 'DB_')) return 'php-pdo';
  return 'unknown';
}

function isLaravel(all: Map<string, EnvEntry>, prefix: string): boolean {
  if (prefix !== 'DB_') return false;
  const v = all.get('DB_CONNECTION')?.value.trim().toLowerCase();
  return v === 'mysql' || v === 'mariadb';
}

/** Prefixes (`MYSQL_`, `DB_`, `APP_DB_`...) that name a MySQL host, or Laravel's DB_ with DB_CONNECTION=mysql. */
function groupPrefixes(all: Map<string, EnvEntry>): string[] {
  // A set: a list searched once per key made thousands of groups quadratic.
  const out = new Set<string>();
  for (const key of all.keys()) {
    const suffix = key.endsWith('HOSTNAME') ? 'HOSTNAME' : key.endsWith('HOST') ? 'HOST' : '';
    if (!suffix) continue;
    const prefix = key.slice(0, key.length - suffix.length);
    if (prefix && !out.has(prefix) && looksMysql(prefix, all)) out.add(prefix);
  }
  if (isLaravel(all, 'DB_')) out.add('DB_');
  return [...out];
}

function looksMysql(prefix: string, all: Map<string, EnvEntry>): boolean {
  if (/MYSQL|MARIADB/i.test(prefix)) return true;
  for (const s of ['CONNECTION', 'DRIVER', 'DIALECT', 'ENGINE', 'TYPE', 'CLIENT']) {
    const v = all.get(prefix + s)?.value.toLowerCase();
    if (v !== undefined) return v.includes('mysql') || v.includes('mariadb');
  }
  const port = all.get(prefix + 'PORT')?.value.trim();
  return port !== undefined && /^33\d\d$/.test(port);
}

function groupConnection(prefix: string, all: Map<string, EnvEntry>, ctx: ReadContext): Connection {
  const laravel = isLaravel(all, prefix);
  const members: [EnvEntry, ParamKey | 'ssl' | 'driverName'][] = [];
  for (const [suffix, what] of Object.entries(GROUP_SUFFIXES)) {
    const e = all.get(prefix + suffix);
    if (e) members.push([e, what]);
  }
  if (laravel) for (const [key, what] of Object.entries(LARAVEL_EXTRA)) if (all.has(key)) members.push([all.get(key) as EnvEntry, what]);
  const start = Math.min(...members.map(([e]) => e.span.start));
  const end = Math.max(...members.map(([e]) => e.span.end));
  const c = newConnection(ctx, 'dotenv', 'dotenv-group', laravel ? 'php-pdo' : ctx.driverHint ?? 'unknown', span(start, end));
  let sslFlag: EnvEntry | undefined;
  for (const [e, what] of members) {
    if (what === 'ssl') sslFlag = e;
    else if (what !== 'driverName') applyGroupKey(c, e, what);
  }
  if (sslFlag && c.tls.mode === undefined) applySslFlag(c, sslFlag);
  return finish(c);
}

function loc(e: EnvEntry) {
  return { key: e.key, span: e.span, valueSpan: e.valueSpan };
}

function applyGroupKey(c: Connection, e: EnvEntry, what: ParamKey): void {
  const v = e.value.trim();
  const bad = (message: string): void => void c.problems.push(problem(message, e.valueSpan.start, e.valueSpan.end));
  if (c.params[what] && what !== 'ca') return; // two spellings of one setting: the first listed wins
  switch (what) {
    case 'host': {
      const h = standaloneHost(v, e.key);
      if (h.problem) return bad(h.problem);
      c.host = h.host;
      break;
    }
    case 'port': {
      const p = parsePort(v);
      if (p === undefined) return bad(badPort(e.key, v));
      c.port = p;
      break;
    }
    case 'user': c.user = v; break;
    case 'password': c.password = new Secret(e.value); break;
    case 'database': c.database = v; break;
    case 'socket': c.socket = v; break;
    case 'mode': {
      const m = parseSslMode(v);
      if (!m) return bad(unknownSslMode(e.key, v));
      c.tls.mode = m;
      break;
    }
    case 'tlsVersions': {
      const { versions, unknown } = parseTlsVersions(v);
      if (unknown.length) bad(unknownTlsVersion(e.key, unknown[0]));
      c.tls.tlsVersions = versions;
      break;
    }
    case 'verifyServerCert': {
      const b = parseBool(v);
      if (b === undefined) return bad(badBool(e.key, v));
      c.tls.verifyServerCert = b;
      break;
    }
    case 'ca': case 'capath': case 'cert': case 'key': case 'cipher':
      if (!v) return;
      c.tls[what] = v;
      break;
    default: return;
  }
  setParam(c, what, loc(e));
}

/** `DB_SSL=true|false`: TLS on without a stated mode, or off. */
function applySslFlag(c: Connection, e: EnvEntry): void {
  const b = parseBool(e.value);
  if (b === undefined) return;
  c.tls.mode = b ? 'REQUIRED' : 'DISABLED';
  setParam(c, 'mode', loc(e));
}
