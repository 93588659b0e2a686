// Shared knobs of the fuzz tests: FUZZ_CASES bounds the cases per target (npm test keeps the
// defaults, `npm run fuzz` raises them) and FUZZ_SEED replays a run.

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
