import type { Secret } from './secret';
import type { Span } from './span';

/** Where a connection is written. Names are public (docs/CONTRACT.md "Dialects": `target.dialect`, `scan --json`). */
export const DIALECTS = [
  'uri',
  'jdbc',
  'go-dsn',
  'dotenv',
  'option-file',
  'settings',
  'cli',
  // Connections written in code and framework config.
  'js',
  'python',
  'php',
  'yaml',
  'properties',
  'dotnet',
  'ruby',
] as const;

export type Dialect = (typeof DIALECTS)[number];

/** The client library that will open the connection; it decides what the TLS settings mean.
 *  Names are public (docs/CONTRACT.md "Drivers": `--driver`, `target.driver`, `scan --json` `driver`). */
export const DRIVER_IDS = [
  'mysql-cli', // mysql / mariadb command-line client and libmysqlclient/libmariadb users
  'mysql2', // Node.js mysql2
  'mysql', // Node.js mysql (mysqljs)
  'mariadb-node', // MariaDB Connector/Node.js (npm mariadb)
  'connector-j', // MySQL Connector/J (jdbc:mysql:)
  'mariadb-java', // MariaDB Connector/J (jdbc:mariadb:)
  'prisma',
  'go', // go-sql-driver/mysql
  'pymysql',
  'mysqlclient', // Python MySQLdb
  'mysql-connector-python',
  'php-pdo', // PHP PDO / Laravel (mysqlnd)
  'php-mysqli', // PHP mysqli (mysqlnd)
  'mysqlconnector', // .NET MySqlConnector
  'connector-net', // MySQL Connector/NET (MySql.Data)
  'ruby-mysql2', // Ruby mysql2 gem (on libmysqlclient or libmariadb)
  'sqlx', // Rust sqlx (MySQL)
  'unknown',
] as const;

export type DriverId = (typeof DRIVER_IDS)[number];

export function isDriverId(text: string): text is DriverId {
  return (DRIVER_IDS as readonly string[]).includes(text);
}

/**
 * Where the driver was decided (docs/CONTRACT.md `target.driverSource`): the connection's own form
 * (`dialect`), an explicit option (`--driver`, a `driver` field), the editor setting, or the
 * project's manifest (`project:package.json`, `project:requirements.txt`...).
 */
export type DriverSource = 'dialect' | 'option' | 'setting' | `project:${string}`;

/**
 * The C client library behind the mysql/mariadb command line, mysqlclient and the Ruby mysql2
 * gem. The families treat a missing mode, `--ssl` and a given CA differently (libmysqlclient:
 * PREFERRED by default; MariaDB Connector/C before 3.4: no TLS unless asked, from 3.4: verifies).
 */
export type ClientLibrary = 'libmysqlclient' | 'libmariadb';

export type SslMode = 'DISABLED' | 'PREFERRED' | 'REQUIRED' | 'VERIFY_CA' | 'VERIFY_IDENTITY';

export const SSL_MODES: readonly SslMode[] = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** TLS 1.0 and 1.1: deprecated (RFC 8996), refused by current OpenSSL builds at their default level. */
export function isLegacyTls(v: TlsVersion | string | undefined): boolean {
  return v === 'TLSv1' || v === 'TLSv1.1';
}

/**
 * TLS settings normalised across dialects. A field is absent when the connection does not set
 * it; what an absent field means is the driver's default, decided in `drivers/`.
 */
export interface TlsSettings {
  /** The mode as written (ssl-mode, sslMode, derived from useSSL/requireSSL, Go tls=, Prisma sslaccept...). */
  mode?: SslMode;
  /** Whether the server certificate is checked against a CA; explicit settings only
   *  (rejectUnauthorized, verifyServerCertificate, skip-verify, sslaccept=accept_invalid_certs). */
  verifyServerCert?: boolean;
  /** Whether the host name is checked against the certificate; explicit settings only. */
  verifyIdentity?: boolean;
  ca?: string;
  capath?: string;
  crl?: string;
  cert?: string;
  key?: string;
  /** A passphrase for the key is configured (the value itself is never kept). */
  keyPassphrase?: boolean;
  /** TLS 1.2 cipher list, OpenSSL or IANA names as written. */
  cipher?: string;
  /** TLS 1.3 suites as written. */
  ciphersuites?: string;
  tlsVersions?: TlsVersion[];
  /** A named profile: mysql2 `ssl=Amazon RDS`, Go `tls=custom`, a JDBC trust store URL... */
  profile?: string;
  /** Java trust store (trustCertificateKeyStoreUrl), path or URL as written. */
  trustStore?: string;
  /** Without TLS, may the client ask the server for its RSA key to send a sha2 password
   *  (allowPublicKeyRetrieval, get-server-public-key)? Explicit settings only. */
  publicKeyRetrieval?: boolean;
  /** The server's RSA public key file (serverRSAPublicKeyFile, server-public-key-path). */
  serverPublicKeyFile?: string;
}

