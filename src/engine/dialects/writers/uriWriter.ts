// Edits mysql:// / mariadb:// / mysqlx:// URIs: MySQL Shell keys, Prisma's sslmode/sslaccept,
// mysql2's ssl JSON.
import { formatHost, TLS_VERSIONS, type Connection, type SslMode, type TlsVersion } from '../../model/connection';
import { parseQuery, splitUrl, type QueryParam } from '../urlParts';
import { parseJsonObject } from '../uri';
import { spellModeLike } from '../values';
import { badHost, encodeValue, fail, QueryEdits, versionsList, type EditResult, type ParamChange } from './common';

export function uriEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const parts = splitUrl(text, conn.span.start, conn.span.end);
  if (!parts) return fail('the connection URL could not be read again: read the file again');
  const query = parts.query ? parseQuery(text, parts.query.start, parts.query.end) : [];
  const q = new QueryEdits(text, query, conn.span.end, parts.query !== undefined);
  const ssl = q.find('ssl');
  const mysql2 = ssl !== undefined && ssl.hasValue;
  const prisma = conn.driver === 'prisma';
  if (parts.scheme.includes('+')) return sqlalchemyEdit(conn, q, change, parts.hosts.start);
  switch (change.param) {
    case 'mode':
      if (mysql2) return mysql2Edit(text, q, ssl, (o) => setMode(o, change.value));
      if (prisma) return prismaMode(q, change.value);
      return mysqlMode(text, q, change.value);
    case 'ca':
      if (mysql2) return fail(mysql2Files('ca', change.value));
      if (prisma) q.set(['sslcert'], 'sslcert', encodeValue(change.value));
      else q.set(['sslca'], 'ssl-ca', encodeValue(change.value));
      return q.result();
    case 'cert':
    case 'key':
      if (mysql2) return fail(mysql2Files(change.param, change.value));
      if (prisma) return fail('Prisma takes the client certificate and key as one PKCS#12 file: set sslidentity=<file.p12> (and sslpassword) instead');
      q.set([`ssl${change.param}`], `ssl-${change.param}`, encodeValue(change.value));
      return q.result();
    case 'tlsVersions':
      if (prisma) return fail('Prisma has no setting for TLS versions: change them on the server instead');
      if (mysql2) return mysql2Edit(text, q, ssl, (o) => setVersions(o, change.value));
      q.set(['tlsversion', 'tlsversions'], 'tls-version', versionsList(change.value));
      return q.result();
    case 'host':
      return hostEdit(conn, parts.hosts.start, change.value);
  }
}

/** Replaces the first host (brackets kept for IPv6), or writes one where the host list starts. */
export function hostEdit(conn: Connection, hostsStart: number, host: string): EditResult {
  const bad = badHost(host);
  if (bad) return fail(bad);
  const loc = conn.params.host;
  if (loc) return { edits: [{ span: loc.span, newText: formatHost(host) }] };
  return { edits: [{ span: { start: hostsStart, end: hostsStart }, newText: formatHost(host) }] };
}

/**
 * A SQLAlchemy URL (mysql+pymysql://, mysql+mysqldb://): keys in the dialect's own spelling
 * (ssl_ca, not ssl-ca: any other key reaches the driver as a keyword it may refuse). PyMySQL checks
 * only against a CA in its ssl dict, and its ssl_verify_cert/ssl_verify_identity keywords would
 * replace that dict: they are taken out for a verifying mode.
 */
function sqlalchemyEdit(conn: Connection, q: QueryEdits, change: ParamChange, hostsStart: number): EditResult {
  switch (change.param) {
    case 'ca':
    case 'cert':
    case 'key':
      q.set([`ssl${change.param}`], `ssl_${change.param}`, encodeValue(change.value));
      return q.result();
    case 'tlsVersions':
      return fail('PyMySQL and mysqlclient take no TLS version from a SQLAlchemy URL: limit the versions on the server');
    case 'host':
      return hostEdit(conn, hostsStart, change.value);
    case 'mode':
      return conn.driver === 'pymysql' ? pymysqlUrlMode(q, change.value) : sqlalchemyDriverMode(conn, q, change.value);
  }
}

function pymysqlUrlMode(q: QueryEdits, mode: SslMode): EditResult {
  if (mode === 'DISABLED') q.set(['ssldisabled'], 'ssl_disabled', 'true');
  else if (mode === 'PREFERRED') return fail('PyMySQL has no PREFERRED: with any ssl option it uses TLS when the server offers it');
  else if (mode === 'REQUIRED') q.set(['sslverifycert'], 'ssl_verify_cert', 'false');
  else {
    if (!q.find('sslca', 'sslcapath')) return fail('PyMySQL checks the certificate only against a CA in its ssl dict: set ssl_ca=<the CA file> in the URL');
    for (const k of ['sslverifycert', 'sslverifyidentity', 'ssldisabled']) q.remove(k);
    if (mode === 'VERIFY_CA') q.set(['sslcheckhostname'], 'ssl_check_hostname', 'false');
    else if (q.find('sslcheckhostname')) q.set(['sslcheckhostname'], 'ssl_check_hostname', 'true');
  }
  return q.result();
}

