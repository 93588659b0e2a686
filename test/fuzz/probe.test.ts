// The probe's parsers under random and mutated bytes: they must never throw, whatever arrives.
// FUZZ_CASES bounds the number of cases per target (default 2000); FUZZ_SEED replays a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildErrPayload, buildPacket, parseErr, parseGreeting, readHeader } from '../../src/engine/probe/packets';
import { parseServerFlight, MAX_CERTIFICATES } from '../../src/engine/probe/serverHello';
import { greetingPayload, startFakeServer } from '../../src/engine/demo/fakeServer';
import { record, serverFlight } from '../../src/engine/demo/hostile';
import { readGreeting } from '../../src/engine/probe';

const CASES = Math.max(1, Number(process.env.FUZZ_CASES) || 2000);
const SEED = Number(process.env.FUZZ_SEED) || 0x5eed1234;

/** xorshift32: reproducible from FUZZ_SEED. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

function randomBytes(r: () => number, max: number): Buffer {
  const b = Buffer.alloc(Math.floor(r() * max));
  for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
  return b;
}

/** Flips, overwrites with extremes, truncates, duplicates or inserts: one to four edits. */
function mutate(r: () => number, seed: Buffer): Buffer {
  let b = Buffer.from(seed);
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits && b.length > 0; e++) {
    const at = Math.floor(r() * b.length);
    switch (Math.floor(r() * 6)) {
      case 0: b[at] ^= 1 << Math.floor(r() * 8); break;
      case 1: b[at] = r() < 0.5 ? 0xff : 0x00; break;
      case 2: b = b.subarray(0, at); break;
      case 3: b = Buffer.concat([b.subarray(0, at), randomBytes(r, 16), b.subarray(at)]); break;
      case 4: b = Buffer.concat([b, b.subarray(at)]); break;
      default: if (b.length >= 2) b.writeUInt16BE(0xffff, Math.min(at, b.length - 2)); break;
    }
  }
  return b;
}

const FLIGHT_KINDS = new Set(['need-more', 'alert', 'not-tls', 'server-hello']);
const GREETING_KINDS = new Set(['greeting', 'error', 'invalid']);

function checkGreeting(payload: Buffer, seed: string): void {
  let r: ReturnType<typeof parseGreeting>;
  assert.doesNotThrow(() => { r = parseGreeting(payload); }, seed);
  assert.ok(GREETING_KINDS.has(r!.kind), seed);
  if (r!.kind === 'greeting') assert.match(r!.greeting.serverVersion, /^[\x20-\x7e]*$/, seed);
  assert.doesNotThrow(() => parseErr(payload), seed);
  assert.doesNotThrow(() => readHeader(payload), seed);
}

function checkFlight(bytes: Buffer, seed: string): void {
  for (const want of [false, true]) {
    let r: ReturnType<typeof parseServerFlight>;
    assert.doesNotThrow(() => { r = parseServerFlight(bytes, want); }, seed);
    assert.ok(FLIGHT_KINDS.has(r!.kind), seed);
    if (r!.kind === 'server-hello' && r!.certificates) {
      assert.ok(r!.certificates.length <= MAX_CERTIFICATES, seed);
      assert.ok(r!.certificates.every((c) => c.length <= bytes.length), seed);
    }
  }
}

test('greeting and ERR parsers: random bytes never throw', () => {
  const r = rng(SEED);
  for (let i = 0; i < CASES; i++) checkGreeting(randomBytes(r, 300), `seed ${SEED} case ${i}`);
});

test('greeting parser: mutated MariaDB greetings and ERR packets never throw', () => {
  const r = rng(SEED ^ 0x1111);
  const seeds = [
    greetingPayload({ greetingTls: true, serverVersion: '10.11.19-MariaDB' }),
    greetingPayload({ greetingTls: false }),
    buildErrPayload({ errno: 1129, sqlState: 'HY000', message: 'Host blocked' }),
    buildErrPayload({ errno: 1040, message: 'Too many connections' }),
  ];
  const valid = parseGreeting(seeds[0]);
  assert.equal(valid.kind, 'greeting', 'the unmutated seed parses');
  for (let i = 0; i < CASES; i++) checkGreeting(mutate(r, seeds[i % seeds.length]), `seed ${SEED} case ${i}`);
});

test('TLS flight parser: random bytes never throw', () => {
  const r = rng(SEED ^ 0x2222);
  for (let i = 0; i < CASES; i++) {
    const b = randomBytes(r, 400);
    if (r() < 0.5 && b.length > 3) b.set([0x16, 0x03, r() < 0.5 ? 0x03 : 0x01]); // look like a record more often
    checkFlight(b, `seed ${SEED} case ${i}`);
  }
});

test('TLS flight parser: mutated ServerHello + Certificate flights and alerts never throw', () => {
  const r = rng(SEED ^ 0x3333);
  const cert = randomBytes(rng(7), 600);
  const seeds = [serverFlight([cert, cert]), serverFlight([]), record(21, Buffer.from([2, 70])), serverFlight(Array(40).fill(Buffer.alloc(10)))];
  const valid = parseServerFlight(seeds[0], true);
  assert.equal(valid.kind, 'server-hello', 'the unmutated seed parses');
  if (valid.kind === 'server-hello') assert.equal(valid.certificates?.length, 2);
  for (let i = 0; i < CASES; i++) checkFlight(mutate(r, seeds[i % seeds.length]), `seed ${SEED} case ${i}`);
});

test('readGreeting over a socket: servers sending mutated greetings then closing never make it throw', async () => {
  const r = rng(SEED ^ 0x4444);
  const good = buildPacket(0, greetingPayload({ greetingTls: true }));
  const cases = Math.min(CASES, 60);
  const payloads = Array.from({ length: cases }, () => mutate(r, good));
  let next = 0;
  const server = await startFakeServer({ greetingTls: true, raw: (s) => s.end(payloads[next++ % cases]) });
  try {
    for (let i = 0; i < cases; i++) {
      const res = await readGreeting({ host: '127.0.0.1', port: server.port }, { timeoutMs: 1000 });
      assert.ok(res.greeting || res.failure, `seed ${SEED} case ${i}: a greeting or a failure`);
      if (res.failure) assert.ok(['not-mysql', 'reset', 'server-refused', 'timeout'].includes(res.failure.kind), res.failure.kind);
    }
  } finally {
    await server.close();
  }
});
