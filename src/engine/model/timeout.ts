// One place for what a timeout may be. Node's timers hold at most 2^31-1 ms (about 24.8 days):
// a larger delay fires at once (with a warning), which turned a huge --timeout into an account
// check given up before it started. Ten minutes per step is far past any server worth waiting for.

export const DEFAULT_TIMEOUT_MS = 5000;
export const MAX_TIMEOUT_MS = 10 * 60_000;

/**
 * A diagnosis runs its steps in at most this many timeouts, one after another: the greeting (DNS
 * and TCP included), the round of one ClientHello per TLS version (in parallel, beside the two
 * Node handshakes), the cipher listing (a budget of 4 timeouts, plus the hello under way when it
 * runs out), and the account login. The whole diagnosis is stopped at this many timeouts.
 */
export const DIAGNOSIS_TIMEOUTS = 8;

/** A timeout from settings or callers, made usable: a missing, zero, negative or non-number one
 *  is the default; a larger one than MAX_TIMEOUT_MS is cut to it (a fraction is rounded up). */
export function clampTimeout(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return DEFAULT_TIMEOUT_MS;
  return Math.min(Math.ceil(ms), MAX_TIMEOUT_MS);
}

/** The overall deadline of one diagnosis whose steps each have `timeoutMs`. */
export function diagnosisBudgetMs(timeoutMs: number): number {
  return DIAGNOSIS_TIMEOUTS * clampTimeout(timeoutMs);
}

/** The abort reason when a diagnosis reaches its overall deadline; its message is what the steps
 *  under way report instead of "cancelled". */
export class DeadlineReached extends Error {
  constructor(readonly budgetMs: number) {
    super(`the diagnosis reached its overall deadline (${budgetMs} ms, ${DIAGNOSIS_TIMEOUTS} times the timeout)`);
  }
}

/** Why a signal stopped a step, in words: the overall deadline, or the caller's cancel. */
export function abortReason(signal: AbortSignal | undefined): string {
  return signal?.reason instanceof DeadlineReached ? signal.reason.message : 'cancelled';
}
