import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whyNoGreeting } from '../../src/engine/checks/reachability';
import { startFakeServer } from '../../src/engine/demo/fakeServer';
import { parseConnectionString } from '../../src/engine/dialects';

function conn(port: number) {
  const c = parseConnectionString(`mysql://app@127.0.0.1:${port}/shop`).connection;
  assert.ok(c);
  return c;
}

test('before a password prompt: a server that greets is worth asking for', async () => {
  const server = await startFakeServer({ greetingTls: true });
  try {
    assert.equal(await whyNoGreeting(conn(server.port), { timeoutMs: 3000 }), undefined);
  } finally {
    await server.close();
  }
});

test('before a password prompt: nothing listening says why, as the diagnosis will', async () => {
  assert.equal(await whyNoGreeting(conn(1), { timeoutMs: 3000 }), '127.0.0.1:1 is unreachable (connection refused)');
});
