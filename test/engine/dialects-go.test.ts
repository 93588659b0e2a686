import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConnectionString, readText } from '../../src/engine/dialects';
import type { Connection, ParamKey } from '../../src/engine/model/connection';

const value = (text: string, c: Connection, k: ParamKey) => text.slice(c.params[k]!.valueSpan.start, c.params[k]!.valueSpan.end);

test('Go source with sql.Open and tls=true', () => {
  const text = 'db, err := sql.Open("mysql", "app:pa:ss@tcp(db.example.com:3307)/shop?parseTime=true&tls=true")\n';
  const r = readText('main.go', text);
  assert.equal(r.connections.length, 1);
  const c = r.connections[0];
  assert.equal(c.dialect, 'go-dsn');
  assert.equal(c.driver, 'go');
  assert.equal(text.slice(c.span.start, c.span.end), 'app:pa:ss@tcp(db.example.com:3307)/shop?parseTime=true&tls=true');
  assert.deepEqual([c.user, c.password?.reveal(), c.host, c.port, c.database], ['app', 'pa:ss', 'db.example.com', 3307, 'shop']);
  assert.equal(c.tls.mode, 'VERIFY_IDENTITY');
  assert.equal(value(text, c, 'mode'), 'true');
  assert.equal(value(text, c, 'host'), 'db.example.com');
  assert.equal(value(text, c, 'port'), '3307');
  assert.equal(value(text, c, 'password'), 'pa:ss');
});

test('Go DSN tls values: false, skip-verify, preferred', () => {
  const mode = (v: string) => parseConnectionString(`u@tcp(h:3306)/d?tls=${v}`).connection?.tls;
  assert.equal(mode('false')?.mode, 'DISABLED');
  assert.equal(mode('skip-verify')?.mode, 'REQUIRED');
  assert.equal(mode('skip-verify')?.verifyServerCert, false);
  assert.equal(mode('preferred')?.mode, 'PREFERRED');
});

test('Go DSN with a registered tls config name', () => {
  const text = 'u:p@tcp(10.0.0.5:3306)/d?tls=custom-rds';
  const c = parseConnectionString(text).connection!;
  assert.equal(c.tls.profile, 'custom-rds');
  assert.equal(c.tls.mode, 'REQUIRED');
  assert.equal(c.tls.verifyServerCert, undefined);
  assert.equal(value(text, c, 'profile'), 'custom-rds');
});

test('Go DSN without tls says nothing about the mode (the driver default applies)', () => {
  const c = parseConnectionString('root@tcp(127.0.0.1:3306)/test').connection!;
  assert.equal(c.tls.mode, undefined);
  assert.equal(c.params.mode, undefined);
});

test('Go DSN on IPv6 loopback and on a unix socket', () => {
  const a = parseConnectionString('u@tcp([::1]:3307)/d').connection!;
  assert.deepEqual([a.host, a.port], ['::1', 3307]);
  const b = parseConnectionString('u@unix(/var/run/mysqld/mysqld.sock)/d').connection!;
  assert.equal(b.socket, '/var/run/mysqld/mysqld.sock');
  assert.equal(b.host, undefined);
});

test('Go DSN with no user, in a YAML file', () => {
  const text = 'dsn: tcp(localhost:3306)/app?tls=skip-verify\n';
  const r = readText('config.yaml', text);
  assert.equal(r.connections.length, 1);
  assert.equal(text.slice(r.connections[0].span.start, r.connections[0].span.end), 'tcp(localhost:3306)/app?tls=skip-verify');
});

test('function calls named like networks are not DSNs', () => {
  assert.equal(readText('x.go', 'conn := newtcp(addr)/2; unix(x)').connections.length, 0);
});
