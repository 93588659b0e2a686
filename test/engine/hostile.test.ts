// Issue 6: servers that misbehave on purpose. Every probe must end within its timeout plus a
// small margin, with the precise failure, and nothing may escape as an unhandled rejection.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { enumerateTls, readGreeting, tlsHandshake } from '../../src/engine/probe';
import { startFakeServer, type FakeServer } from '../../src/engine/demo/fakeServer';
import {
  afterSslRequest,
  alertOnHello,
  closeDuringTls,
  drip,
  errGreeting,
  garbageGreeting,
  halfGreeting,
  hugeCertificate,
  hugeLength,
  manyCertificates,
  silent,
  type RawBehaviour,
} from '../../src/engine/demo/hostile';
import { buildErrPayload, buildPacket } from '../../src/engine/probe/packets';
import { testPki } from './probeFixtures';

const TIMEOUT = 500;
const MARGIN = 1500;
const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);
process.on('unhandledRejection', onRejection);

after(() => {
  process.removeListener('unhandledRejection', onRejection);
  assert.deepEqual(rejections, [], 'no unhandled rejection during the hostile tests');
});

async function hostile<T>(raw: RawBehaviour, probe: (port: number) => Promise<T>): Promise<{ r: T; elapsed: number }> {
  const server: FakeServer = await startFakeServer({ greetingTls: true, raw });
  try {
    const started = Date.now();
    const r = await probe(server.port);
    return { r, elapsed: Date.now() - started };
  } finally {
    await server.close();
  }
}

const at = (port: number) => ({ host: '127.0.0.1', port });
const o = { timeoutMs: TIMEOUT };
/** For answers that must come at once: a long timeout, so that finishing early proves no waiting. */
const LONG = { timeoutMs: 10_000 };
const AT_ONCE = 3000;

test('garbage where the greeting belongs: not-mysql, at once', async () => {
  const { r, elapsed } = await hostile(garbageGreeting, (p) => readGreeting(at(p), LONG));
  assert.equal(r.failure?.kind, 'not-mysql');
  assert.match(r.failure?.message ?? '', /protocol version 7/);
  assert.ok(elapsed < AT_ONCE, `${elapsed} ms`);
});

test('greeting cut in half, then silence: timeout naming the partial greeting', async () => {
  const { r, elapsed } = await hostile(halfGreeting, (p) => readGreeting(at(p), o));
  assert.equal(r.failure?.kind, 'timeout');
  assert.match(r.failure?.message ?? '', /sent \d+ bytes of a greeting and then nothing/);
  assert.ok(elapsed < TIMEOUT + MARGIN, `${elapsed} ms`);
});

test('16 MB length prefix: not-mysql without waiting for the bytes', async () => {
  const { r, elapsed } = await hostile(hugeLength, (p) => readGreeting(at(p), LONG));
  assert.equal(r.failure?.kind, 'not-mysql');
  assert.match(r.failure?.message ?? '', /16777215-byte first packet/);
  if (r.failure?.kind === 'not-mysql') assert.equal(r.failure.firstBytes.slice(0, 8), 'ffffff00');
  assert.ok(elapsed < AT_ONCE, `${elapsed} ms`);
});

test('accepts the connection and never speaks: timeout', async () => {
  const { r, elapsed } = await hostile(silent, (p) => tlsHandshake(at(p), {}, o));
  assert.equal(r.ok, false);
  assert.equal(r.failure?.kind, 'timeout');
  assert.ok(elapsed < TIMEOUT + MARGIN, `${elapsed} ms`);
});

