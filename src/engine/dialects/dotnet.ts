// ADO.NET connection strings for MySQL (`Server=db;Port=3306;Database=shop;Uid=app;SslMode=VerifyFull;
// SslCa=ca.pem`), wherever they are written: appsettings*.json `ConnectionStrings`, web.config
// attributes, C# string literals. Keys as MySqlConnector and Connector/NET read them (case and
// spaces ignored). SQL Server's and Npgsql's strings look alike: a string is MySQL's only when it
// has a key or value only MySQL drivers use, or MySQL is named just before it (`"MySql": "…"`,
// `new MySqlConnection("…")`, `UseMySql(`), and no PostgreSQL or SQL Server mark. The driver is the
// project's (*.csproj) unless the code file names the package. One pass: linear in the text.
import type { Connection, DriverId, ReadResult, SslMode } from '../model/connection';
import { Secret } from '../model/secret';
import { parsePort } from './urlParts';
import { baseName, finish, location, newConnection, problem, setParam, span, type ReadContext } from './text';
import { badPort, parseTlsVersions, unknownSslMode } from './values';

export interface DotnetPart {
  /** The key as written; `norm` lower case without spaces, dashes or underscores. */
  key: string;
  norm: string;
  start: number;
  valueStart: number;
  valueEnd: number;
  value: string;
}

const MODES: Record<string, SslMode> = { none: 'DISABLED', disabled: 'DISABLED', disable: 'DISABLED', preferred: 'PREFERRED', required: 'REQUIRED', verifyca: 'VERIFY_CA', verifyfull: 'VERIFY_IDENTITY' };
const HOST_KEYS = new Set(['server', 'host', 'datasource', 'address', 'addr', 'networkaddress']);
const USER_KEYS = new Set(['userid', 'uid', 'username', 'user']);
const PASSWORD_KEYS = new Set(['password', 'pwd']);
const DATABASE_KEYS = new Set(['database', 'initialcatalog']);
/** Keys and values only MySQL's drivers read. */
const MYSQL_KEYS = new Set(['sslca', 'sslcert', 'sslkey', 'uid', 'pwd', 'allowpublickeyretrieval', 'tlsversion', 'tlsciphersuites', 'allowuservariables', 'convertzerodatetime', 'allowzerodatetime', 'treattinyasboolean', 'guidformat', 'allowloadlocalinfile', 'charset', 'cacertificatefile', 'sslcertificatefile']);
/** Keys of SQL Server, Npgsql and ODBC strings. */
const OTHER_KEYS = new Set(['integratedsecurity', 'encrypt', 'trustservercertificate', 'trusted_connection', 'trustedconnection', 'multipleactiveresultsets', 'searchpath', 'driver', 'provider', 'dsn', 'applicationintent', 'failoverpartner']);

/** The ssl mode a SslMode value names, undefined when it is none of MySQL's. */
export function dotnetMode(value: string): SslMode | undefined {
  const w = value.trim().toLowerCase();
  return Object.hasOwn(MODES, w) ? MODES[w] : undefined;
}