/** The parameters a diagnostic can point at and a quick fix can change. */
export type ParamKey =
  | 'host'
  | 'port'
  | 'user'
  | 'password'
  | 'database'
  | 'socket'
  | 'mode'
  | 'verifyServerCert'
  | 'verifyIdentity'
  | 'ca'
  | 'capath'
  | 'crl'
  | 'cert'
  | 'key'
  | 'cipher'
  | 'ciphersuites'
  | 'tlsVersions'
  | 'profile'
  | 'trustStore';

/** Where one parameter is written: the whole `key=value` and just its value. */
export interface ParamLocation {
  /** The key exactly as written (`ssl-mode`, `sslMode`, `MYSQL_SSL_CA`, `tls`...). */
  key: string;
  span: Span;
  valueSpan: Span;
}

/** A problem met while reading: reported with its place, never thrown. */
export interface ParseProblem {
  message: string;
  span: Span;
  severity: 'error' | 'warning';
}

export interface Connection {
  /** Stable within a file: `<file>#<start offset>`, or `settings:<name>`, or `cli`. */
  id: string;
  /** A short human label: `app@db.example.com:3306` (never the password). */
  label: string;
  dialect: Dialect;
  /** The more specific form: `mysql-uri`, `prisma-uri`, `jdbc-mysql`, `dotenv-url`, `dotenv-group`, `[client]`... */
  form?: string;
  driver: DriverId;
  /** Where `driver` was decided; absent means the dialect decided it (or nothing did: `unknown`). */
  driverSource?: DriverSource;
  /** The driver's version where known (from a lock file or manifest), as written: `3.9.8`, `^2.18.1`. */
  driverVersion?: string;
  /** For the C-library clients (mysql-cli, mysqlclient, ruby-mysql2): which library, where known. */
  clientLibrary?: ClientLibrary;
  host?: string;
  port?: number;
  /** Unix socket path, when the connection uses one (no TLS over it to diagnose). */
  socket?: string;
  user?: string;
  password?: Secret;
  database?: string;
  tls: TlsSettings;
  /** The file the connection was read from, as given to the reader; absent for CLI/settings. */
  file?: string;
  /** The whole connection (the URL, the DSN, the group of .env keys, the option-file group). */
  span: Span;
  /** Where each parameter is written, when it is. */
  params: Partial<Record<ParamKey, ParamLocation>>;
  /** Problems met while reading this connection (bad port, unknown ssl-mode...). */
  problems: ParseProblem[];
  /** Where a value came from when it is not written in place (code readers): `from .env (DB_HOST)`,
   *  or why it cannot be known before run time (`process.env.DB_HOST: not in the project's .env`). */
  origins?: Partial<Record<ParamKey, string>>;
  /** Settings the reader saw that this driver does not read as written (code readers): each is a
   *  finding for `lint` and the editor (`code` is a finding code of docs/CONTRACT.md). */
  settingNotes?: SettingNote[];
}

/** A setting this client ignores or reads otherwise than it looks (`rejectUnauthorized` outside
 *  `ssl`, a CA path where mysql2 wants the PEM text, PostgreSQL's `sslmode` in a MySQL config). */
export interface SettingNote {
  code: 'setting-ignored' | 'setting-deprecated';
  /** The key as written. */
  key: string;
  /** One sentence: what is wrong and what to write instead. */
  message: string;
  span: Span;
}

/** Result of reading one file's text. */
export interface ReadResult {
  connections: Connection[];
  /** Problems not attached to one connection (e.g. an unparseable URL-valued key). */
  problems: ParseProblem[];
}

/** The default port when none is written. */
export const DEFAULT_PORT = 3306;

/** The host every client assumes when none is written. */
export const DEFAULT_HOST = 'localhost';

/** The host the client connects to: the one written, else localhost. */
export function hostOf(c: Pick<Connection, 'host'>): string {
  return c.host ?? DEFAULT_HOST;
}

/** `host:port` as a client would be told to connect (IPv6 in brackets). */
export function hostPort(c: Pick<Connection, 'host' | 'port'>): string {
  return `${formatHost(hostOf(c))}:${c.port ?? DEFAULT_PORT}`;
}

export function connectionLabel(c: Pick<Connection, 'user' | 'host' | 'port' | 'socket'>): string {
  const where = c.socket ? c.socket : hostPort(c);
  return c.user ? `${c.user}@${where}` : where;
}

/** A host as written in a URL or label: an IPv6 address in brackets. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