test('drips a byte a second: the whole greeting is bounded, not each byte', async () => {
  const { r, elapsed } = await hostile(drip, (p) => enumerateTls(at(p), { ...o, ciphers: true }));
  assert.equal(r.failure?.kind, 'timeout');
  assert.deepEqual(r.protocols, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
  assert.ok(elapsed < TIMEOUT + MARGIN, `${elapsed} ms`);
});

test('closes the connection during the TLS handshake: reset, for the handshake and the enumeration', async () => {
  const h = await hostile(closeDuringTls, (p) => tlsHandshake(at(p), {}, o));
  assert.equal(h.r.ok, false);
  assert.equal(h.r.failure?.kind, 'reset');
  assert.equal(h.r.greeting?.tlsSupported, true);
  assert.ok(h.elapsed < TIMEOUT + MARGIN, `${h.elapsed} ms`);
  const e = await hostile(closeDuringTls, (p) => enumerateTls(at(p), { ...o, ciphers: true }));
  assert.equal(e.r.failure?.kind, 'reset');
  assert.ok(e.r.notes.some((n) => n.includes('closed the connection without a TLS answer')), e.r.notes.join('; '));
  assert.match(e.r.failure?.message ?? '', /no TLS answer to any ClientHello/);
  assert.ok(e.elapsed < TIMEOUT + MARGIN, `${e.elapsed} ms`);
});

test('takes the SSLRequest, then never answers the ClientHello: timeout for the handshake and the enumeration', async () => {
  const stall = afterSslRequest(() => {});
  const h = await hostile(stall, (p) => tlsHandshake(at(p), {}, o));
  assert.equal(h.r.ok, false);
  assert.equal(h.r.failure?.kind, 'timeout');
  assert.equal(h.r.greeting?.tlsSupported, true);
  assert.ok(h.elapsed < TIMEOUT + MARGIN, `${h.elapsed} ms`);
  const e = await hostile(stall, (p) => enumerateTls(at(p), { ...o, ciphers: true }));
  assert.equal(e.r.failure?.kind, 'timeout');
  assert.match(e.r.failure?.message ?? '', /no answer to the ClientHello within 500 ms/);
  assert.ok(e.elapsed < TIMEOUT + MARGIN, `${e.elapsed} ms`);
});

test('answers the SSLRequest with a MySQL ERR packet instead of TLS: both probes say so', async () => {
  const refuse = afterSslRequest((s) => s.end(buildPacket(2, buildErrPayload({ errno: 1043, sqlState: '08S01', message: 'Bad handshake' }))));
  const h = await hostile(refuse, (p) => tlsHandshake(at(p), {}, o));
  assert.equal(h.r.ok, false);
  assert.match(h.r.error ?? '', /did not answer the ClientHello with TLS/);
  const e = await hostile(refuse, (p) => enumerateTls(at(p), o));
  assert.equal(e.r.failure?.kind, 'reset');
  assert.match(e.r.failure?.message ?? '', /ERROR 1043: Bad handshake/);
  assert.ok(h.elapsed < TIMEOUT + MARGIN && e.elapsed < TIMEOUT + MARGIN, `${h.elapsed} ms, ${e.elapsed} ms`);
});

test('answers every ClientHello with a handshake_failure alert: no version accepted, the alert named', async () => {
  const h = await hostile(alertOnHello(40), (p) => tlsHandshake(at(p), {}, o));
  assert.equal(h.r.ok, false);
  assert.equal(h.r.alert, 'handshake_failure');
  assert.equal(h.r.failure, undefined);
  const e = await hostile(alertOnHello(40), (p) => enumerateTls(at(p), { ...o, ciphers: true }));
  assert.equal(e.r.failure, undefined);
  assert.deepEqual(e.r.protocols, { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
  assert.equal(e.r.notes.filter((n) => n.endsWith(': alert handshake_failure')).length, 4);
  assert.ok(h.elapsed < TIMEOUT + MARGIN && e.elapsed < TIMEOUT + MARGIN, `${h.elapsed} ms, ${e.elapsed} ms`);
});

test('a chain of 400 certificates: enumeration keeps 32 and says so; the handshake fails cleanly', async () => {
  const leaf = new X509Certificate(testPki().leafPem).raw;
  const e = await hostile(manyCertificates(leaf, 400), (p) => enumerateTls(at(p), { ...o, ciphers: true }));
  assert.equal(e.r.protocols['TLSv1.2'], true);
  assert.equal(e.r.plainChainDer?.length, 32);
  assert.ok(e.r.notes.some((n) => n.includes('only the first 32 were kept')), e.r.notes.join('; '));
  assert.ok(e.elapsed < TIMEOUT + MARGIN, `${e.elapsed} ms`);
  const h = await hostile(manyCertificates(leaf, 400), (p) => tlsHandshake(at(p), {}, o));
  assert.equal(h.r.ok, false);
  assert.match(h.r.error ?? '', /EXCESSIVE_MESSAGE_SIZE/, 'Node refuses a certificate message over its 100 KB limit');
  assert.ok(h.elapsed < TIMEOUT + MARGIN, `${h.elapsed} ms`);
});

test('one 1 MB certificate: enumeration stops reading at its limit and says so', async () => {
  const e = await hostile(hugeCertificate(1024 * 1024), (p) => enumerateTls(at(p), { ...o, versions: ['TLSv1.2'] }));
  assert.equal(e.r.protocols['TLSv1.2'], true);
  assert.equal(e.r.plainChainDer, undefined);
  assert.ok(e.r.notes.some((n) => n.includes('certificate message exceeds')), e.r.notes.join('; '));
  assert.ok(e.elapsed < TIMEOUT + MARGIN, `${e.elapsed} ms`);
  const h = await hostile(hugeCertificate(1024 * 1024), (p) => tlsHandshake(at(p), {}, o));
  assert.equal(h.r.ok, false);
  assert.match(h.r.error ?? '', /EXCESSIVE_MESSAGE_SIZE/);
  assert.ok(h.elapsed < TIMEOUT + MARGIN, `${h.elapsed} ms`);
});

test('too many connections: ERR 1040 greeting is server-refused for every probe', async () => {
  const err = errGreeting({ errno: 1040, sqlState: '08004', message: 'Too many connections' });
  const g = await hostile(err, (p) => readGreeting(at(p), LONG));
  assert.equal(g.r.failure?.kind, 'server-refused');
  if (g.r.failure?.kind === 'server-refused') assert.equal(g.r.failure.errno, 1040);
  const h = await hostile(err, (p) => tlsHandshake(at(p), {}, LONG));
  assert.equal(h.r.failure?.kind, 'server-refused');
  const e = await hostile(err, (p) => enumerateTls(at(p), LONG));
  assert.equal(e.r.failure?.kind, 'server-refused');
  assert.ok(g.elapsed + h.elapsed + e.elapsed < AT_ONCE);
});
