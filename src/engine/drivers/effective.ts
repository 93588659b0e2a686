import { statSync } from 'node:fs';
import type { Connection, DriverId } from '../model/connection';
import { goTls } from './go';
import { connectorJTls, mariadbJavaTls } from './java';
import { libmysqlclientTls } from './libmysqlclient';
import { connectorNetTls, mysqlConnectorTls } from './dotnet';
import { mysql2Tls } from './mysql2';
import { mariadbNodeTls, mysqljsTls } from './node';
import { phpMysqliTls, phpPdoTls } from './php';
import { prismaTls } from './prisma';
import { connectorPythonTls, pymysqlTls } from './python';
import { sqlxTls } from './rust';
import type { EffectiveTls } from './types';

export type { EffectiveTls } from './types';

const BY_DRIVER: Readonly<Record<DriverId, (conn: Connection) => EffectiveTls>> = {
  'mysql-cli': libmysqlclientTls,
  mysqlclient: libmysqlclientTls,
  unknown: libmysqlclientTls,
  'ruby-mysql2': libmysqlclientTls,
  mysql2: mysql2Tls,
  mysql: mysqljsTls,
  'mariadb-node': mariadbNodeTls,
  'connector-j': connectorJTls,
  'mariadb-java': mariadbJavaTls,
  prisma: prismaTls,
  go: goTls,
  pymysql: pymysqlTls,
  'mysql-connector-python': connectorPythonTls,
  'php-pdo': phpPdoTls,
  'php-mysqli': phpMysqliTls,
  mysqlconnector: mysqlConnectorTls,
  'connector-net': connectorNetTls,
  sqlx: sqlxTls,
};

const NAMES: Readonly<Record<DriverId, string>> = {
  'mysql-cli': 'mysql client / libmysqlclient',
  mysql2: 'mysql2 (Node.js)',
  mysql: 'mysql (mysqljs, Node.js)',
  'mariadb-node': 'MariaDB Connector/Node.js',
  'connector-j': 'MySQL Connector/J',
  'mariadb-java': 'MariaDB Connector/J',
  prisma: 'Prisma',
  go: 'go-sql-driver/mysql (Go)',
  pymysql: 'PyMySQL',
  mysqlclient: 'mysqlclient (Python MySQLdb)',
  'mysql-connector-python': 'MySQL Connector/Python',
  'php-pdo': 'PHP PDO (mysqlnd)',
  'php-mysqli': 'PHP mysqli (mysqlnd)',
  mysqlconnector: 'MySqlConnector (.NET)',
  'connector-net': 'MySQL Connector/NET',
  'ruby-mysql2': 'mysql2 gem (Ruby)',
  sqlx: 'sqlx (Rust)',
  unknown: 'unknown client (assumed the mysql client)',
};

/** What the connection's client will actually do, after its driver's defaults. Never throws. */
export function effectiveTls(conn: Connection): EffectiveTls {
  const fn = BY_DRIVER[conn.driver] ?? libmysqlclientTls;
  return fn(conn);
}

// libmysqlclient, MariaDB Connector/C and PHP's mysqlnd take the host "localhost" to mean the Unix
// socket (Debian's debian.cnf names both): the socket given beside it is what they connect to, and
// without one their built-in default, whatever port is written (measured with the mariadb client,
// mysqlclient and PHP: error 2002 when no server listens there).
const LOCALHOST_MEANS_SOCKET = new Set<DriverId>(['mysql-cli', 'mysqlclient', 'ruby-mysql2', 'php-pdo', 'php-mysqli', 'unknown']);
// The C libraries read $MYSQL_UNIX_PORT; mysqlnd reads only php.ini (pdo_mysql.default_socket).
const READS_UNIX_PORT_ENV = new Set<DriverId>(['mysql-cli', 'mysqlclient', 'ruby-mysql2', 'unknown']);

/** Built-in default sockets: Debian/Ubuntu (MariaDB and MySQL packages, PHP), RHEL, macOS/Homebrew. */
export const DEFAULT_SOCKETS: readonly string[] = ['/run/mysqld/mysqld.sock', '/var/run/mysqld/mysqld.sock', '/var/lib/mysql/mysql.sock', '/tmp/mysql.sock'];

/** The Unix socket this client connects over, or undefined when it goes over TCP. */
export function localSocketOf(conn: Connection, driver: DriverId = conn.driver, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (conn.socket) {
    if (!conn.host) return conn.socket;
    return isLocalhost(conn.host) && LOCALHOST_MEANS_SOCKET.has(driver) ? conn.socket : undefined;
  }
  if (!conn.host || !isLocalhost(conn.host) || !LOCALHOST_MEANS_SOCKET.has(driver) || process.platform === 'win32') return undefined;
  return defaultSocket(driver, env);
}

/** Where this client looks for the server's socket when none is written. */
function defaultSocket(driver: DriverId, env: NodeJS.ProcessEnv): string {
  const fromEnv = READS_UNIX_PORT_ENV.has(driver) ? env.MYSQL_UNIX_PORT : undefined;
  if (fromEnv) return fromEnv;
  const platformDefault = process.platform === 'darwin' ? '/tmp/mysql.sock' : DEFAULT_SOCKETS[0];
  return DEFAULT_SOCKETS.find(isSocketFile) ?? platformDefault;
}

function isLocalhost(host: string): boolean {
  return host.toLowerCase() === 'localhost';
}

/** True when a Unix socket exists at `path` (something may listen there). */
export function isSocketFile(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/** A readable name for a driver: "mysql2 (Node.js)", "MySQL Connector/J"... */
export function driverName(d: DriverId): string {
  return NAMES[d] ?? String(d);
}
