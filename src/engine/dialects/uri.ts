// mysql://, mysqlx://, mariadb://, mysql+pymysql:// (SQLAlchemy) URIs, with MySQL Shell keys,
// Prisma's ssl parameters and mysql2's `ssl=` JSON/profile forms.
import { TLS_VERSIONS, type Connection, type Dialect, type DriverId, type SslMode } from '../model/connection';
import { applyAuthority, paramLocation, parseQuery, splitUrl, type QueryParam } from './urlParts';
import { finish, newConnection, problem, setParam, span, type ReadContext } from './text';
import { lookup, parseBool, parseSslMode, parseTlsVersions, unknownSslMode, unknownTlsVersion, unknownValue } from './values';

const SQLALCHEMY_DRIVERS: Record<string, DriverId> = {
  pymysql: 'pymysql',
  aiomysql: 'pymysql',
  mysqldb: 'mysqlclient',
  mysqlconnector: 'mysql-connector-python',
};

/** Keys only Prisma uses (`sslcert` spelled without a separator is Prisma's CA file). */
const PRISMA_KEYS = ['sslaccept', 'sslidentity', 'sslpassword', 'connectionlimit', 'pooltimeout'];

export function readUri(text: string, start: number, end: number, ctx: ReadContext, dialect: Dialect = 'uri'): Connection | undefined {
  const parts = splitUrl(text, start, end);
  if (!parts) return undefined;
  const [base, plus] = parts.scheme.split('+');
  const c = newConnection(ctx, dialect, formOf(base, plus), 'unknown', span(start, end));
  applyAuthority(text, parts, c);
  const query = parts.query ? parseQuery(text, parts.query.start, parts.query.end) : [];
  const byKey = new Map<string, QueryParam>();
  for (const qp of query) byKey.set(qp.key, qp);
  const prisma = isPrisma(query);
  applyFiles(c, byKey, prisma);
  applyMode(c, byKey, prisma);
  applyMysql2(c, byKey);
  c.driver = guessDriver(c, plus, prisma, ctx);
  if (c.driver === 'prisma' && c.form === 'mysql-uri') c.form = 'prisma-uri';
  if (c.form === 'sqlalchemy-uri') applySqlalchemy(c, byKey);
  return finish(c);
}

function formOf(base: string, plus: string | undefined): string {
  if (plus) return 'sqlalchemy-uri';
  if (base === 'mysqlx') return 'mysqlx-uri';
  if (base === 'mariadb') return 'mariadb-uri';
  return 'mysql-uri';
}

function isPrisma(query: QueryParam[]): boolean {
  return query.some((q) => PRISMA_KEYS.includes(q.key) || q.rawKey === 'sslcert');
}

function guessDriver(c: Connection, plus: string | undefined, prisma: boolean, ctx: ReadContext): DriverId {
  if (plus) return lookup(SQLALCHEMY_DRIVERS, plus) ?? 'unknown';
  if (prisma) return 'prisma';
  if (c.params.mode?.key.toLowerCase() === 'ssl') return 'mysql2';
  return ctx.driverHint ?? 'unknown';
}

function applyFiles(c: Connection, byKey: Map<string, QueryParam>, prisma: boolean): void {
  const file = (k: string, p: 'ca' | 'cert' | 'key' | 'capath' | 'crl' | 'cipher' | 'ciphersuites') => {
    const qp = byKey.get(k);
    if (!qp) return;
    c.tls[p] = qp.value;
    setParam(c, p, paramLocation(qp));
  };
  file('sslca', 'ca');
  const cert = byKey.get('sslcert');
  if (cert && (prisma || cert.rawKey === 'sslcert')) {
    c.tls.ca = cert.value; // Prisma's sslcert is the server CA certificate
    setParam(c, 'ca', paramLocation(cert));
  } else file('sslcert', 'cert');
  file('sslkey', 'key');
  file('sslcapath', 'capath');
  file('sslcrl', 'crl');
  file('sslcipher', 'cipher');
  file('tlsciphersuites', 'ciphersuites');
  const identity = byKey.get('sslidentity');
  if (identity) {
    c.tls.cert = identity.value; // a PKCS#12 bundle with the client certificate and key
    setParam(c, 'cert', paramLocation(identity));
  }
  if (byKey.has('sslpassword')) c.tls.keyPassphrase = true;
  const versions = byKey.get('tlsversion') ?? byKey.get('tlsversions');
  if (versions) {
    const { versions: v, unknown } = parseTlsVersions(versions.value);
    if (unknown.length) c.problems.push(problem(unknownTlsVersion(versions.rawKey, unknown[0]), versions.valueSpan.start, versions.valueSpan.end));
    c.tls.tlsVersions = v;
    setParam(c, 'tlsVersions', paramLocation(versions));
  }
  // mysqlsh and the mysql client: get-server-public-key, server-public-key-path.
  const retrieval = byKey.get('getserverpublickey') ?? byKey.get('allowpublickeyretrieval');
  if (retrieval) c.tls.publicKeyRetrieval = retrieval.hasValue ? parseBool(retrieval.value) ?? true : true;
  const rsaKey = byKey.get('serverpublickeypath');
  if (rsaKey?.value) c.tls.serverPublicKeyFile = rsaKey.value;
  const socket = byKey.get('socket');
  if (socket) {
    c.socket = socket.value;
    setParam(c, 'socket', paramLocation(socket));
  }
}

