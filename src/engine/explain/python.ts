import type { Rule } from './match';

/* PyMySQL, mysqlclient (MySQLdb, libmariadb), MySQL Connector/Python, and Python's ssl module. */

const PYMYSQL_2003 =
  "PyMySQL reports a TLS failure as 2003 \"Can't connect to MySQL server\", as if the server were unreachable: the TLS reason is inside the parentheses ([SSL: ...]).";

export const pythonRules: Rule[] = [
  { client: 'pymysql', pattern: 'PyMySQL OperationalError', needles: ['pymysql.err.operationalerror', 'pymysql.err'], codes: [], weight: 10 },
  { client: 'pymysql', pattern: 'PyMySQL 2003 wrapping TLS', needles: ['(2003,'], followedBy: ['[ssl', 'ssl:', 'certificate', 'eof occurred', 'tls'], within: 300, codes: [], weight: 10, misleading: PYMYSQL_2003 },
  { client: 'mysqlclient', pattern: 'MySQLdb OperationalError', needles: ['mysqldb.operationalerror', 'mysqldb. exceptions.operationalerror', 'mysql exceptions.operationalerror', 'mysqldb.'], codes: [], weight: 10 },
  { client: 'mysql-connector-python', pattern: 'Connector/Python error', needles: ['mysql.connector.errors.', 'mysql.connector'], codes: [], weight: 10 },
  { client: 'mysql-connector-python', pattern: 'lost connection 2055', needles: ['2055: lost connection', '2055 (hy000)'], codes: [], weight: 10 },
  { client: 'openssl', pattern: 'python ssl error', needles: ['ssl.sslerror', 'sslcertverificationerror', '(_ssl.c:'], codes: [], weight: 10 },
  { client: 'openssl', pattern: 'python PEM lib', needles: ['[ssl] pem lib'], codes: ['file-wrong-kind', 'key-cert-mismatch', 'file-der-encoded', 'key-encrypted'], weight: 50, note: "Python's load_cert_chain() failed: the certificate or key file is not PEM, is the wrong kind, is encrypted, or the two do not match." },
  { client: 'openssl', pattern: 'EOF in violation of protocol', needles: ['eof occurred in violation of protocol'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 20, note: 'The server closed the connection during the handshake without an alert.' },
];
