// Whether this client uses TLS at all, seen from the whole diagnosis against an in-process server
// with real TLS on 127.0.0.1: plaintext by the client's own choice (tls-not-used), TLS without
// checking the server (verification-disabled), and a local socket (local-socket, nothing probed).
import assert from 'node:assert/strict';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeServer, type FakeServer } from '../../src/engine/demo/fakeServer';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { renderMarkdown } from '../../src/engine/report/markdown';
import { renderText } from '../../src/engine/report/text';
import { tempDir } from '../helpers/temp-dir';
import { testPki } from './probeFixtures';

let server: FakeServer;
before(async () => {
  const pki = testPki();
  server = await startFakeServer({ greetingTls: true, tls: { key: pki.keyPem, cert: pki.chainPem } });
});
after(() => server.close());

async function run(text: string): Promise<DiagnosisReport> {
  const { connection, problems } = parseConnectionString(text.replace('{port}', String(server.port)));
  assert.ok(connection, problems.map((p) => p.message).join('; '));
  return diagnose(connection, { timeoutMs: 3000, auth: false });
}

const codes = (r: DiagnosisReport) => r.findings.map((f) => f.code);

describe('a client that turns TLS off while the server offers it', () => {
  const PLAINTEXT: [string, string][] = [
    ['Go DSN without tls=', 'app@tcp(127.0.0.1:{port})/shop'],
    ['URL with ssl-mode=DISABLED', 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=DISABLED'],
    ['JDBC with useSSL=false', 'jdbc:mysql://127.0.0.1:{port}/shop?useSSL=false'],
  ];
  for (const [situation, text] of PLAINTEXT) {
    test(`${situation}: tls-not-used (a warning, no cause), with the fix to require verified TLS`, async () => {
      const r = await run(text);
      const f = r.findings.find((x) => x.code === 'tls-not-used');
      assert.ok(f, `got ${codes(r).join(', ')}`);
      assert.equal(f.severity, 'warning');
      assert.equal(f.cause, undefined);
      assert.equal(f.param, 'mode');
      assert.match(f.title, /does not use TLS although the server offers it/);
      const fix = f.fixes.find((x) => x.preferred);
      assert.equal(fix?.kind, 'set-ssl-mode');
      assert.equal(fix?.kind === 'set-ssl-mode' && fix.mode, 'VERIFY_IDENTITY');
      assert.ok(!codes(r).includes('verification-disabled'), 'plaintext is not "TLS without verification"');
      assert.ok(!codes(r).includes('tls-ok'));
    });
  }

  test('ssl-mode=REQUIRED uses TLS without checking the server: verification-disabled, not tls-not-used', async () => {
    const r = await run('mysql://app@127.0.0.1:{port}/shop?ssl-mode=REQUIRED');
    assert.ok(codes(r).includes('verification-disabled'), codes(r).join(', '));
    assert.ok(!codes(r).includes('tls-not-used'));
  });
});

describe('a connection over a local Unix socket', () => {
  // A socket something listens on (a client fails with 2002 on one nothing listens on).
  let sock: string;
  let sockServer: NetServer;
  before(async () => {
    sock = join(tempDir(undefined, 'sock-'), 'mysqld.sock');
    sockServer = createNetServer(() => undefined);
    await new Promise<void>((resolve) => sockServer.listen(sock, resolve));
  });
  after(() => sockServer.close());
  const at = (text: string) => text.replace('{sock}', encodeURIComponent(sock));
  const escaped = () => sock.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  test('socket and no host: one local-socket info finding, and no server contacted', async () => {
    const r = await run(at('mysql://app@{sock}/shop?ssl-mode=VERIFY_IDENTITY'));
    assert.deepEqual(codes(r), ['local-socket']);
    const f = r.findings[0];
    assert.equal(f.severity, 'info');
    assert.equal(f.evidence.socket, sock);
    assert.match(f.title, new RegExp(`local socket ${escaped()}`));
    assert.equal(r.server.reachable, false);
    assert.equal(r.server.serverVersion, undefined, 'nothing was probed');
  });

  test('a socket nothing listens on: unreachable (the client\'s 2002) alone, not also "connects over the local socket"', async () => {
    const dead = join(tempDir(undefined, 'sock-'), 'gone.sock');
    const r = await run(`mysql://app@${encodeURIComponent(dead)}/shop`);
    assert.deepEqual(codes(r), ['unreachable']);
    assert.equal(r.findings[0].evidence.socket, dead);
  });

  test('socket with a missing CA file: the file finding is still given beside local-socket', async () => {
    const r = await run(at('mysql://app@{sock}/shop?ssl-mode=VERIFY_CA&ssl-ca=/nonexistent/tls-doctor/ca.pem'));
    assert.deepEqual(codes(r).sort(), ['file-missing', 'local-socket']);
  });

  test('host localhost beside a socket (as in debian.cnf): the mysql client uses the socket, mysql2 goes over TCP', async () => {
    const text = at('mysql://app@localhost:{port}/shop?ssl-mode=VERIFY_IDENTITY&socket={sock}');
    const cli = await run(text);
    assert.deepEqual(codes(cli), ['local-socket']);
    assert.match(cli.findings[0].detail, /takes the host localhost to mean this socket: give 127\.0\.0\.1/);
    const { connection } = parseConnectionString(text.replace('{port}', String(server.port)));
    const node = await diagnose(connection!, { timeoutMs: 3000, auth: false, driver: 'mysql2' });
    assert.ok(!codes(node).includes('local-socket'), codes(node).join(', '));
    assert.equal(node.target.socket, undefined, 'mysql2 goes over TCP: no socket in the target');
  });

  test('the target names the socket, and the text header and the Markdown title show it instead of localhost:3306', async () => {
    for (const text of [at('mysql://app@{sock}/shop'), at('mysql://app@localhost/shop?socket={sock}')]) {
      const r = await run(text);
      assert.equal(r.target.socket, sock, text);
      const header = renderText(r).split('\n').slice(0, 3).join('\n');
      assert.match(header, new RegExp(`^app via local socket ${escaped()} `), header);
      assert.doesNotMatch(header, /:3306|not reached/, header);
      assert.match(header, /not contacted/);
      assert.match(renderMarkdown(r), new RegExp(`^# MySQL TLS diagnosis: app via local socket ${escaped()}\n`));
    }
  });
});