function applyMode(c: Connection, byKey: Map<string, QueryParam>, prisma: boolean): void {
  const modeParam = byKey.get('sslmode');
  const accept = byKey.get('sslaccept');
  let mode: SslMode | undefined;
  if (modeParam) {
    mode = parseSslMode(modeParam.value);
    if (!mode) c.problems.push(problem(unknownSslMode(modeParam.rawKey, modeParam.value), modeParam.valueSpan.start, modeParam.valueSpan.end));
    else setParam(c, 'mode', paramLocation(modeParam));
  }
  if (accept) applySslAccept(c, accept, mode);
  else if (mode) c.tls.mode = mode;
  if (prisma && mode === 'REQUIRED' && !accept) c.tls.verifyServerCert = false; // Prisma's default sslaccept
  verifyFlags(c, byKey);
}

/** Prisma: sslaccept=strict checks certificate and host name; accept_invalid_certs checks nothing. */
function applySslAccept(c: Connection, accept: QueryParam, mode: SslMode | undefined): void {
  const v = accept.value.toLowerCase();
  if (v !== 'strict' && v !== 'accept_invalid_certs') {
    c.problems.push(problem(unknownValue(accept.rawKey, 'value', accept.value, 'strict or accept_invalid_certs'), accept.valueSpan.start, accept.valueSpan.end));
    if (mode) c.tls.mode = mode;
    return;
  }
  const strict = v === 'strict';
  c.tls.verifyServerCert = strict;
  if (strict) c.tls.verifyIdentity = true;
  setParam(c, 'verifyServerCert', paramLocation(accept));
  if (mode === 'DISABLED' || mode === 'PREFERRED') c.tls.mode = mode;
  else if (strict) {
    c.tls.mode = 'VERIFY_IDENTITY';
    setParam(c, 'mode', paramLocation(accept));
  } else if (mode) c.tls.mode = 'REQUIRED';
}

/** SQLAlchemy/PyMySQL ssl_verify_cert, ssl_verify_identity; MySQL's ssl-verify-server-cert; Rails' sslverify. */
function verifyFlags(c: Connection, byKey: Map<string, QueryParam>): void {
  for (const [k, field] of [['sslverifycert', 'verifyServerCert'], ['sslverifyservercert', 'verifyServerCert'], ['sslverify', 'verifyServerCert'], ['sslverifyidentity', 'verifyIdentity']] as const) {
    const qp = byKey.get(k);
    if (!qp) continue;
    const b = qp.hasValue ? parseBool(qp.value) : true;
    if (b === undefined) continue;
    c.tls[field] = b;
    setParam(c, field, paramLocation(qp));
  }
}

/**
 * SQLAlchemy's MySQL dialects (dialects/mysql/mysqldb.py create_connect_args, PyMySQL's too) move
 * ssl_ca, ssl_key, ssl_cert, ssl_capath, ssl_cipher and ssl_check_hostname (made a bool) into the
 * driver's ssl dict and pass every other key to the driver as a keyword, as a string.
 */
function applySqlalchemy(c: Connection, byKey: Map<string, QueryParam>): void {
  const check = byKey.get('sslcheckhostname');
  if (check && c.driver === 'mysqlclient') {
    sqlalchemyNote(c, check, "mysqlclient reads only ca, cert, key, capath and cipher from its ssl dict (MySQLdb/_mysql.c): ssl_check_hostname is not read, and the host name is not checked");
  } else if (check) {
    const b = sqlalchemyBool(check.value);
    if (b === undefined) c.problems.push(problem(unknownValue(check.rawKey, 'value', check.value, 'true or false'), check.valueSpan.start, check.valueSpan.end));
    else {
      c.tls.verifyIdentity = b;
      setParam(c, 'verifyIdentity', paramLocation(check));
    }
  }
  const keywords = ['sslverifycert', 'sslverifyidentity'].map((k) => byKey.get(k)).find((qp) => qp && qp.value !== '');
  const dictFiles = ['sslca', 'sslcapath', 'sslcert', 'sslkey'].map((k) => byKey.get(k)).filter((qp) => qp !== undefined);
  if (c.driver === 'pymysql' && keywords) {
    for (const qp of dictFiles) {
      sqlalchemyNote(c, qp, `SQLAlchemy puts ${qp.rawKey} into PyMySQL's ssl dict but passes ${keywords.rawKey} as a keyword, and PyMySQL then replaces the ssl dict with one made from its keywords: ${qp.rawKey} is not used`);
    }
  }
  const disabled = byKey.get('ssldisabled');
  if (disabled && c.driver === 'pymysql' && disabled.value !== '') {
    // A keyword string: any non-empty one is true to PyMySQL's `if not ssl_disabled`.
    c.tls.mode = 'DISABLED';
    setParam(c, 'mode', paramLocation(disabled));
    if (parseBool(disabled.value) === false) {
      sqlalchemyNote(c, disabled, `SQLAlchemy passes ${disabled.rawKey}=${disabled.value} to PyMySQL as the string "${disabled.value}", which Python reads as true: TLS is switched off (leave the key out to keep TLS)`);
    }
  }
}

