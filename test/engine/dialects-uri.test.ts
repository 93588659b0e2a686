import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConnectionString, readText } from '../../src/engine/dialects';
import type { Connection, ParamKey } from '../../src/engine/model/connection';

function only(file: string, text: string): Connection {
  const r = readText(file, text);
  assert.equal(r.connections.length, 1, `one connection in ${file}`);
  return r.connections[0];
}
const value = (text: string, c: Connection, k: ParamKey) => {
  const loc = c.params[k];
  assert.ok(loc, `param ${k} located`);
  return text.slice(loc.valueSpan.start, loc.valueSpan.end);
};
const whole = (text: string, c: Connection, k: ParamKey) => text.slice(c.params[k]!.span.start, c.params[k]!.span.end);

test('MySQL Shell URI with ssl-mode, parenthesised CA and TLS versions in a TypeScript file', () => {
  const url = 'mysql://app:s3cr%40t@db.example.com:3307/shop?ssl-mode=VERIFY_CA&ssl-ca=(/etc/my%20ca.pem)&tls-version=TLSv1.2,TLSv1.3';
  const text = `const url = "${url}";\n`;
  const c = only('src/db.ts', text);
  assert.equal(c.dialect, 'uri');
  assert.equal(c.id, `src/db.ts#${text.indexOf('mysql://')}`);
  assert.equal(text.slice(c.span.start, c.span.end), url);
  assert.equal(c.host, 'db.example.com');
  assert.equal(c.port, 3307);
  assert.equal(c.user, 'app');
  assert.equal(c.password?.reveal(), 's3cr@t');
  assert.equal(c.database, 'shop');
  assert.equal(c.tls.mode, 'VERIFY_CA');
  assert.equal(c.tls.ca, '/etc/my ca.pem');
  assert.deepEqual(c.tls.tlsVersions, ['TLSv1.2', 'TLSv1.3']);
  assert.equal(value(text, c, 'mode'), 'VERIFY_CA');
  assert.equal(whole(text, c, 'mode'), 'ssl-mode=VERIFY_CA');
  assert.equal(value(text, c, 'ca'), '(/etc/my%20ca.pem)');
  assert.equal(value(text, c, 'host'), 'db.example.com');
  assert.equal(value(text, c, 'port'), '3307');
  assert.equal(value(text, c, 'user'), 'app');
  assert.equal(value(text, c, 'password'), 's3cr%40t');
  assert.ok(!c.label.includes('s3cr'), 'label has no password');
  assert.equal(c.label, 'app@db.example.com:3307');
});

test('ssl mode keys in every spelling and case', () => {
  for (const [k, v, mode] of [['sslmode', 'required', 'REQUIRED'], ['ssl_mode', 'Verify_Identity', 'VERIFY_IDENTITY'], ['sslMode', 'DISABLED', 'DISABLED'], ['SSL-MODE', 'preferred', 'PREFERRED'], ['ssl-mode', 'verify-ca', 'VERIFY_CA']] as const) {
    const r = parseConnectionString(`mysql://h/db?${k}=${v}`);
    assert.equal(r.connection?.tls.mode, mode, `${k}=${v}`);
  }
});

test('unknown ssl-mode value is a problem on the value span', () => {
  const text = 'mysql://h/db?ssl-mode=STRICT';
  const r = parseConnectionString(text);
  assert.equal(r.connection?.tls.mode, undefined);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].message, 'ssl-mode: unknown SSL mode "STRICT" (expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)');
  assert.equal(text.slice(r.problems[0].span.start, r.problems[0].span.end), 'STRICT');
});

test('IPv6 host in brackets without a port takes the default port', () => {
  const text = 'mariadb://root@[::1]/test';
  const r = parseConnectionString(text);
  const c = r.connection!;
  assert.equal(c.form, 'mariadb-uri');
  assert.equal(c.host, '::1');
  assert.equal(c.port, undefined);
  assert.equal(c.label, 'root@[::1]:3306');
  assert.equal(whole(text, c, 'host'), '[::1]');
  assert.equal(value(text, c, 'host'), '::1');
});

test('socket given as a query parameter and as a percent-encoded host', () => {
  assert.equal(parseConnectionString('mysql://u@localhost/db?socket=/run/mysqld/mysqld.sock').connection?.socket, '/run/mysqld/mysqld.sock');
  assert.equal(parseConnectionString('mysqlx://u@%2Frun%2Fmysqld%2Fmysqlx.sock/db').connection?.socket, '/run/mysqld/mysqlx.sock');
  assert.equal(parseConnectionString('mysqlx://u@(/tmp/x.sock)/db').connection?.socket, '/tmp/x.sock');
});