/** Every MySQL connection string in the text. */
export function readDotnetStrings(text: string, ctx: ReadContext): ReadResult {
  const out: Connection[] = [];
  const re = /(?:^|[\s;"'`=(>])(server|host|data\s?source|address|addr)\s*=/gi;
  let floor = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].length - m[0].replace(/^[\s;"'`=(>]/, '').length;
    if (at < floor) continue;
    const range = stringRange(text, at);
    floor = range.end;
    re.lastIndex = Math.max(re.lastIndex, range.end);
    const parts = splitParts(text, range.start, range.end, range.escaped);
    if (!isMysql(text, range.start, parts)) continue;
    out.push(connectionOf(text, ctx, range, parts));
  }
  return { connections: out, problems: [] };
}

/** The string around a key: inside its quotes, or the rest of the line. */
function stringRange(text: string, at: number): { start: number; end: number; escaped: boolean } {
  let s = at;
  while (s > 0 && text[s - 1] !== '"' && text[s - 1] !== "'" && text[s - 1] !== '`' && text[s - 1] !== '\n' && text[s - 1] !== '>') s--;
  const q = text[s - 1];
  let e = at;
  while (e < text.length && text[e] !== '\n' && text[e] !== '\r' && !(text[e] === q && text[e - 1] !== '\\') && !(q === '>' && text[e] === '<')) e++;
  // JSON and C# regular strings escape backslashes; a C# verbatim string (@"…") does not.
  const escaped = (q === '"' || q === "'") && text[s - 2] !== '@';
  return { start: s, end: e, escaped };
}

function splitParts(text: string, start: number, end: number, escaped: boolean): DotnetPart[] {
  const parts: DotnetPart[] = [];
  let i = start;
  while (i < end) {
    let semi = i;
    while (semi < end && text[semi] !== ';') semi++;
    const eq = text.indexOf('=', i);
    if (eq > i && eq < semi) {
      let ks = i;
      while (ks < eq && /\s/.test(text[ks])) ks++;
      const key = text.slice(ks, eq).trim();
      let vs = eq + 1;
      while (vs < semi && text[vs] === ' ') vs++;
      let ve = semi;
      while (ve > vs && text[ve - 1] === ' ') ve--;
      const raw = text.slice(vs, ve);
      parts.push({ key, norm: key.toLowerCase().replace(/[\s_-]/g, ''), start: ks, valueStart: vs, valueEnd: ve, value: escaped ? raw.replace(/\\\\/g, '\\') : raw });
    }
    i = semi + 1;
  }
  return parts;
}

function isMysql(text: string, start: number, parts: DotnetPart[]): boolean {
  if (parts.length < 2 || !parts.some((p) => HOST_KEYS.has(p.norm))) return false;
  if (parts.some((p) => OTHER_KEYS.has(p.norm))) return false;
  const port = parts.find((p) => p.norm === 'port')?.value.trim();
  const mode = parts.find((p) => p.norm === 'sslmode')?.value.trim().toLowerCase();
  if (port === '5432' || port === '1433' || (mode && /^(require|prefer|allow)$/.test(mode))) return false;
  if (parts.some((p) => MYSQL_KEYS.has(p.norm)) || port === '3306' || (mode && /^(none|preferred|required)$/.test(mode))) return true;
  // The words just before the string: `"MySql": "…"`, `new MySqlConnection(`, `UseMySql(`.
  return /mysql|maria/i.test(text.slice(Math.max(0, start - 80), start));
}

function connectionOf(text: string, ctx: ReadContext, range: { start: number; end: number }, parts: DotnetPart[]): Connection {
  const c = newConnection(ctx, 'dotnet', 'ado-net', driverOf(text, ctx), span(range.start, range.end));
  const loc = (p: DotnetPart) => location(p.key, p.start, p.valueEnd, p.valueStart, p.valueEnd);
  let unixSocket = false;
  for (const p of parts) {
    const v = p.value.trim();
    if (HOST_KEYS.has(p.norm)) {
      setParam(c, 'host', loc(p));
      c.host = v.split(',')[0].trim();
    } else if (p.norm === 'port') {
      setParam(c, 'port', loc(p));
      const port = parsePort(v);
      if (port === undefined) c.problems.push(problem(badPort(p.key, v), p.valueStart, p.valueEnd));
      else c.port = port;
    } else if (USER_KEYS.has(p.norm)) {
      setParam(c, 'user', loc(p));
      c.user = v;
    } else if (PASSWORD_KEYS.has(p.norm)) {
      setParam(c, 'password', loc(p));
      c.password = new Secret(p.value);
    } else if (DATABASE_KEYS.has(p.norm)) {
      setParam(c, 'database', loc(p));
      c.database = v;
    } else if (p.norm === 'sslmode') {
      setParam(c, 'mode', loc(p));
      const mode = dotnetMode(v);
      if (mode) c.tls.mode = mode;
      else c.problems.push(problem(unknownSslMode(p.key, v, ['None', 'Preferred', 'Required', 'VerifyCA', 'VerifyFull']), p.valueStart, p.valueEnd));
    } else if (p.norm === 'sslca' || p.norm === 'cacertificatefile') {
      setParam(c, 'ca', loc(p));
      c.tls.ca = v;
    } else if (p.norm === 'sslcert') {
      setParam(c, 'cert', loc(p));
      c.tls.cert = v;
    } else if (p.norm === 'sslkey') {
      setParam(c, 'key', loc(p));
      c.tls.key = v;
    } else if (p.norm === 'tlsversion') {
      const r = parseTlsVersions(v.replace(/tls\s?1(\d)/gi, 'TLSv1.$1').replace(/tls\s?1\.(\d)/gi, 'TLSv1.$1'));
      if (r.versions.length) {
        c.tls.tlsVersions = r.versions;
        setParam(c, 'tlsVersions', loc(p));
      }
    } else if (p.norm === 'protocol' && /^(unix|unixsocket)$/i.test(v)) unixSocket = true;
  }
  if (unixSocket && c.host?.startsWith('/')) {
    c.socket = c.host;
    setParam(c, 'socket', c.params.host as NonNullable<typeof c.params.host>);
    delete c.host;
  }
  return finish(c);
}

/** A C# file that names the package says which driver; otherwise the project's *.csproj decides. */
function driverOf(text: string, ctx: ReadContext): DriverId {
  if (!/\.cs$/i.test(baseName(ctx.file ?? ''))) return 'unknown';
  if (/\busing\s+MySqlConnector\s*;/.test(text)) return 'mysqlconnector';
  if (/\busing\s+MySql\.Data\.MySqlClient\s*;/.test(text)) return 'connector-net';
  return 'unknown';
}
