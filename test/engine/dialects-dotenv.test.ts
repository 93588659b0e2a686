import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readText } from '../../src/engine/dialects';
import type { Connection, ParamKey } from '../../src/engine/model/connection';

const value = (text: string, c: Connection, k: ParamKey) => text.slice(c.params[k]!.valueSpan.start, c.params[k]!.valueSpan.end);
const whole = (text: string, c: Connection, k: ParamKey) => text.slice(c.params[k]!.span.start, c.params[k]!.span.end);

test('Laravel .env with DB_CONNECTION=mysql and MYSQL_ATTR_SSL_CA', () => {
  const text = 'APP_NAME=Shop\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\nDB_DATABASE=shop\nDB_USERNAME=shop\nDB_PASSWORD="p#ss word"\n\nMYSQL_ATTR_SSL_CA=/etc/ssl/ca.pem\nREDIS_HOST=127.0.0.1\n';
  const r = readText('.env', text);
  assert.equal(r.connections.length, 1);
  const c = r.connections[0];
  assert.equal(c.dialect, 'dotenv');
  assert.equal(c.form, 'dotenv-group');
  assert.equal(c.driver, 'php-pdo');
  assert.deepEqual([c.host, c.port, c.user, c.database], ['127.0.0.1', 3306, 'shop', 'shop']);
  assert.equal(c.password?.reveal(), 'p#ss word');
  assert.equal(c.tls.ca, '/etc/ssl/ca.pem');
  assert.equal(text.slice(c.span.start, c.span.end), text.slice(text.indexOf('DB_CONNECTION'), text.indexOf('\nREDIS')));
  assert.equal(whole(text, c, 'ca'), 'MYSQL_ATTR_SSL_CA=/etc/ssl/ca.pem');
  assert.equal(value(text, c, 'ca'), '/etc/ssl/ca.pem');
  assert.equal(whole(text, c, 'password'), 'DB_PASSWORD="p#ss word"');
  assert.equal(value(text, c, 'password'), 'p#ss word');
  assert.equal(c.params.host?.key, 'DB_HOST');
});

test('MYSQL_* group with ssl mode, CA, cert, key and TLS version, export prefix and CRLF', () => {
  const text = 'export MYSQL_HOST=db.local\r\nexport MYSQL_PORT=3307\r\nMYSQL_USER=app\r\nMYSQL_SSL_MODE=verify_identity\r\nMYSQL_SSL_CA=\'certs/ca.pem\'\r\nMYSQL_SSL_CERT=certs/client.pem # client\r\nMYSQL_SSL_KEY=`certs/client-key.pem`\r\nMYSQL_TLS_VERSION=TLSv1.3\r\n';
  const r = readText('config/.env.local', text);
  assert.equal(r.connections.length, 1);
  const c = r.connections[0];
  assert.deepEqual([c.host, c.port, c.user], ['db.local', 3307, 'app']);
  assert.equal(c.tls.mode, 'VERIFY_IDENTITY');
  assert.equal(c.tls.ca, 'certs/ca.pem');
  assert.equal(c.tls.cert, 'certs/client.pem');
  assert.equal(c.tls.key, 'certs/client-key.pem');
  assert.deepEqual(c.tls.tlsVersions, ['TLSv1.3']);
  assert.equal(value(text, c, 'cert'), 'certs/client.pem');
  assert.equal(whole(text, c, 'mode'), 'MYSQL_SSL_MODE=verify_identity');
  assert.equal(value(text, c, 'key'), 'certs/client-key.pem');
  assert.equal(text.slice(c.span.start, c.span.end), text.slice(7, text.lastIndexOf('\r\n')));
});

test('DATABASE_URL with double quotes keeps its span inside the quotes', () => {
  const text = '# db\nDATABASE_URL="mysql://app:pw@localhost:3306/app?ssl-mode=REQUIRED"  # main\n';
  const r = readText('.env', text);
  const c = r.connections[0];
  assert.equal(c.form, 'dotenv-url');
  assert.equal(c.dialect, 'dotenv');
  assert.equal(text.slice(c.span.start, c.span.end), 'mysql://app:pw@localhost:3306/app?ssl-mode=REQUIRED');
  assert.equal(value(text, c, 'mode'), 'REQUIRED');
  assert.equal(c.tls.mode, 'REQUIRED');
});