test('bad port is reported with its span and no password in the message', () => {
  const text = 'mysql://u:hunter2@db:70000/x';
  const r = parseConnectionString(text);
  assert.equal(r.problems.length, 1);
  assert.equal(text.slice(r.problems[0].span.start, r.problems[0].span.end), '70000');
  assert.ok(!r.problems[0].message.includes('hunter2'));
});

test('Prisma URL with sslaccept=strict and sslcert naming the CA', () => {
  const text = 'DATABASE_URL="mysql://u:p@db:3306/app?sslcert=../certs/ca.pem&sslaccept=strict&connection_limit=5"';
  const c = parseConnectionString(text.slice(14, -1)).connection!;
  assert.equal(c.driver, 'prisma');
  assert.equal(c.form, 'prisma-uri');
  assert.equal(c.tls.ca, '../certs/ca.pem');
  assert.equal(c.tls.cert, undefined);
  assert.equal(c.tls.verifyServerCert, true);
  assert.equal(c.tls.mode, 'VERIFY_IDENTITY');
});

test('Prisma URL with accept_invalid_certs and sslmode=require, client identity and password', () => {
  const text = 'mysql://u@db/app?sslmode=require&sslaccept=accept_invalid_certs&sslidentity=client.p12&sslpassword=pw';
  const c = parseConnectionString(text).connection!;
  assert.equal(c.driver, 'prisma');
  assert.equal(c.tls.mode, 'REQUIRED');
  assert.equal(c.tls.verifyServerCert, false);
  assert.equal(c.tls.cert, 'client.p12');
  assert.equal(c.tls.keyPassphrase, true);
  assert.equal(value(text, c, 'verifyServerCert'), 'accept_invalid_certs');
  assert.ok(!JSON.stringify(c).includes('"pw"'));
});

test('Prisma sslmode=disable and prefer', () => {
  assert.equal(parseConnectionString('mysql://u@db/app?sslmode=disable&sslaccept=strict').connection?.tls.mode, 'DISABLED');
  assert.equal(parseConnectionString('mysql://u@db/app?sslmode=prefer').connection?.tls.mode, 'PREFERRED');
});

test('mysql2 ssl JSON with rejectUnauthorized false, raw and percent-encoded', () => {
  for (const ssl of ['{"rejectUnauthorized":false}', encodeURIComponent('{"rejectUnauthorized":false}')]) {
    const text = `mysql://u@db/app?ssl=${ssl}`;
    const c = parseConnectionString(text).connection!;
    assert.equal(c.driver, 'mysql2');
    assert.equal(c.tls.mode, 'REQUIRED');
    assert.equal(c.tls.verifyServerCert, false);
    assert.equal(value(text, c, 'mode'), ssl);
  }
});

test('mysql2 ssl JSON in a JSON config file with escaped quotes', () => {
  const text = '{ "db": "mysql://u@127.0.0.1:3306/app?ssl={\\"rejectUnauthorized\\":true,\\"verifyIdentity\\":true,\\"minVersion\\":\\"TLSv1.2\\"}" }';
  const c = only('config.json', text);
  assert.equal(c.tls.mode, 'VERIFY_IDENTITY');
  assert.equal(c.tls.verifyServerCert, true);
  assert.deepEqual(c.tls.tlsVersions, ['TLSv1.2', 'TLSv1.3']);
});

test('mysql2 profile name ssl=Amazon RDS', () => {
  const text = 'mysql://u@x.rds.amazonaws.com/app?ssl=Amazon%20RDS';
  const c = parseConnectionString(text).connection!;
  assert.equal(c.driver, 'mysql2');
  assert.equal(c.tls.profile, 'Amazon RDS');
  assert.equal(value(text, c, 'profile'), 'Amazon%20RDS');
});

test('SQLAlchemy URL picks the Python driver from the scheme', () => {
  const c = parseConnectionString('mysql+pymysql://u:p@db/app?ssl_ca=/ca.pem&ssl_verify_cert=true&ssl_verify_identity=false').connection!;
  assert.equal(c.driver, 'pymysql');
  assert.equal(c.tls.ca, '/ca.pem');
  assert.equal(c.tls.verifyServerCert, true);
  assert.equal(c.tls.verifyIdentity, false);
  assert.equal(parseConnectionString('mysql+mysqldb://u@db/app').connection?.driver, 'mysqlclient');
});

