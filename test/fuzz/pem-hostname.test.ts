// Fuzzing host-name matching and IP normalisation with random and mutated host strings: nothing
// throws, and the answer agrees with Node's own checkServerIdentity. FUZZ_CASES bounds the run.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity } from 'node:tls';
import { describe, test } from 'node:test';
import { createCa, createServerCert } from '../../src/engine/certs/generate';
import { matchHostname } from '../../src/engine/certs/hostname';
import { normalizeIp } from '../../src/engine/certs/ip';
import { fuzzCases, fuzzSeed, rng } from '../helpers/fuzz';

const CASES = fuzzCases(1000);
const SEED = fuzzSeed();

const ca = createCa({ cn: 'Fuzz CA', keyBits: 1024 });
const certs = [
  createServerCert(ca, { cn: 'localhost', hosts: ['localhost', '127.0.0.1', '::1', '*.db.example.com'], keyBits: 1024 }),
  createServerCert(ca, { cn: 'legacy.example.com', keyBits: 1024 }),
  createServerCert(ca, { cn: 'localhost', hosts: ['10.0.0.1', 'fd00::5'], keyBits: 1024 }),
].map((c) => new X509Certificate(c.certPem));

const PIECES = ['localhost', '127.0.0.1', '::1', 'db', 'example', 'com', '.', ':', '*', '[', ']', '%eth0', 'xn--', '0', 'ffff',
  'fd00', '::', '10.0.0.1', 'LOCALHOST', ' ', '\u00e9', '\u0000', '-', 'a'.repeat(70), '1.2.3.4.5', '256'];

function host(r: () => number): string {
  let s = '';
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

// Node rejects some inputs our normaliser accepts on purpose (brackets, zone ids): compare plain forms only.
function comparable(h: string): boolean {
  return !/[[\]%\s\u0000]/.test(h) && /^[\x21-\x7e]+$/.test(h);
}

describe('fuzz hostname', () => {
  test(`matchHostname and normalizeIp on ${CASES} random host strings (seed ${SEED})`, () => {
    const r = rng(SEED);
    let compared = 0;
    for (let i = 0; i < CASES; i++) {
      const h = host(r);
      assert.doesNotThrow(() => normalizeIp(h), `case ${i}: ${JSON.stringify(h)}`);
      for (const c of certs) {
        const m = matchHostname(h, c);
        assert.ok(Array.isArray(m.names) && Array.isArray(m.suggestions), `case ${i}`);
        assert.ok(!m.suggestions.some((s) => s.includes('*')), `case ${i}: wildcard suggested`);
        if (comparable(h)) {
          compared++;
          const node = checkServerIdentity(h, c.toLegacyObject()) === undefined;
          assert.equal(m.matches, node, `case ${i}: ${JSON.stringify(h)} vs ${c.subjectAltName ?? c.subject}`);
        }
      }
    }
    assert.ok(compared > 0, 'some cases were compared with Node');
  });
});
