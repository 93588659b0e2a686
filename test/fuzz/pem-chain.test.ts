// Random chains and CA files built from a pool of related and unrelated certificates: verifyChain
// says 'trusted' exactly when `openssl verify` accepts the same leaf, intermediates and CA file.
// Bounded by FUZZ_CASES (one openssl run per 20 cases); FUZZ_SEED replays a run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { verifyChain } from '../../src/engine/certs/chain';
import { createCa, createServerCert, type Issued } from '../../src/engine/certs/generate';
import { tempDir } from '../helpers/temp-dir';
import { fuzzCases, fuzzSeed, rng } from '../helpers/fuzz';

const CASES = fuzzCases(1000, 20);
const SEED = fuzzSeed();

const KB = { keyBits: 1024 };
const r1 = createCa({ cn: 'Pool Root 1', ...KB });
const r2 = createCa({ cn: 'Pool Root 2', ...KB });
const r1Again = createCa({ cn: 'Pool Root 1', ...KB }); // same name as r1, another key
const i1 = createCa({ cn: 'Pool Intermediate 1', ...KB }, r1);
const i2 = createCa({ cn: 'Pool Intermediate 2', ...KB }, i1);
const iOther = createCa({ cn: 'Pool Intermediate X', ...KB }, r2);
const cas: Issued[] = [r1, r2, r1Again, i1, i2, iOther];
const leaves: Issued[] = [r1, r2, i1, i2, iOther, r1Again].map((issuer, n) =>
  createServerCert(issuer, { cn: `leaf${n}`, hosts: ['localhost'], ...KB }));
leaves.push(createCa({ cn: 'self-signed leaf', ...KB }));

function pick<T>(r: () => number, from: T[]): T[] {
  return from.filter(() => r() < 0.4).sort(() => r() - 0.5);
}

describe('fuzz chain', () => {
  test(`verifyChain agrees with openssl verify on ${Math.floor(CASES / 20)} random chains (seed ${SEED})`, (t) => {
    const dir = tempDir(t);
    const r = rng(SEED);
    const verdicts = new Set<string>();
    for (let i = 0; i < Math.floor(CASES / 20); i++) {
      const leaf = leaves[Math.floor(r() * leaves.length)];
      const sent = pick(r, cas);
      const trusted = pick(r, [...cas, leaf]);
      if (trusted.length === 0) trusted.push(r1);
      const file = (name: string, certs: Issued[]) => {
        const p = join(dir, `${i}-${name}.pem`);
        writeFileSync(p, certs.map((c) => c.certPem).join(''));
        return p;
      };
      const args = ['verify', '-no_check_time', '-CAfile', file('trust', trusted)];
      if (sent.length) args.push('-untrusted', file('sent', sent));
      args.push(file('leaf', [leaf]));
      const openssl = spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 });
      const x = (c: Issued) => new X509Certificate(c.certPem);
      const v = verifyChain([leaf, ...sent].map(x), trusted.map(x));
      verdicts.add(v.status);
      const what = `case ${i} (seed ${SEED}): leaf ${x(leaf).subject}, sent [${sent.map((c) => c.subject)}], trusted [${trusted.map((c) => c.subject)}]`;
      assert.equal(v.status === 'trusted', openssl.status === 0, `${what}: ours ${v.status}, openssl ${openssl.stdout}${openssl.stderr}`);
    }
    assert.ok(verdicts.has('trusted') && verdicts.size > 1, `varied verdicts: ${[...verdicts]}`);
  });
});