test('every TLS key of a MySQL URI reaches the settings with its span', () => {
  const text = 'mysql://u@h/d?ssl-cert=c.pem&ssl-key=k.pem&ssl-cipher=ECDHE-RSA-AES128-GCM-SHA256&tls-ciphersuites=TLS_AES_128_GCM_SHA256&ssl-capath=/etc/ssl/certs&ssl-crl=r.pem';
  const c = parseConnectionString(text).connection!;
  assert.deepEqual(
    { cert: c.tls.cert, key: c.tls.key, cipher: c.tls.cipher, ciphersuites: c.tls.ciphersuites, capath: c.tls.capath, crl: c.tls.crl },
    { cert: 'c.pem', key: 'k.pem', cipher: 'ECDHE-RSA-AES128-GCM-SHA256', ciphersuites: 'TLS_AES_128_GCM_SHA256', capath: '/etc/ssl/certs', crl: 'r.pem' },
  );
  for (const k of ['cert', 'key', 'cipher', 'ciphersuites', 'capath', 'crl'] as const) assert.equal(value(text, c, k), c.tls[k]);
});

test('URL in Markdown parentheses and prose punctuation ends where the URL ends', () => {
  const text = 'See (mysql://u@db:3306/app?ssl-mode=REQUIRED). Or mysql://v@db2/x, then stop.';
  const r = readText('notes.txt', text);
  assert.deepEqual(r.connections.map((c) => text.slice(c.span.start, c.span.end)), ['mysql://u@db:3306/app?ssl-mode=REQUIRED', 'mysql://v@db2/x']);
});

test('XML with &amp; between JDBC-style query parameters of a URI', () => {
  const text = '<url>mysql://u@db/app?ssl-mode=REQUIRED&amp;ssl-ca=/ca.pem</url>';
  const c = only('context.xml', text);
  assert.equal(c.tls.ca, '/ca.pem');
  assert.equal(c.tls.mode, 'REQUIRED');
});

test('postgres and http URLs are not MySQL connections', () => {
  assert.equal(readText('a.yml', 'a: postgres://u@h/db\nb: https://example.com/mysql://x').connections.length, 0);
});

test('bare host forms on the command line', () => {
  const a = parseConnectionString('db.example.com').connection!;
  assert.equal(a.dialect, 'cli');
  assert.equal(a.host, 'db.example.com');
  assert.equal(a.port, undefined);
  const b = parseConnectionString('[::1]:3307').connection!;
  assert.deepEqual([b.host, b.port], ['::1', 3307]);
  const c = parseConnectionString('app@127.0.0.1:3310').connection!;
  assert.deepEqual([c.user, c.host, c.port], ['app', '127.0.0.1', 3310]);
  const bad = parseConnectionString('db host');
  assert.equal(bad.connection, undefined);
  assert.match(bad.problems[0].message, /character 3/);
  assert.match(parseConnectionString('pg://x').problems[0].message, /not a MySQL/);
  assert.match(parseConnectionString('   ').problems[0].message, /empty/);
});

test('Rails database.yml mysql2:// URL with sslca and sslverify', () => {
  const text = 'production:\n  url: mysql2://app:pw@db.internal/app?sslca=/etc/ca.pem&sslverify=true\n';
  const c = readText('config/database.yml', text).connections[0];
  assert.equal(c.tls.ca, '/etc/ca.pem');
  assert.equal(c.tls.verifyServerCert, true);
  assert.equal(text.slice(c.params.verifyServerCert!.span.start, c.params.verifyServerCert!.span.end), 'sslverify=true');
});

test('an empty port after the colon means the default port, without a problem', () => {
  const r = parseConnectionString('mysql://u@h:/db');
  assert.deepEqual(r.problems, []);
  assert.equal(r.connection?.port, undefined);
});

test('user:password@host:port on the command line keeps the password out of the user name and label', () => {
  const { connection } = parseConnectionString('root:s3cret@db.example:3306');
  assert.equal(connection?.user, 'root');
  assert.equal(connection?.password?.reveal(), 's3cret');
  assert.ok(!connection?.label.includes('s3cret'), connection?.label);
});
