// Edits jdbc:mysql:// (Connector/J) and jdbc:mariadb:// (MariaDB Connector/J) URLs.
import type { Connection, SslMode } from '../../model/connection';
import { parseQuery, splitUrl } from '../urlParts';
import { encodeValue, fail, isKeyStore, QueryEdits, versionsList, type EditResult, type ParamChange } from './common';
import { hostEdit } from './uriWriter';

const MARIADB_MODE: Record<SslMode, string | undefined> = {
  DISABLED: 'disable',
  PREFERRED: undefined,
  REQUIRED: 'trust',
  VERIFY_CA: 'verify-ca',
  VERIFY_IDENTITY: 'verify-full',
};

export function jdbcEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const parts = splitUrl(text, conn.span.start, conn.span.end);
  if (!parts) return fail('the JDBC URL could not be read again: read the file again');
  const query = parts.query ? parseQuery(text, parts.query.start, parts.query.end) : [];
  const q = new QueryEdits(text, query, conn.span.end, parts.query !== undefined);
  const mariadb = parts.scheme.startsWith('jdbc:mariadb');
  switch (change.param) {
    case 'mode':
      return mariadb ? mariadbMode(q, change.value) : connectorJMode(q, change.value);
    case 'ca':
      return mariadb ? setFile(q, ['serversslcert'], 'serverSslCert', change.value) : trustStore(q, change.value);
    case 'cert':
      if (!mariadb && isKeyStore(change.value)) return setFile(q, ['clientcertificatekeystoreurl'], 'clientCertificateKeyStoreUrl', fileUrl(change.value));
      return fail(clientFiles(mariadb));
    case 'key':
      return fail(clientFiles(mariadb));
    case 'tlsVersions':
      if (mariadb) q.set(['enabledsslprotocolsuites'], 'enabledSslProtocolSuites', versionsList(change.value));
      else q.set(['tlsversions', 'enabledtlsprotocols'], 'tlsVersions', versionsList(change.value));
      return q.result();
    case 'host':
      return hostEdit(conn, parts.hosts.start, change.value);
  }
}

/** sslMode wins over useSSL/requireSSL/verifyServerCertificate in Connector/J 8, so it is the one to write. */
function connectorJMode(q: QueryEdits, mode: SslMode): EditResult {
  q.set(['sslmode'], 'sslMode', mode);
  return q.result();
}

function mariadbMode(q: QueryEdits, mode: SslMode): EditResult {
  const word = MARIADB_MODE[mode];
  if (!word) return fail('MariaDB Connector/J has no PREFERRED mode: use trust (REQUIRED) or disable');
  q.set(['sslmode'], 'sslMode', word);
  return q.result();
}

function setFile(q: QueryEdits, keys: string[], writeKey: string, value: string): EditResult {
  q.set(keys, writeKey, encodeValue(value));
  return q.result();
}

/** Connector/J reads a Java trust store, not a PEM file. */
function trustStore(q: QueryEdits, path: string): EditResult {
  if (!isKeyStore(path)) {
    return fail(`Connector/J reads a Java trust store, not a PEM file: run keytool -importcert -file ${path} -alias mysql-ca -keystore truststore.jks, then set trustCertificateKeyStoreUrl=file:truststore.jks`);
  }
  return setFile(q, ['trustcertificatekeystoreurl'], 'trustCertificateKeyStoreUrl', fileUrl(path));
}

function fileUrl(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : `file:${path}`;
}

function clientFiles(mariadb: boolean): string {
  return mariadb
    ? 'MariaDB Connector/J reads the client certificate and key from a key store: set keyStore=<file.p12> and keyStorePassword'
    : 'Connector/J reads the client certificate and key from a key store: bundle them with openssl pkcs12 -export and set clientCertificateKeyStoreUrl=file:<client.p12>';
}
