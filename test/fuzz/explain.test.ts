// Fuzzing explainError with random text and mutated real messages: it never throws, every answer
// keeps its shape, and matching stays linear (ten times the input costs well under thirty times
// the time). FUZZ_CASES (default 1000) bounds the run; FUZZ_SEED replays one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Explanation, explainError } from '../../src/engine/explain/index';
import { FINDING_CODES } from '../../src/engine/model/finding';
import { medianCpuMs } from '../helpers/cpu-time';
import { fuzzCases, fuzzSeed, rng } from '../helpers/fuzz';

const CASES = fuzzCases(1000);
const SEED = fuzzSeed();

const corpus = (JSON.parse(readFileSync(join(__dirname, '../fixtures/explain/corpus.json'), 'utf8')) as Array<{ text: string }>).map((e) => e.text);

/** Pieces that steer matching into its loops: needle prefixes, escapes, code markers. */
const TOKENS = [
  'error:', 'error:0A000086', 'error:1416F086:', 'verify error:num=', 'Verify return code: ', 'self signed certificate',
  'self-signed certificate in certificate chain', 'certificate has expired or is not yet valid', ' is after ', '(2003,',
  '[SSL: ', '\\n', '\\"', '\\\\', '_', '-', '@', ':', 'password=', 'mysql://u:p@h/', 'OPENSSL_internal:', '\u0130', '\u00a0', '\ud800',
];

function randomText(r: () => number): string {
  const n = Math.floor(r() * 400);
  let s = '';
  for (let i = 0; i < n; i++) {
    const pick = r();
    if (pick < 0.3) s += TOKENS[Math.floor(r() * TOKENS.length)];
    else if (pick < 0.6) s += String.fromCharCode(32 + Math.floor(r() * 95));
    else s += String.fromCharCode(Math.floor(r() * 0x10000));
  }
  return s;
}

function mutate(text: string, r: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const kind = r();
    if (kind < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 10));
    else if (kind < 0.6) s = s.slice(0, at) + TOKENS[Math.floor(r() * TOKENS.length)] + s.slice(at);
    else if (kind < 0.8) s = s.slice(0, at) + s.slice(at, at + 40).repeat(1 + Math.floor(r() * 20)) + s.slice(at + 40);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x10000)) + s.slice(at);
  }
  return s;
}

function assertShape(x: Explanation, input: string): void {
  assert.equal(typeof x.unknown, 'boolean');
  assert.ok(Array.isArray(x.findings) && Array.isArray(x.matches) && Array.isArray(x.misleading) && Array.isArray(x.checks));
  assert.ok(x.checks.length > 0, 'there is always something to check next');
  if (x.unknown) assert.equal(x.findings.length, 0);
  const seen = new Set<string>();
  for (const f of x.findings) {
    assert.ok(f.code in FINDING_CODES, `unknown code ${f.code}`);
    assert.equal(f.severity, FINDING_CODES[f.code].severity);
    assert.ok(!seen.has(f.code), `${f.code} twice: causes are merged`);
    seen.add(f.code);
  }
  for (const m of x.matches) assert.ok(m.excerpt.length <= 200, `excerpt of ${m.excerpt.length} chars for input of ${input.length}`);
}

/** This process's CPU time (the median of a few runs): another process on a shared machine stretches the wall clock, not this. */
function timeOf(text: string): number {
  return Math.max(medianCpuMs(() => explainError(text)), 0.05);
}

// Timed first, on a fresh heap: the fuzz cases below leave garbage that would add GC pauses.
describe('matching stays linear', () => {
  const shapes: Record<string, (n: number) => string> = {
    'repeated needle prefixes': (n) => 'self signed certificate '.repeat(n / 24),
    'repeated error code markers': (n) => 'error:0A00008'.repeat(n / 13),
    'repeated verify markers': (n) => 'verify error:num=1'.repeat(n / 18),
    'repeated wrappers waiting for their cause': (n) => '(2003, "x" '.repeat(n / 11),
    'one long line of backslashes and escapes': (n) => '\\n\\"\\\\'.repeat(n / 6),
    'many @ signs and colons (secret masking)': (n) => 'a:b@c '.repeat(n / 6) + 'certificate has expired',
    'many password keys, -p options and IDENTIFIED BY (secret masking)': (n) => ' -p pass: pwd= --password identified by '.repeat(n / 40) + 'certificate has expired',
    'one long unquoted password value after each key (secret masking)': (n) => `password=${'x'.repeat(500)} `.repeat(n / 510),
    'random text': (n) => randomText(rng(7)).repeat(Math.ceil(n / 200)).slice(0, n),
  };
  for (const [name, make] of Object.entries(shapes)) {
    test(`${name}: ten times the input costs less than thirty times the time`, () => {
      const small = make(25_000);
      const large = make(250_000); // still under the 256 KiB that explainError reads
      // Warm up both sizes first: the first runs measure the compiler, not the matcher.
      for (let i = 0; i < 3; i++) {
        explainError(small);
        explainError(large);
      }
      const ratio = timeOf(large) / timeOf(small);
      assert.ok(ratio < 30, `x10 input took x${ratio.toFixed(1)} time`);
    });
  }
});

describe(`explainError under fuzzing (seed ${SEED}, ${CASES} cases)`, () => {
  test('random text never throws and keeps the shape', () => {
    const r = rng(SEED);
    for (let i = 0; i < CASES; i++) {
      const text = randomText(r);
      assertShape(explainError(text), text);
    }
  });

  test('mutated real messages never throw and keep the shape', () => {
    const r = rng(SEED + 1);
    for (let i = 0; i < CASES; i++) {
      const text = mutate(corpus[Math.floor(r() * corpus.length)], r);
      assertShape(explainError(text), text);
    }
  });

  test('a password placed anywhere in a real message never comes back', () => {
    const r = rng(SEED + 2);
    for (let i = 0; i < Math.min(CASES, 300); i++) {
      const base = corpus[Math.floor(r() * corpus.length)];
      const at = Math.floor(r() * (base.length + 1));
      const text = `${base.slice(0, at)} mysql://app:Zq9-Canary-Secret@db:3306/x ${base.slice(at)}`;
      assert.ok(!JSON.stringify(explainError(text)).includes('Zq9-Canary-Secret'), text);
    }
  });

  test('a pasted command line or config with a password, anywhere in a real message, never shows it', () => {
    const forms = [
      'mysql -pZq9-Canary-Secret -h db', "mysql -p'Zq9-Canary-Secret'", 'mysql --password=Zq9-Canary-Secret', 'mysql --password Zq9-Canary-Secret',
      "IDENTIFIED BY 'Zq9-Canary-Secret'", 'password: Zq9-Canary-Secret', 'pass=Zq9-Canary-Secret', 'Uid=a;Pwd=Zq9-Canary-Secret;', 'password1=Zq9-Canary-Secret',
    ];
    const r = rng(SEED + 3);
    for (let i = 0; i < Math.min(CASES, 300); i++) {
      const base = corpus[Math.floor(r() * corpus.length)];
      const at = Math.floor(r() * (base.length + 1));
      const text = `${base.slice(0, at)} ${forms[Math.floor(r() * forms.length)]} ${base.slice(at)}`;
      assert.ok(!JSON.stringify(explainError(text)).includes('Canary-Secret'), 'the password came back');
    }
  });
});