/** SQLAlchemy's asbool (util.langhelpers): the words it knows, undefined for the others. */
function sqlalchemyBool(v: string): boolean | undefined {
  const t = v.trim().toLowerCase();
  if (['true', 'yes', 'on', 'y', 't', '1'].includes(t)) return true;
  if (['false', 'no', 'off', 'n', 'f', '0'].includes(t)) return false;
  return undefined;
}

function sqlalchemyNote(c: Connection, qp: QueryParam, message: string): void {
  (c.settingNotes ??= []).push({ code: 'setting-ignored', key: qp.rawKey, span: qp.span, message });
}

/** mysql2: `ssl={"rejectUnauthorized":true,...}` (maybe percent-encoded), `ssl=Amazon RDS`, `ssl=true`. */
function applyMysql2(c: Connection, byKey: Map<string, QueryParam>): void {
  const qp = byKey.get('ssl');
  if (!qp || !qp.hasValue) return;
  const loc = paramLocation(qp);
  const b = parseBool(qp.value);
  if (b !== undefined) {
    if (c.tls.mode) return; // an ssl-mode written next to it says more than ssl=true
    c.tls.mode = b ? 'REQUIRED' : 'DISABLED';
    setParam(c, 'mode', loc);
    return;
  }
  if (!qp.value.trim().startsWith('{')) {
    c.tls.profile = qp.value;
    c.tls.mode ??= 'VERIFY_CA';
    setParam(c, 'profile', loc);
    setParam(c, 'mode', loc);
    return;
  }
  const obj = parseJsonObject(qp.value);
  if (!obj) {
    c.problems.push(problem('ssl={...} is not valid JSON', qp.valueSpan.start, qp.valueSpan.end));
    return;
  }
  setParam(c, 'mode', loc);
  applySslObject(c, obj, loc);
}

export function parseJsonObject(s: string): Record<string, unknown> | undefined {
  for (const candidate of [s, s.replace(/\\"/g, '"')]) {
    try {
      const v: unknown = JSON.parse(candidate);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // try the unescaped form next
    }
  }
  return undefined;
}

function applySslObject(c: Connection, o: Record<string, unknown>, loc: ReturnType<typeof paramLocation>): void {
  const reject = o.rejectUnauthorized;
  if (typeof reject === 'boolean') {
    c.tls.verifyServerCert = reject;
    setParam(c, 'verifyServerCert', loc);
  }
  if (o.verifyIdentity === true) c.tls.verifyIdentity = true;
  if (reject === false) c.tls.mode = 'REQUIRED';
  else c.tls.mode = o.verifyIdentity === true ? 'VERIFY_IDENTITY' : 'VERIFY_CA';
  for (const f of ['ca', 'cert', 'key'] as const) {
    const v = o[f];
    if (typeof v === 'string' && !v.includes('-----BEGIN')) {
      c.tls[f] = v;
      setParam(c, f, loc);
    }
  }
  if (typeof o.ciphers === 'string') c.tls.cipher = o.ciphers;
  const min = typeof o.minVersion === 'string' ? o.minVersion : undefined;
  const max = typeof o.maxVersion === 'string' ? o.maxVersion : undefined;
  if (min || max) {
    // Node's range: an absent or unknown bound is open (TLSv1 below, TLSv1.3 above).
    const lo = Math.max(0, versionIndex(min));
    const hi = versionIndex(max);
    c.tls.tlsVersions = TLS_VERSIONS.slice(lo, (hi < 0 ? TLS_VERSIONS.length - 1 : hi) + 1);
    setParam(c, 'tlsVersions', loc);
  }
}

function versionIndex(v: string | undefined): number {
  return v === undefined ? -1 : (TLS_VERSIONS as readonly string[]).indexOf(v);
}
