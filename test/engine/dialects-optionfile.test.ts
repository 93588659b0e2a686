import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readText } from '../../src/engine/dialects';
import type { Connection, ParamKey } from '../../src/engine/model/connection';

const value = (text: string, c: Connection, k: ParamKey) => text.slice(c.params[k]!.valueSpan.start, c.params[k]!.valueSpan.end);
const whole = (text: string, c: Connection, k: ParamKey) => text.slice(c.params[k]!.span.start, c.params[k]!.span.end);

test('my.cnf [client] group with ssl-mode, CA and quoted password', () => {
  const text = '# local\n[client]\nhost = 127.0.0.1\nport=3307\nuser=app\npassword = "se#cret"  # quoted\nssl-mode = VERIFY_CA\nssl_ca=/etc/mysql/ca.pem\n\n[mysqld]\nport=3306\n';
  const r = readText('my.cnf', text);
  assert.equal(r.connections.length, 1);
  const c = r.connections[0];
  assert.equal(c.dialect, 'option-file');
  assert.equal(c.form, '[client]');
  assert.equal(c.driver, 'mysql-cli');
  assert.deepEqual([c.host, c.port, c.user], ['127.0.0.1', 3307, 'app']);
  assert.equal(c.password?.reveal(), 'se#cret');
  assert.equal(c.tls.mode, 'VERIFY_CA');
  assert.equal(c.tls.ca, '/etc/mysql/ca.pem');
  assert.equal(text.slice(c.span.start, c.span.end), text.slice(text.indexOf('[client]'), text.indexOf('\n\n[mysqld]')));
  assert.equal(whole(text, c, 'mode'), 'ssl-mode = VERIFY_CA');
  assert.equal(value(text, c, 'mode'), 'VERIFY_CA');
  assert.equal(value(text, c, 'ca'), '/etc/mysql/ca.pem');
  assert.equal(value(text, c, 'password'), 'se#cret');
  assert.equal(c.params.ca?.key, 'ssl_ca');
});

test('MariaDB [client-mariadb] with ssl-verify-server-cert and skip-ssl', () => {
  const a = readText('.my.cnf', '[client-mariadb]\nhost=m\nssl-verify-server-cert\nssl-ca=/ca.pem\n').connections[0];
  assert.equal(a.tls.mode, 'VERIFY_IDENTITY');
  assert.equal(a.tls.verifyServerCert, true);
  const b = readText('x.cnf', '[mariadb-client]\nhost=m\nskip-ssl\n').connections[0];
  assert.equal(b.tls.mode, 'DISABLED');
  // `ssl` asks for TLS without insisting (MariaDB's client still connects to a server without TLS).
  const c = readText('x.cnf', '[client]\nhost=m\nssl=1\n').connections[0];
  assert.equal(c.tls.mode, 'PREFERRED');
  const d = readText('x.cnf', '[client]\nhost=m\nloose-ssl=OFF\n').connections[0];
  assert.equal(d.tls.mode, 'DISABLED');
});

test('[mysql] takes what [client] says unless it says otherwise', () => {
  const text = '[client]\nuser=app\nssl-ca=/ca.pem\nssl-mode=REQUIRED\n[mysql]\nhost=db\nssl-mode=VERIFY_IDENTITY\n[mysqldump]\nquick\n';
  const r = readText('my.cnf', text);
  assert.deepEqual(r.connections.map((c) => c.form), ['[client]', '[mysql]']);
  const m = r.connections[1];
  assert.equal(m.user, 'app');
  assert.equal(m.tls.ca, '/ca.pem');
  assert.equal(m.tls.mode, 'VERIFY_IDENTITY');
  assert.equal(text.slice(m.span.start, m.span.end), '[mysql]\nhost=db\nssl-mode=VERIFY_IDENTITY');
});

test('!include lines are noted, not followed', () => {
  const text = '!includedir /etc/mysql/conf.d/\n[client]\nhost=h\n';
  const r = readText('my.cnf', text);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].severity, 'warning');
  assert.match(r.problems[0].message, /!includedir is not followed/);
  assert.equal(r.connections[0].host, 'h');
});

test('server-only groups give no connection; ; comments and tls-version with CRLF', () => {
  assert.equal(readText('my.cnf', '[mysqld]\nssl-ca=/x\n[mariadb]\nssl=1\n').connections.length, 0);
  const text = '[client]\r\n; a comment\r\nhost=h\r\ntls-version=TLSv1.2,TLSv1.3\r\n';
  const c = readText('my.cnf', text).connections[0];
  assert.deepEqual(c.tls.tlsVersions, ['TLSv1.2', 'TLSv1.3']);
  assert.equal(value(text, c, 'tlsVersions'), 'TLSv1.2,TLSv1.3');
});

test('.ini with a [client] group is an option file; one without is searched for URLs', () => {
  assert.equal(readText('config.ini', '[client]\nhost=h\n').connections[0].dialect, 'option-file');
  const r = readText('app.ini', '[database]\nurl = mysql://u@h/db\n');
  assert.equal(r.connections[0].dialect, 'uri');
});

test('bad port and unknown ssl-mode in an option file are reported where written', () => {
  const text = '[client]\nport=x1\nssl-mode=MAYBE\n';
  const c = readText('my.cnf', text).connections[0];
  assert.deepEqual(c.problems.map((p) => text.slice(p.span.start, p.span.end)), ['x1', 'MAYBE']);
});

test('an option file saved with a byte-order mark still reads its first group', () => {
  const c = readText('my.cnf', '\uFEFF[client]\nhost=h\n').connections[0];
  assert.equal(c.host, 'h');
  assert.equal(c.span.start, 1);
});