test('duplicated URL key: the last one wins, as dotenv reads it', () => {
  const text = 'DATABASE_URL=mysql://a@first/db\nDATABASE_URL=mysql://b@second/db\n';
  const r = readText('.env', text);
  assert.equal(r.connections.length, 1);
  assert.equal(r.connections[0].host, 'second');
});

test('unquoted value ends at # like dotenv (a # in a password cuts it)', () => {
  const text = 'MYSQL_HOST=h\nMYSQL_PASSWORD=abc#def\n';
  const c = readText('.env', text).connections[0];
  assert.equal(c.password?.reveal(), 'abc');
});

test('a prisma/.env URL is read as Prisma', () => {
  const c = readText('prisma/.env', 'DATABASE_URL=mysql://u@h:3306/db').connections[0];
  assert.equal(c.driver, 'prisma');
  assert.equal(readText('.env', 'PRISMA_DATABASE_URL=mysql://u@h/db').connections[0].driver, 'prisma');
  assert.equal(readText('.env', 'DATABASE_URL=mysql://u@h/db').connections[0].driver, 'unknown');
});

test('Go DSN and JDBC URL as .env values', () => {
  const text = "APP_DSN='u:p@tcp(127.0.0.1:3306)/x?tls=preferred'\nJDBC_URL=jdbc:mariadb://m:3306/x?sslMode=verify-full\n";
  const r = readText('.env.production', text);
  assert.equal(r.connections.length, 2);
  assert.equal(r.connections[0].driver, 'go');
  assert.equal(r.connections[0].tls.mode, 'PREFERRED');
  assert.equal(r.connections[1].driver, 'mariadb-java');
  assert.equal(r.connections[1].tls.mode, 'VERIFY_IDENTITY');
});

test('docker MYSQL_ROOT_PASSWORD without a host is no client connection; postgres DB_ group is ignored', () => {
  assert.equal(readText('.env', 'MYSQL_ROOT_PASSWORD=x\nMYSQL_DATABASE=y\n').connections.length, 0);
  assert.equal(readText('.env', 'DB_CONNECTION=pgsql\nDB_HOST=h\nDB_PORT=5432\n').connections.length, 0);
  assert.equal(readText('.env', 'DB_HOST=h\nDB_PORT=3306\n').connections.length, 1);
});

test('multi-line double-quoted value and an unclosed quote do not derail later keys', () => {
  const text = 'CERT="-----BEGIN\nabc\n-----END"\nBROKEN="oops\nMYSQL_HOST=db\nMYSQL_PORT=3310\n';
  const c = readText('.env', text).connections[0];
  assert.deepEqual([c.host, c.port], ['db', 3310]);
});

test('bad port in a group is reported on the value', () => {
  const text = 'MYSQL_HOST=db\nMYSQL_PORT=abc\n';
  const c = readText('.env', text).connections[0];
  assert.equal(c.problems.length, 1);
  assert.equal(text.slice(c.problems[0].span.start, c.problems[0].span.end), 'abc');
  assert.match(c.problems[0].message, /MYSQL_PORT/);
});

test('a .env saved with a byte-order mark still reads its first key', () => {
  const text = '\uFEFFMYSQL_HOST=db\nMYSQL_PORT=3310\n';
  const c = readText('.env', text).connections[0];
  assert.equal(c.host, 'db');
  assert.equal(text.slice(c.span.start, c.span.end), 'MYSQL_HOST=db\nMYSQL_PORT=3310');
});

test('URL built from other keys with ${VAR} placeholders warns instead of failing', () => {
  const text = 'DATABASE_URL=mysql://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:${DB_PORT}/${DB_DATABASE}?ssl-mode=REQUIRED\n';
  const c = readText('.env', text).connections[0];
  assert.equal(c.tls.mode, 'REQUIRED');
  assert.deepEqual(c.problems.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]), [['warning', '${DB_HOST}'], ['warning', '${DB_PORT}']]);
});