/** mysqlclient 2.x (and Connector/Python) read ssl_mode as a keyword. */
function sqlalchemyDriverMode(conn: Connection, q: QueryEdits, mode: SslMode): EditResult {
  if (conn.driver !== 'mysqlclient') return fail('write the TLS settings of this SQLAlchemy dialect in connect_args');
  q.set(['sslmode'], 'ssl_mode', mode);
  return q.result();
}

function mysqlMode(text: string, q: QueryEdits, mode: SslMode): EditResult {
  const old = q.find('sslmode');
  const spelled = old ? spellModeLike(mode, text.slice(old.valueSpan.start, old.valueSpan.end)) : mode;
  q.set(['sslmode'], 'ssl-mode', spelled);
  return q.result();
}

/** Prisma: sslmode=disable|prefer|require and sslaccept=strict|accept_invalid_certs. */
function prismaMode(q: QueryEdits, mode: SslMode): EditResult {
  switch (mode) {
    case 'DISABLED': q.set(['sslmode'], 'sslmode', 'disable'); break;
    case 'PREFERRED': q.set(['sslmode'], 'sslmode', 'prefer'); break;
    case 'REQUIRED':
      q.set(['sslmode'], 'sslmode', 'require');
      q.set(['sslaccept'], 'sslaccept', 'accept_invalid_certs');
      break;
    case 'VERIFY_CA':
      return fail('Prisma cannot check the CA without also checking the host name: sslaccept=strict checks both (VERIFY_IDENTITY)');
    case 'VERIFY_IDENTITY': {
      const m = q.find('sslmode');
      if (m && m.value.toLowerCase() !== 'require') q.set(['sslmode'], 'sslmode', 'require');
      q.set(['sslaccept'], 'sslaccept', 'strict');
      break;
    }
  }
  return q.result();
}

type SslValue = Record<string, unknown> | boolean;

/** Rewrites mysql2's ssl= value as JSON, in the encoding it had (raw, percent-encoded, or \"-escaped). */
function mysql2Edit(text: string, q: QueryEdits, ssl: QueryParam, change: (o: Record<string, unknown>) => SslValue | string): EditResult {
  const raw = text.slice(ssl.valueSpan.start, ssl.valueSpan.end);
  const trimmed = ssl.value.trim();
  let obj: Record<string, unknown>;
  if (trimmed.startsWith('{')) {
    const parsed = parseJsonObject(ssl.value);
    if (!parsed) return fail('ssl={...} is not valid JSON: fix it first');
    obj = parsed;
  } else if (/^(true|false|1|0)$/i.test(trimmed)) obj = {};
  else return fail(`ssl=${trimmed.slice(0, 40)} is a mysql2 profile: it decides the CA and verification itself; replace it with ssl={...} to change this`);
  const next = change(obj);
  if (typeof next === 'string') return fail(next);
  const json = JSON.stringify(next);
  // Raw quotes only where they already were; otherwise percent-encoding is safe in any quoting.
  let written = encodeURIComponent(json);
  if (raw.includes('\\"')) written = json.replace(/"/g, '\\"');
  else if (raw.includes('"')) written = json;
  q.replace(ssl.valueSpan, written);
  return q.result();
}

function setMode(o: Record<string, unknown>, mode: SslMode): SslValue | string {
  if (mode === 'DISABLED') return false;
  if (mode === 'PREFERRED') return 'mysql2 has no PREFERRED mode: with ssl set it requires TLS, without it it never uses TLS';
  const out: Record<string, unknown> = { ...o, rejectUnauthorized: mode !== 'REQUIRED' };
  if (mode === 'VERIFY_IDENTITY') out.verifyIdentity = true;
  else delete out.verifyIdentity;
  return out;
}

function setVersions(o: Record<string, unknown>, versions: TlsVersion[]): SslValue | string {
  const idx = versions.map((v) => TLS_VERSIONS.indexOf(v)).sort((a, b) => a - b);
  if (!idx.length) return 'give at least one TLS version';
  if (idx[idx.length - 1] - idx[0] !== idx.length - 1) return 'mysql2 (Node.js) takes a range of TLS versions (minVersion..maxVersion), not a list with gaps';
  return { ...o, minVersion: TLS_VERSIONS[idx[0]], maxVersion: TLS_VERSIONS[idx[idx.length - 1]] };
}

function mysql2Files(what: string, path: string): string {
  return `mysql2 takes the ${what === 'ca' ? 'CA certificate' : what === 'cert' ? 'client certificate' : 'client key'}'s contents, not a file path: set ssl: { ${what}: fs.readFileSync('${path}') } in the code that opens the connection`;
}
