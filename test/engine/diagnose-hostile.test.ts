// Issue 6, seen from the whole diagnosis: a server that misbehaves still gets a verdict, within the
// timeout plus a margin, and never a "no errors" that would send the user looking elsewhere.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, test } from 'node:test';
import { startFakeServer } from '../../src/engine/demo/fakeServer';
import { alertOnHello, banner, closeDuringTls, drip, errGreeting, garbageGreeting, halfGreeting, hugeLength, manyCertificates, silent, type RawBehaviour } from '../../src/engine/demo/hostile';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import type { FindingCode } from '../../src/engine/model/finding';
import { testPki } from './probeFixtures';

const TIMEOUT = 600;
const MARGIN = 2500;
const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);
process.on('unhandledRejection', onRejection);
after(() => {
  process.removeListener('unhandledRejection', onRejection);
  assert.deepEqual(rejections, [], 'no unhandled rejection');
});

async function diagnoseHostile(raw: RawBehaviour, greetingTls = true, text = 'mysql://app@127.0.0.1:{port}/?ssl-mode=VERIFY_IDENTITY') {
  const server = await startFakeServer({ greetingTls, raw });
  try {
    const conn = parseConnectionString(text.replace('{port}', String(server.port))).connection!;
    const started = Date.now();
    const report = await diagnose(conn, { timeoutMs: TIMEOUT, auth: false });
    return { report, elapsed: Date.now() - started };
  } finally {
    await server.close();
  }
}

const CASES: [string, RawBehaviour, FindingCode][] = [
  ['a server that accepts and never speaks', silent, 'unreachable'],
  ['a greeting cut in half, then silence', halfGreeting, 'unreachable'],
  ['a byte a second', drip, 'unreachable'],
  ['garbage instead of a greeting', garbageGreeting, 'not-mysql'],
  ['an SSH banner on the MySQL port', banner('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'), 'not-mysql'],
  ['a 16 MB length prefix', hugeLength, 'not-mysql'],
  ['an ERR packet instead of a greeting (host blocked)', errGreeting({ errno: 1129, sqlState: 'HY000', message: "Host '127.0.0.1' is blocked" }), 'server-refused'],
  ['a server that closes during the TLS handshake', closeDuringTls, 'tls-handshake-failed'],
  ['a server that answers every ClientHello with an alert', alertOnHello(40), 'tls-handshake-failed'],
];

for (const [situation, raw, code] of CASES) {
  test(`diagnosis of ${situation}: ${code} within the timeout`, async () => {
    const { report, elapsed } = await diagnoseHostile(raw);
    const codes = report.findings.map((f) => f.code);
    assert.ok(codes.includes(code), `expected ${code}, got ${codes.join(', ')}`);
    assert.ok(!codes.includes('tls-ok'));
    assert.ok(elapsed < TIMEOUT * 2 + MARGIN, `took ${elapsed} ms`);
  });
}

// A client that never attempts TLS connects in plaintext whatever the server's TLS does: its verdict
// is tls-not-used (a warning), not an error about a handshake it will never make.
const NO_TLS_CLIENTS: [string, string][] = [
  ['URL with ssl-mode=DISABLED', 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=DISABLED'],
  ['JDBC with useSSL=false', 'jdbc:mysql://127.0.0.1:{port}/shop?useSSL=false'],
  ['Go DSN without tls=', 'app@tcp(127.0.0.1:{port})/shop'],
];
for (const [client, text] of NO_TLS_CLIENTS) {
  for (const [situation, raw] of [['closes during the TLS handshake', closeDuringTls], ['answers every ClientHello with an alert', alertOnHello(40)]] as const) {
    test(`${client} against a server that announces TLS but ${situation}: tls-not-used, no error`, async () => {
      const { report, elapsed } = await diagnoseHostile(raw, true, text);
      const codes = report.findings.map((f) => f.code);
      assert.deepEqual(codes, ['tls-not-used'], codes.join(', '));
      assert.ok(!report.findings.some((f) => f.severity === 'error'));
      const f = report.findings[0];
      assert.doesNotMatch(f.title, /although the server offers it/);
      assert.match(f.detail, /announces TLS/);
      assert.match(f.detail, /handshake/);
      assert.match(f.detail, /fix the server's TLS first/);
      assert.equal(f.evidence.serverHandshakeWorks, false);
      assert.equal(f.fixes.find((x) => x.preferred)?.kind, 'server-change', 'the server comes first');
      assert.ok(elapsed < TIMEOUT * 2 + MARGIN, `took ${elapsed} ms`);
    });
  }
}

test('ssl-mode=PREFERRED against a server whose TLS handshake fails still gets tls-handshake-failed (the client tries TLS and stops)', async () => {
  const { report } = await diagnoseHostile(closeDuringTls, true, 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=PREFERRED');
  assert.ok(report.findings.some((f) => f.code === 'tls-handshake-failed'), report.findings.map((f) => f.code).join(', '));
});

test('diagnosis of a chain of hundreds of certificates ends with a verdict, not a hang', async () => {
  const leaf = Buffer.from(new X509Certificate(testPki().leafPem).raw);
  const { report, elapsed } = await diagnoseHostile(manyCertificates(leaf, 400));
  assert.ok(report.findings.some((f) => f.severity === 'error'), report.findings.map((f) => f.code).join(', '));
  assert.ok(elapsed < TIMEOUT * 2 + MARGIN, `took ${elapsed} ms`);
  assert.ok((report.server.chain?.length ?? 0) <= 32, 'the kept chain is bounded');
});

test('cancelling a diagnosis of a stalled server ends it at once and closes its sockets', async () => {
  const open = new Set<import('node:net').Socket>();
  const server = await startFakeServer({
    greetingTls: true,
    raw: (s) => {
      open.add(s);
      s.on('close', () => open.delete(s));
    },
  });
  try {
    const conn = parseConnectionString(`mysql://app@127.0.0.1:${server.port}/?ssl-mode=REQUIRED`).connection!;
    const controller = new AbortController();
    const started = Date.now();
    const running = diagnose(conn, { timeoutMs: 30_000, auth: false, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const report = await running;
    assert.ok(Date.now() - started < 5000, 'ended long before the 30 s timeout');
    assert.ok(report.findings.length > 0);
    for (let i = 0; i < 50 && open.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(open.size, 0, 'every socket the diagnosis opened is closed');
  } finally {
    await server.close();
  }
});
