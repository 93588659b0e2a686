// Fuzzing the PEM reader, the file classifier and the local files check with random and mutated
// bytes: nothing may throw, every answer keeps its shape, and no key material leaks into findings.
// FUZZ_CASES (default 1000) bounds the run; FUZZ_SEED replays one.
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { classifyBytes } from '../../src/engine/certs/classify';
import { checkLocalFiles } from '../../src/engine/certs/files';
import { createCa, createClientCert, encryptKey } from '../../src/engine/certs/generate';
import { pemBlocks } from '../../src/engine/certs/pem';
import { readPemCertificates } from '../../src/engine/certs/x509';
import { FINDING_CODES } from '../../src/engine/model/finding';
import { tempDir } from '../helpers/temp-dir';
import { fuzzCases, fuzzSeed, rng } from '../helpers/fuzz';

const CASES = fuzzCases(1000);
const SEED = fuzzSeed();

const ca = createCa({ cn: 'Fuzz CA', keyBits: 1024 });
const client = createClientCert(ca, { cn: 'fuzz-client', keyBits: 1024 });
const derCert = Buffer.from(new X509Certificate(ca.certPem).raw);
const derKey = createPrivateKey(client.keyPem).export({ type: 'pkcs8', format: 'der' });
const SEEDS: Buffer[] = [
  Buffer.from(ca.certPem),
  Buffer.from(client.certPem + client.keyPem),
  Buffer.from(ca.certPem + client.certPem),
  Buffer.from(encryptKey(client.keyPem, 'pw')),
  Buffer.from(createPrivateKey(client.keyPem).export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' })),
  derCert,
  derKey,
];
const TOKENS = ['-----BEGIN ', '-----END ', 'CERTIFICATE', 'PRIVATE KEY', '-----', '\n', '\r\n', 'Proc-Type: 4,ENCRYPTED\n', '=', '\u0000', '\xef\xbb\xbf'];
// Lines of the key bodies: none may ever appear in a finding.
const KEY_LINES = client.keyPem.split('\n').filter((l) => l.length >= 40).map((l) => l.slice(0, 32));

function mutate(input: Buffer, r: () => number): Buffer {
  let b = Buffer.from(input);
  const steps = 1 + Math.floor(r() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(r() * (b.length + 1));
    const op = Math.floor(r() * 6);
    if (op === 0 && b.length) b[Math.min(at, b.length - 1)] ^= 1 << Math.floor(r() * 8);
    else if (op === 1) b = b.subarray(0, at); // truncate
    else if (op === 2) b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + Math.floor(r() * 64)))]); // delete
    else if (op === 3) b = Buffer.concat([b.subarray(0, at), Buffer.from(TOKENS[Math.floor(r() * TOKENS.length)], 'latin1'), b.subarray(at)]);
    else if (op === 4) b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + Math.floor(r() * 200)), b.subarray(at)]); // duplicate
    else b = Buffer.concat([b.subarray(0, at), randomBytes(r, 16), b.subarray(at)]);
  }
  return b;
}

function randomBytes(r: () => number, max: number): Buffer {
  const n = Math.floor(r() * max);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

function nextInput(r: () => number): Buffer {
  const kind = r();
  if (kind < 0.15) return randomBytes(r, 2000);
  return mutate(SEEDS[Math.floor(r() * SEEDS.length)], r);
}

function assertReadShape(text: string): void {
  const out = readPemCertificates(text);
  assert.ok(Array.isArray(out.certs) && Array.isArray(out.problems));
  for (const c of out.certs) assert.match(c.fingerprint256, /^[0-9A-F:]+$/);
  for (const p of out.problems) {
    assert.equal(typeof p, 'string');
    assert.ok(!p.includes('\n'), 'a problem is one line');
    assert.ok(p.length < 300, 'a problem never quotes the body');
  }
}

describe('fuzz pem', () => {
  test(`readPemCertificates and the classifier on ${CASES} random and mutated inputs (seed ${SEED})`, () => {
    const r = rng(SEED);
    for (let i = 0; i < CASES; i++) {
      const bytes = nextInput(r);
      const text = bytes.toString('latin1');
      assert.doesNotThrow(() => assertReadShape(text), `case ${i} (seed ${SEED})`);
      const c = classifyBytes(bytes);
      assert.ok(['empty', 'pem', 'der', 'keystore', 'text', 'binary'].includes(c.form), `case ${i}`);
      if (c.form === 'pem') for (const b of c.blocks) assert.ok(b.der !== undefined || b.problem !== undefined, `case ${i}`);
    }
  });

  test(`checkLocalFiles on mutated files in every slot (seed ${SEED})`, (t) => {
    const dir = tempDir(t);
    const r = rng(SEED ^ 0x5a5a5a5a);
    const files = Math.max(1, Math.floor(CASES / 10));
    for (let i = 0; i < files; i++) {
      const path = join(dir, `f${i}.pem`);
      writeFileSync(path, nextInput(r));
      const slot = (['ca', 'cert', 'key'] as const)[i % 3];
      const out = checkLocalFiles({ [slot]: path }, { now: new Date(), warnDays: 30 });
      const json = JSON.stringify(out.findings);
      for (const f of out.findings) {
        assert.ok(f.code in FINDING_CODES, `case ${i}: ${f.code}`);
        assert.ok(f.param === slot || f.param === 'cert' || f.param === 'key', `case ${i}: param ${f.param}`);
        if ('path' in f.evidence) assert.equal(f.evidence.path, path, `case ${i}: evidence names the file`);
      }
      for (const line of KEY_LINES) assert.ok(!json.includes(line), `case ${i}: key material in a finding`);
    }
  });

  test('hostile marker floods are read in one pass', { timeout: 60_000 }, () => {
    const floods = [
      '-----BEGIN A-----'.repeat(100_000),
      '-----END A-----'.repeat(100_000),
      '-'.repeat(1_000_000),
      `-----BEGIN ${'X'.repeat(100_000)}`,
      '-----BEGIN CERTIFICATE-----\n' + 'A'.repeat(2_000_000),
    ];
    for (const text of floods) {
      const blocks = pemBlocks(text);
      assert.ok(blocks.every((b) => b.problem !== undefined || b.der !== undefined));
      assertReadShape(text);
    }
    assert.equal(pemBlocks(floods[0]).length, 100_000);
  });

  test('deeply nested DER (200 000 SEQUENCEs) is classified without exhausting the stack', { timeout: 60_000 }, () => {
    const depth = 200_000;
    const der = Buffer.alloc(depth * 6 + 2);
    for (let i = 0; i < depth; i++) {
      der[i * 6] = 0x30;
      der[i * 6 + 1] = 0x84;
      der.writeUInt32BE(der.length - (i + 1) * 6, i * 6 + 2);
    }
    der[depth * 6] = 0x05; // NULL, innermost
    assert.deepEqual(classifyBytes(der), { form: 'der', what: 'unknown' });
  });
});
