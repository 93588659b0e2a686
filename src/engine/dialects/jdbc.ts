// jdbc:mysql:// (MySQL Connector/J) and jdbc:mariadb:// (MariaDB Connector/J) URLs.
import type { Connection, Dialect, SslMode } from '../model/connection';
import { applyAuthority, paramLocation, parseQuery, splitUrl, type QueryParam } from './urlParts';
import { finish, newConnection, problem, setParam, span, type ReadContext } from './text';
import { Secret } from '../model/secret';
import { lookup, parseBool, parseSslMode, parseTlsVersions, unknownSslMode, unknownTlsVersion } from './values';

const MARIADB_MODES: Record<string, SslMode> = {
  disable: 'DISABLED',
  trust: 'REQUIRED',
  'verify-ca': 'VERIFY_CA',
  'verify-full': 'VERIFY_IDENTITY',
};

export function readJdbc(text: string, start: number, end: number, ctx: ReadContext, dialect: Dialect = 'jdbc'): Connection | undefined {
  const parts = splitUrl(text, start, end);
  if (!parts || !parts.scheme.startsWith('jdbc:')) return undefined;
  const mariadb = parts.scheme.startsWith('jdbc:mariadb');
  const c = newConnection(ctx, dialect, mariadb ? 'jdbc-mariadb' : 'jdbc-mysql', mariadb ? 'mariadb-java' : 'connector-j', span(start, end));
  applyAuthority(text, parts, c);
  const query = parts.query ? parseQuery(text, parts.query.start, parts.query.end) : [];
  const byKey = new Map<string, QueryParam>();
  for (const qp of query) byKey.set(qp.key, qp);
  applyCredentials(c, byKey);
  applyTlsParams(c, byKey, mariadb);
  if (mariadb) applyMariadbMode(c, byKey);
  else applyConnectorJMode(c, byKey);
  return finish(c);
}

function applyCredentials(c: Connection, byKey: Map<string, QueryParam>): void {
  const user = byKey.get('user');
  if (user) {
    c.user = user.value;
    setParam(c, 'user', paramLocation(user));
  }
  const pw = byKey.get('password');
  if (pw) {
    c.password = new Secret(pw.value);
    setParam(c, 'password', paramLocation(pw));
  }
}

function applyTlsParams(c: Connection, byKey: Map<string, QueryParam>, mariadb: boolean): void {
  const store = byKey.get('trustcertificatekeystoreurl');
  if (store) {
    c.tls.trustStore = store.value;
    setParam(c, 'trustStore', paramLocation(store));
  }
  const serverCert = byKey.get('serversslcert');
  if (serverCert) {
    c.tls.ca = serverCert.value; // MariaDB: the server's (or its CA's) certificate, PEM path
    setParam(c, 'ca', paramLocation(serverCert));
  }
  const versions = byKey.get('tlsversions') ?? byKey.get('enabledtlsprotocols') ?? byKey.get('enabledsslprotocolsuites');
  if (versions) {
    const { versions: v, unknown } = parseTlsVersions(versions.value);
    if (unknown.length) c.problems.push(problem(unknownTlsVersion(versions.rawKey, unknown[0]), versions.valueSpan.start, versions.valueSpan.end));
    c.tls.tlsVersions = v;
    setParam(c, 'tlsVersions', paramLocation(versions));
  }
  const ciphers = byKey.get('tlsciphersuites') ?? byKey.get('enabledsslciphersuites');
  if (ciphers) {
    c.tls.cipher = ciphers.value;
    setParam(c, 'cipher', paramLocation(ciphers));
  }
  const retrieval = flag(byKey, 'allowpublickeyretrieval');
  if (retrieval) c.tls.publicKeyRetrieval = retrieval.value;
  const rsaKey = byKey.get('serverrsapublickeyfile');
  if (rsaKey?.value) c.tls.serverPublicKeyFile = rsaKey.value;
  if (!mariadb && byKey.has('clientcertificatekeystoreurl')) {
    const ks = byKey.get('clientcertificatekeystoreurl') as QueryParam;
    c.tls.cert = ks.value; // a Java key store holding the client certificate and key
    setParam(c, 'cert', paramLocation(ks));
  }
}

function flag(byKey: Map<string, QueryParam>, key: string): { qp: QueryParam; value: boolean } | undefined {
  const qp = byKey.get(key);
  if (!qp) return undefined;
  const value = qp.hasValue ? parseBool(qp.value) : true;
  return value === undefined ? undefined : { qp, value };
}

function setMode(c: Connection, mode: SslMode, qp: QueryParam): void {
  c.tls.mode = mode;
  setParam(c, 'mode', paramLocation(qp));
}

/** Connector/J 8: sslMode wins; otherwise the legacy properties map as its manual documents. */
function applyConnectorJMode(c: Connection, byKey: Map<string, QueryParam>): void {
  const useSsl = flag(byKey, 'usessl');
  const requireSsl = flag(byKey, 'requiressl');
  const verify = flag(byKey, 'verifyservercertificate');
  if (verify) {
    c.tls.verifyServerCert = verify.value;
    setParam(c, 'verifyServerCert', paramLocation(verify.qp));
  }
  const modeParam = byKey.get('sslmode');
  if (modeParam) {
    const mode = parseSslMode(modeParam.value);
    if (mode) return setMode(c, mode, modeParam);
    c.problems.push(problem(unknownSslMode(modeParam.rawKey, modeParam.value), modeParam.valueSpan.start, modeParam.valueSpan.end));
  }
  if (useSsl && !useSsl.value) return setMode(c, 'DISABLED', useSsl.qp);
  if (verify?.value) return setMode(c, 'VERIFY_CA', verify.qp);
  if (requireSsl?.value) return setMode(c, 'REQUIRED', requireSsl.qp);
  if (useSsl?.value) setMode(c, 'PREFERRED', useSsl.qp);
}

/** MariaDB Connector/J 3: sslMode=disable|trust|verify-ca|verify-full; 2.x: useSsl + trustServerCertificate. */
function applyMariadbMode(c: Connection, byKey: Map<string, QueryParam>): void {
  const modeParam = byKey.get('sslmode');
  if (modeParam) {
    const word = modeParam.value.trim().toLowerCase();
    const mode = lookup(MARIADB_MODES, word) ?? parseSslMode(word);
    if (mode) {
      setMode(c, mode, modeParam);
      if (word === 'trust') c.tls.verifyServerCert = false;
      return;
    }
    c.problems.push(problem(unknownSslMode(modeParam.rawKey, modeParam.value, Object.keys(MARIADB_MODES)), modeParam.valueSpan.start, modeParam.valueSpan.end));
  }
  const useSsl = flag(byKey, 'usessl');
  const trust = flag(byKey, 'trustservercertificate');
  const noHostCheck = flag(byKey, 'disablesslhostnameverification');
  if (trust) {
    c.tls.verifyServerCert = !trust.value;
    setParam(c, 'verifyServerCert', paramLocation(trust.qp));
  }
  if (!useSsl) return;
  if (!useSsl.value) return setMode(c, 'DISABLED', useSsl.qp);
  if (trust?.value) return setMode(c, 'REQUIRED', useSsl.qp);
  setMode(c, noHostCheck?.value ? 'VERIFY_CA' : 'VERIFY_IDENTITY', useSsl.qp);
}

