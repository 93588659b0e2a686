// Shared knobs of the fuzz tests: FUZZ_CASES bounds the cases per target (npm test keeps the
// defaults, `npm run fuzz` raises them) and FUZZ_SEED replays a run.
import assert from 'node:assert/strict';
import { SSL_MODES, TLS_VERSIONS, type Connection } from '../../src/engine/model/connection';
import type { Span } from '../../src/engine/model/span';

/** How many cases a fuzz target runs: FUZZ_CASES, else `fallback`, never below `min`. */
export function fuzzCases(fallback: number, min = 1): number {
  return Math.max(min, Number(process.env.FUZZ_CASES) || fallback);
}

/** FUZZ_SEED, else a fresh seed (print it in failure messages so the run can be replayed). */
export function fuzzSeed(): number {
  return Number(process.env.FUZZ_SEED) || Date.now() % 2 ** 31;
}

/** mulberry32: small, seedable, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One to six edits at random places of `text`: insert a piece of `alphabet`, delete a few
 * characters, repeat a stretch, or `last` (each reader's own: cut short, a stray character).
 */
export function mutateText(rand: () => number, text: string, alphabet: readonly string[], last: (t: string, at: number) => string): string {
  let t = text;
  const n = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (t.length + 1));
    const op = Math.floor(rand() * 4);
    if (op === 0) t = t.slice(0, at) + alphabet[Math.floor(rand() * alphabet.length)] + t.slice(at);
    else if (op === 1) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
    else if (op === 2) t = t.slice(0, at) + t.slice(at, at + 12) + t.slice(at);
    else t = last(t, at);
  }
  return t;
}

/** A span inside a text of `len` characters. */
export function assertInside(s: Span, len: number, what: string): void {
  assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= len, `${what} span ${JSON.stringify(s)} outside 0..${len}`);
}

/**
 * What every reader promises of a connection read from any text: spans inside the text, plain
 * values only (a table lookup that fell through to Object.prototype would put a function here),
 * and the password (`secret`), where it was read as the password, in neither label nor JSON.
 */
export function assertConnectionShape(c: Connection, len: number, secret: string): void {
  assertInside(c.span, len, 'connection');
  assert.equal(typeof c.driver, 'string');
  assert.ok(c.tls.mode === undefined || SSL_MODES.includes(c.tls.mode), `mode ${String(c.tls.mode)}`);
  for (const v of c.tls.tlsVersions ?? []) assert.ok(TLS_VERSIONS.includes(v), `version ${String(v)}`);
  for (const [k, v] of Object.entries(c.tls)) assert.ok(['string', 'boolean', 'object'].includes(typeof v), `tls.${k}`);
  for (const [k, loc] of Object.entries(c.params)) {
    if (!loc) continue;
    assertInside(loc.span, len, `param ${k}`);
    assertInside(loc.valueSpan, len, `param ${k} value`);
  }
  for (const p of c.problems) assertInside(p.span, len, 'problem');
  for (const n of c.settingNotes ?? []) assertInside(n.span, len, 'note');
  // Mutations may turn the password into the user name or host (a space cut the userinfo): then
  // it is no password. What was read AS the password must never show.
  const { password, ...rest } = c;
  if (password?.reveal().includes(secret) && !JSON.stringify(rest).includes(secret)) {
    assert.ok(!c.label.includes(secret), 'password in label');
    assert.ok(!JSON.stringify(c).includes(secret), 'password in JSON');
  }
}
