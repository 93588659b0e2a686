import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { readGreeting, tlsHandshake, enumerateTls } from '../../src/engine/probe';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../src/engine/demo/fakeServer';
import { banner, silent } from '../../src/engine/demo/hostile';
import { parseGreeting, buildSslRequest, CLIENT_SSL } from '../../src/engine/probe/packets';
import { nodeCiphers, withoutSecurityLevel } from '../../src/engine/probe/handshake';
import { testPki } from './probeFixtures';

const TIMEOUT = 1500;

async function withServer<T>(opts: FakeServerOptions, fn: (s: FakeServer) => Promise<T>): Promise<T> {
  const s = await startFakeServer(opts);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

function derOf(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

function tlsServer(extra: Partial<NonNullable<FakeServerOptions['tls']>> = {}): FakeServerOptions {
  const pki = testPki();
  return { greetingTls: true, tls: { key: pki.keyPem, cert: pki.chainPem, ...extra } };
}

test('MariaDB-style greeting with CLIENT_SSL: version, id, plugin and TLS support are read', async () => {
  await withServer({ greetingTls: true, serverVersion: '10.11.19-MariaDB' }, async (s) => {
    const lines: string[] = [];
    const r = await readGreeting({ host: '127.0.0.1', port: s.port }, { timeoutMs: TIMEOUT, log: (l) => lines.push(l) });
    assert.equal(r.failure, undefined);
    assert.equal(r.address, `127.0.0.1:${s.port}`);
    assert.equal(r.greeting?.serverVersion, '10.11.19-MariaDB');
    assert.equal(r.greeting?.protocolVersion, 10);
    assert.equal(r.greeting?.connectionId, 7);
    assert.equal(r.greeting?.tlsSupported, true);
    assert.equal(r.greeting?.authPlugin, 'mysql_native_password');
    assert.equal(r.greeting?.charset, 33);
    assert.deepEqual(lines, [`connected 127.0.0.1:${s.port}`, 'greeting: 10.11.19-MariaDB, CLIENT_SSL yes']);
  });
});

test('server started with skip-ssl: greeting says no TLS, handshake and enumeration say so too', async () => {
  await withServer({ greetingTls: false }, async (s) => {
    const t = { host: '127.0.0.1', port: s.port };
    const g = await readGreeting(t, { timeoutMs: TIMEOUT });
    assert.equal(g.greeting?.tlsSupported, false);
    assert.equal((g.greeting!.capabilities & CLIENT_SSL) === 0, true);
    const h = await tlsHandshake(t, {}, { timeoutMs: TIMEOUT });
    assert.equal(h.ok, false);
    assert.equal(h.failure, undefined);
    assert.equal(h.greeting?.tlsSupported, false);
    assert.match(h.error ?? '', /does not offer TLS/);
    const e = await enumerateTls(t, { timeoutMs: TIMEOUT });
    assert.deepEqual(e.protocols, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
    assert.equal(e.failure, undefined);
    assert.ok(e.notes.some((n) => n.includes('does not offer TLS')));
  });
});

test('host blocked after too many connection errors: ERR 1129 greeting is server-refused', async () => {
  const errPacket = { errno: 1129, sqlState: 'HY000', message: "Host '10.0.0.9' is blocked because of many connection errors" };
  await withServer({ greetingTls: true, errPacket }, async (s) => {
    const r = await readGreeting({ host: '127.0.0.1', port: s.port }, { timeoutMs: TIMEOUT });
    assert.equal(r.greeting, undefined);
    assert.equal(r.failure?.kind, 'server-refused');
    if (r.failure?.kind !== 'server-refused') return;
    assert.equal(r.failure.errno, 1129);
    assert.equal(r.failure.sqlState, 'HY000');
    assert.match(r.failure.message, /blocked because of many connection errors/);
  });
});

test('port answered by an HTTP server: not-mysql naming HTTP, with the first bytes in hex', async () => {
  await withServer({ greetingTls: false, raw: banner('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n') }, async (s) => {
    const r = await readGreeting({ host: '127.0.0.1', port: s.port }, { timeoutMs: TIMEOUT });
    assert.equal(r.failure?.kind, 'not-mysql');
    if (r.failure?.kind !== 'not-mysql') return;
    assert.ok(r.failure.firstBytes.startsWith(Buffer.from('HTTP/1.1').toString('hex')));
    assert.ok(r.failure.firstBytes.length <= 64);
    assert.match(r.failure.message, /HTTP server/);
  });
});

test('port answered by an SSH server: not-mysql naming SSH', async () => {
  await withServer({ greetingTls: false, raw: banner('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n') }, async (s) => {
    const r = await readGreeting({ host: '127.0.0.1', port: s.port }, { timeoutMs: TIMEOUT });
    assert.equal(r.failure?.kind, 'not-mysql');
    assert.match(r.failure?.message ?? '', /SSH server/);
  });
});

test('nothing listens on the port: refused', async () => {
  const port = await freePort();
  const r = await readGreeting({ host: '127.0.0.1', port }, { timeoutMs: TIMEOUT });
  assert.equal(r.failure?.kind, 'refused');
  assert.match(r.failure?.message ?? '', new RegExp(`127\\.0\\.0\\.1:${port}`));
});

test('server on IPv6 loopback: greeting read, address written [::1]:port', async () => {
  await withServer({ greetingTls: true, host: '::1' }, async (s) => {
    const r = await readGreeting({ host: '::1', port: s.port }, { timeoutMs: TIMEOUT });
    assert.equal(r.failure, undefined);
    assert.equal(r.address, `[::1]:${s.port}`);
  });
});

test('connection written with an impossible port or no host: a clear failure, no exception', async () => {
  const bad = await readGreeting({ host: '127.0.0.1', port: 70000 }, { timeoutMs: TIMEOUT });
  assert.equal(bad.failure?.kind, 'unreachable');
  assert.match(bad.failure?.message ?? '', /port 70000 is not a valid TCP port/);
  const none = await tlsHandshake({ host: ' ', port: 3306 }, {}, { timeoutMs: TIMEOUT });
  assert.equal(none.failure?.kind, 'dns');
  const nan = await enumerateTls({ host: '127.0.0.1', port: Number.NaN }, { timeoutMs: TIMEOUT });
  assert.equal(nan.failure?.kind, 'unreachable');
});

test('host name that cannot resolve (.invalid): dns', async () => {
  const r = await readGreeting({ host: 'no-such-db.invalid', port: 3306 }, { timeoutMs: 5000 });
  assert.equal(r.failure?.kind, 'dns');
  assert.match(r.failure?.message ?? '', /no-such-db\.invalid/);
});

test('server accepts but never greets: timeout within the bound', async () => {
  await withServer({ greetingTls: false, raw: silent }, async (s) => {
    const started = Date.now();
    const r = await readGreeting({ host: '127.0.0.1', port: s.port }, { timeoutMs: 500 });
    assert.equal(r.failure?.kind, 'timeout');
    assert.match(r.failure?.message ?? '', /sent no greeting within 500 ms/);
    assert.ok(Date.now() - started < 500 + 1500);
  });
});

test('user cancels a probe stuck on a silent server: it ends at once as cancelled', async () => {
  await withServer({ greetingTls: false, raw: silent }, async (s) => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const r = await readGreeting({ host: '127.0.0.1', port: s.port }, { timeoutMs: 60_000, signal: ac.signal });
    assert.equal(r.failure?.kind, 'timeout');
    assert.match(r.failure?.message ?? '', /cancelled/);
    assert.ok(Date.now() - started < 5000);
  });
});

test('TLS 1.2/1.3 server with leaf + intermediate: handshake returns the chain leaf first', async () => {
  const pki = testPki();
  await withServer(tlsServer(), async (s) => {
    const lines: string[] = [];
    const r = await tlsHandshake({ host: 'localhost', port: s.port }, {}, { timeoutMs: TIMEOUT, log: (l) => lines.push(l) });
    assert.equal(r.ok, true, r.error);
    assert.equal(r.protocol, 'TLSv1.3');
    assert.equal(r.cipher, 'TLS_AES_256_GCM_SHA384');
    assert.equal(r.chainDer.length, 2);
    assert.deepEqual(r.chainDer[0], derOf(pki.leafPem));
    assert.deepEqual(r.chainDer[1], derOf(pki.intermediatePem));
    assert.ok(lines.some((l) => l.startsWith('negotiated TLSv1.3 TLS_AES_256_GCM_SHA384')));
  });
});

test('cloud proxy that routes by SNI: the host name is sent, an IP address is not', async () => {
  await withServer(tlsServer(), async (s) => {
    const named = await tlsHandshake({ host: '127.0.0.1', port: s.port, servername: 'db.example.com' }, {}, { timeoutMs: TIMEOUT });
    assert.equal(named.ok, true, named.error);
    const byIp = await tlsHandshake({ host: '127.0.0.1', port: s.port }, {}, { timeoutMs: TIMEOUT });
    assert.equal(byIp.ok, true, byIp.error);
    assert.deepEqual(s.servernames, ['db.example.com']);
  });
});

test('hand-written hellos carry the SNI name too, so SNI-routed servers answer the enumeration', async () => {
  await withServer(tlsServer(), async (s) => {
    const r = await enumerateTls({ host: '127.0.0.1', port: s.port, servername: 'db.example.com' }, { timeoutMs: TIMEOUT, versions: ['TLSv1.2', 'TLSv1.3'] });
    assert.equal(r.protocols['TLSv1.3'], true);
    assert.deepEqual(s.servernames, ['db.example.com', 'db.example.com']);
  });
});

test('SNI as both handshakes send it: a trailing dot dropped, no IPv4, IPv6, bracketed or zoned address', async () => {
  const hosts = ['db.example.com.', '127.0.0.1', '::1', '[::1]', 'fe80::1%lo', '[fe80::1%25lo]', '127.0.0.1.', 'DB.Example.com'];
  await withServer(tlsServer(), async (s) => {
    for (const servername of hosts) {
      const r = await tlsHandshake({ host: '127.0.0.1', port: s.port, servername }, {}, { timeoutMs: TIMEOUT });
      assert.equal(r.ok, true, `${servername}: ${r.error}`);
    }
    const viaNode = [...s.servernames];
    s.servernames.length = 0;
    for (const servername of hosts) {
      const r = await enumerateTls({ host: '127.0.0.1', port: s.port, servername }, { timeoutMs: TIMEOUT, versions: ['TLSv1.3'] });
      assert.equal(r.protocols['TLSv1.3'], true, servername);
    }
    assert.deepEqual(viaNode, ['db.example.com', 'DB.Example.com']);
    assert.deepEqual(s.servernames, viaNode, 'the hand-written ClientHello follows the same rule');
  });
});

test('client limited to TLS 1.2 with one cipher: that version and cipher are negotiated', async () => {
  await withServer(tlsServer(), async (s) => {
    const r = await tlsHandshake({ host: '127.0.0.1', port: s.port }, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }, { timeoutMs: TIMEOUT });
    assert.equal(r.ok, true, r.error);
    assert.equal(r.protocol, 'TLSv1.2');
    assert.equal(r.cipher, 'ECDHE-ECDSA-AES128-GCM-SHA256');
  });
});

test('client allows only TLS 1.2, server only TLS 1.3: the server alerts protocol_version', async () => {
  await withServer(tlsServer({ minVersion: 'TLSv1.3' }), async (s) => {
    const r = await tlsHandshake({ host: '127.0.0.1', port: s.port }, { maxVersion: 'TLSv1.2' }, { timeoutMs: TIMEOUT });
    assert.equal(r.ok, false);
    assert.equal(r.alert, 'protocol_version');
    assert.equal(r.failure, undefined);
    assert.equal(r.greeting?.tlsSupported, true);
  });
});

test('client cipher list shares nothing with a TLS 1.2-only server: handshake_failure alert', async () => {
  await withServer(tlsServer({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' }), async (s) => {
    const r = await tlsHandshake({ host: '127.0.0.1', port: s.port }, { ciphers: 'ECDHE-ECDSA-AES128-SHA' }, { timeoutMs: TIMEOUT });
    assert.equal(r.ok, false);
    assert.equal(r.alert, 'handshake_failure');
  });
});

test('client settings that OpenSSL rejects (unknown cipher name): a clear error, no exception', async () => {
  await withServer(tlsServer(), async (s) => {
    const r = await tlsHandshake({ host: '127.0.0.1', port: s.port }, { ciphers: 'NO-SUCH-CIPHER', ciphersuites: 'TLS_NOPE' }, { timeoutMs: TIMEOUT });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /client TLS settings are not usable/);
  });
});

test('TLS 1.2-only server with two ciphers: enumeration finds exactly those, and the chain in clear', async () => {
  const pki = testPki();
  const ciphers = 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256';
  await withServer(tlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers }), async (s) => {
    const lines: string[] = [];
    const r = await enumerateTls({ host: '127.0.0.1', port: s.port }, { timeoutMs: TIMEOUT, ciphers: true, log: (l) => lines.push(l) });
    assert.deepEqual(r.protocols, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': false });
    assert.deepEqual([...(r.ciphers['TLSv1.2'] ?? [])].sort(), ciphers.split(':').sort());
    assert.equal(r.ciphers['TLSv1.3'], undefined);
    assert.deepEqual(r.plainChainDer, [derOf(pki.leafPem), derOf(pki.intermediatePem)]);
    assert.ok(lines.some((l) => l.startsWith('TLSv1.2 accepted')));
    assert.ok(r.notes.some((n) => n.startsWith('TLSv1.3: alert')), r.notes.join('; '));
  });
});

