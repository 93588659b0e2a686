// Known disagreements between a real client and `diagnose`, each with its reason. The suite fails
// on any disagreement not listed here, and the README's table shows every one that is.
import type { Case } from './cases';
import type { Verdict } from './agree';

interface Known {
  client: string;
  /** Matches case ids `client/setting/server/host`; `*` for any part. */
  setting: string;
  server: string;
  host: string;
  verdict: Verdict;
  reason: string;
}

export const KNOWN: readonly Known[] = [];

export function knownDisagreement(c: Case, verdict: Verdict): string | undefined {
  const m = (pattern: string, value: string) => pattern === '*' || pattern === value;
  return KNOWN.find((k) => k.client === c.client && m(k.setting, c.setting.id) && m(k.server, c.server) && m(k.host, c.host) && k.verdict === verdict)?.reason;
}
