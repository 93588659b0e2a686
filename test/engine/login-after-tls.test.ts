// A TLS handshake that works is not a connection that works: a server (or a proxy in front of it)
// that hangs up or goes silent after TLS stops every login. No real server here does that on
// purpose, so a protocol-level server with real TLS on 127.0.0.1 plays it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeServer, type FakeServer } from '../../src/engine/demo/fakeServer';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { Secret } from '../../src/engine/model/secret';
import { testPki } from './probeFixtures';

let hangsUp: FakeServer;
let silent: FakeServer;
before(async () => {
  const pki = testPki();
  const tls = { key: pki.keyPem, cert: pki.chainPem };
  hangsUp = await startFakeServer({ greetingTls: true, tls, afterTls: 'close' });
  silent = await startFakeServer({ greetingTls: true, tls, afterTls: 'stall' });
});
after(async () => {
  await Promise.all([hangsUp.close(), silent.close()]);
});

async function run(server: FakeServer, password?: string): Promise<DiagnosisReport> {
  const { connection } = parseConnectionString(`mysql://app@127.0.0.1:${server.port}/shop?ssl-mode=REQUIRED`);
  assert.ok(connection);
  return diagnose(connection, { timeoutMs: 1500, password: password === undefined ? undefined : new Secret(password) });
}

const codes = (r: DiagnosisReport) => r.findings.map((f) => f.code).join(', ');

describe('with a password, a login that cannot complete after TLS is an error, never "TLS works"', () => {
  test('the server hangs up after the handshake: login-refused says it closed the connection after TLS', async () => {
    const r = await run(hangsUp, 'pw-after-tls-1');
    const f = r.findings.find((x) => x.code === 'login-refused');
    assert.ok(f, codes(r));
    assert.equal(f.severity, 'error');
    assert.match(f.title, /closed the connection after the TLS handshake/);
    assert.ok(!r.findings.some((x) => x.code === 'tls-ok'), codes(r));
  });

  test('the server never answers after the handshake: login-refused says it stopped answering', async () => {
    const r = await run(silent, 'pw-after-tls-2');
    const f = r.findings.find((x) => x.code === 'login-refused');
    assert.ok(f, codes(r));
    assert.match(f.title, /stopped answering after the TLS handshake/);
    assert.ok(!r.findings.some((x) => x.code === 'tls-ok'), codes(r));
  });
});

test('without a password the handshake is reported as working, and the report says the login was not tried', async () => {
  const r = await run(hangsUp);
  const ok = r.findings.find((x) => x.code === 'tls-ok');
  assert.ok(ok, codes(r));
  assert.match(ok.detail, /Logging in was not tried \(no password was given\)/);
  assert.equal(ok.evidence.loginChecked, false);
});
