import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionsFromSettings } from '../../src/engine/dialects';

test('settings entries with a url and with separate fields', () => {
  const r = connectionsFromSettings([
    { name: 'prod', url: 'mysql://app@db.example.com:3307/shop?ssl-mode=VERIFY_IDENTITY', ca: '/etc/ca.pem' },
    { name: 'local', host: '127.0.0.1', port: 3310, user: 'root', sslMode: 'verify-ca', tlsVersions: ['TLSv1.3'], driver: 'mysql2' },
  ]);
  assert.deepEqual(r.problems, []);
  const [a, b] = r.connections;
  assert.equal(a.id, 'settings:prod');
  assert.equal(a.dialect, 'settings');
  assert.deepEqual([a.host, a.port, a.tls.mode, a.tls.ca], ['db.example.com', 3307, 'VERIFY_IDENTITY', '/etc/ca.pem']);
  assert.equal(a.file, undefined);
  assert.deepEqual(a.params, {});
  assert.equal(b.id, 'settings:local');
  assert.deepEqual([b.host, b.port, b.user, b.tls.mode, b.driver], ['127.0.0.1', 3310, 'root', 'VERIFY_CA', 'mysql2']);
  assert.deepEqual(b.tls.tlsVersions, ['TLSv1.3']);
  assert.equal(b.label, 'root@127.0.0.1:3310');
});

test('bad settings entries are named by index and field, the good ones kept', () => {
  const r = connectionsFromSettings([{ host: 'x' }, 'str', { name: 'a', host: 'h', port: 70000 }, { name: 'b', url: 'pg://x' }, { name: 'a', host: 'other' }, { name: 'c', host: 'h', sslMode: 'strict', driver: 'jdbc' }]);
  assert.deepEqual(r.connections.map((c) => c.id), ['settings:a', 'settings:c']);
  assert.ok(r.problems.some((p) => p.startsWith('tlsDoctor.connections[0]: "name"')));
  assert.ok(r.problems.some((p) => p.startsWith('tlsDoctor.connections[1]: expected an object')));
  assert.ok(r.problems.some((p) => p.startsWith('tlsDoctor.connections[2].port')));
  assert.ok(r.problems.some((p) => p.startsWith('tlsDoctor.connections[3].url') && p.includes('not a MySQL')));
  assert.ok(r.problems.some((p) => p.startsWith('tlsDoctor.connections[4]') && p.includes('used twice')));
  assert.ok(r.problems.some((p) => p.startsWith('tlsDoctor.connections[5].sslMode')));
  assert.ok(r.problems.some((p) => p.startsWith('tlsDoctor.connections[5].driver')));
  assert.deepEqual(connectionsFromSettings({ not: 'array' }).problems, ['tlsDoctor.connections: expected an array of connections']);
  assert.deepEqual(connectionsFromSettings(undefined), { connections: [], problems: [] });
});

test('a password in a settings url never shows in problems or JSON', () => {
  const r = connectionsFromSettings([{ name: 'p', url: 'mysql://u:topsecret@h:99999/x' }]);
  assert.ok(!JSON.stringify(r).includes('topsecret'));
  assert.equal(r.connections[0].password?.reveal(), 'topsecret');
});

test('a settings URL with two problems lists each once', () => {
  const r = connectionsFromSettings([{ name: 'x', url: 'mysql://h:99999/db?ssl-mode=bogus' }]);
  assert.equal(r.problems.length, new Set(r.problems).size, r.problems.join('\n'));
});