test('server limited to TLS 1.0 (SECLEVEL=0): the hand-written hello sees what local OpenSSL refuses', async () => {
  await withServer(tlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }), async (s) => {
    const r = await enumerateTls({ host: '127.0.0.1', port: s.port }, { timeoutMs: TIMEOUT, versions: ['TLSv1', 'TLSv1.2', 'TLSv1.3'] });
    assert.deepEqual(r.protocols, { TLSv1: true, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
    assert.ok(r.notes.some((n) => n === 'TLSv1.2: the server answered with TLSv1 instead'), r.notes.join('; '));
  });
});

test('TLS 1.3 server that only takes P-256: the HelloRetryRequest still counts as TLS 1.3 accepted', async () => {
  await withServer(tlsServer({ minVersion: 'TLSv1.3', ecdhCurve: 'P-256' }), async (s) => {
    const lines: string[] = [];
    const r = await enumerateTls({ host: '127.0.0.1', port: s.port }, { timeoutMs: TIMEOUT, versions: ['TLSv1.3'], log: (l) => lines.push(l) });
    assert.equal(r.protocols['TLSv1.3'], true);
    assert.ok(lines.includes('TLSv1.3 accepted (HelloRetryRequest)'), lines.join('; '));
  });
});

test('asked for no versions at all: nothing probed, nothing thrown', async () => {
  const r = await enumerateTls({ host: '127.0.0.1', port: 1 }, { timeoutMs: TIMEOUT, versions: [], ciphers: true });
  assert.deepEqual(r.protocols, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
  assert.deepEqual(r.ciphers, {});
  assert.equal(r.failure, undefined);
});

test('client allowing TLS 1.0 gets SECLEVEL=0 for OpenSSL, and a list BoringSSL reads when it has none', () => {
  assert.match(nodeCiphers({ minVersion: 'TLSv1' }), /:@SECLEVEL=0$/);
  assert.equal(nodeCiphers({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }).endsWith('DEFAULT@SECLEVEL=0'), true);
  assert.equal(nodeCiphers({ minVersion: 'TLSv1.2', ciphers: 'AES128-SHA', ciphersuites: 'TLS_AES_128_GCM_SHA256' }), 'TLS_AES_128_GCM_SHA256:AES128-SHA');
  assert.equal(withoutSecurityLevel('DEFAULT@SECLEVEL=0:AES128-SHA:@SECLEVEL=1'), 'DEFAULT:AES128-SHA');
});

test('SSLRequest built for the server: 32-byte payload, sequence 1, CLIENT_SSL set', () => {
  const p = buildSslRequest();
  assert.equal(p.length, 36);
  assert.equal(p.readUIntLE(0, 3), 32);
  assert.equal(p[3], 1);
  assert.ok(p.readUInt32LE(4) & CLIENT_SSL);
  assert.ok(p.subarray(13).every((b) => b === 0));
});

test('greeting from an old server that stops after the capability flags is still read', () => {
  const p = Buffer.concat([Buffer.from([10]), Buffer.from('5.0.96\0'), Buffer.alloc(4 + 8 + 1), Buffer.from([0x00, 0x08])]);
  const r = parseGreeting(p);
  assert.equal(r.kind, 'greeting');
  if (r.kind === 'greeting') {
    assert.equal(r.greeting.serverVersion, '5.0.96');
    assert.equal(r.greeting.tlsSupported, true);
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
