// "Connect to a name the certificate is issued for" is preferred only when that name resolves from
// this machine (RFC 6761: names under .invalid never resolve; localhost does, from /etc/hosts).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCa, createServerCert } from '../../src/engine/certs/generate';
import { startFakeServer } from '../../src/engine/demo/fakeServer';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import { preferredFix } from '../../src/engine/fixes/preferred';
import { markUnresolvedHosts, whyUnresolved } from '../../src/engine/fixes/resolve';
import { finding } from '../../src/engine/model/finding';
import { renderText } from '../../src/engine/report/text';
import { tempDir } from '../helpers';

test('a name that does not resolve from here is said so and not preferred; the next name that resolves is', async () => {
  const f = finding('hostname-mismatch', 'not issued for 10.0.0.7', 'detail', {}, [
    { kind: 'set-host', title: 'Connect to db.tls-doctor.invalid', host: 'db.tls-doctor.invalid', preferred: true },
    { kind: 'set-host', title: 'Connect to localhost', host: 'localhost', preferred: false },
    { kind: 'set-ssl-mode', title: 'Use VERIFY_CA', mode: 'VERIFY_CA' },
  ]);
  await markUnresolvedHosts([f], { timeoutMs: 5000 });
  const [invalid, local] = f.fixes;
  assert.match(invalid.unresolved ?? '', /^db\.tls-doctor\.invalid does not resolve from this machine \(\w+\)/);
  assert.ok(!invalid.preferred);
  assert.equal(local.unresolved, undefined);
  assert.equal(preferredFix(f), local, 'localhost is preferred in its place');
});

test('an IP address to connect to is not looked up, and stays preferred', async () => {
  const f = finding('hostname-mismatch', 't', 'd', {}, [{ kind: 'set-host', title: 'Connect to 127.0.0.1', host: '127.0.0.1', preferred: true }]);
  await markUnresolvedHosts([f], { timeoutMs: 5000 });
  assert.equal(preferredFix(f), f.fixes[0]);
  assert.equal(await whyUnresolved('localhost'), undefined);
});

test('a certificate issued only for a name this machine cannot resolve: the host fix is offered, says so, and no fix is preferred', async (t) => {
  const dir = tempDir(t, 'unresolved-san-');
  const ca = createCa({ cn: 'Unresolved Name CA' });
  const leaf = createServerCert(ca, { cn: 'db.tls-doctor.invalid', hosts: ['db.tls-doctor.invalid'] });
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  const server = await startFakeServer({ greetingTls: true, tls: { key: leaf.keyPem, cert: leaf.certPem } });
  try {
    const { connection } = parseConnectionString(`mysql://app@127.0.0.1:${server.port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${join(dir, 'ca.pem')}`);
    assert.ok(connection);
    const r = await diagnose(connection, { timeoutMs: 5000, auth: false });
    const mismatch = r.findings.find((f) => f.code === 'hostname-mismatch');
    assert.ok(mismatch, r.findings.map((f) => f.code).join(', '));
    const host = mismatch.fixes.find((f) => f.kind === 'set-host');
    assert.ok(host?.unresolved?.startsWith('db.tls-doctor.invalid does not resolve from this machine'), JSON.stringify(host));
    assert.equal(preferredFix(mismatch), undefined, 'nothing to prefer: the other fixes give something up or reissue');
    const plain = { bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };
    assert.match(renderText(r, plain), /db\.tls-doctor\.invalid does not resolve from this machine/);
  } finally {
    await server.close();
  }
});
