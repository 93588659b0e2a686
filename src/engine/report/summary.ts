/**
 * Long lists read by people (a certificate's SANs, a chain, the names in a finding) are cut to
 * their first few items and "and N more": a certificate with 5,000 SANs or a chain of 300
 * certificates must not bury the diagnosis. JSON keeps everything; machines read it.
 */

/** SANs and other names shown before "and N more". */
export const NAMES_SHOWN = 8;
/** Certificates of a chain shown before "and N more". */
export const CERTS_SHOWN = 6;

/** "a, b, c and 4,997 more" (all of them when there are few). */
export function listSummary(items: readonly string[], shown = NAMES_SHOWN): string {
  if (items.length <= shown + 1) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${moreThan(items.length - shown)}`;
}

/** The first certificates of a long chain, and how many were left out. */
export function chainShown<T>(chain: readonly T[], shown = CERTS_SHOWN): { shown: readonly T[]; more: number } {
  if (chain.length <= shown + 1) return { shown: chain, more: 0 };
  return { shown: chain.slice(0, shown), more: chain.length - shown };
}

/** "4,997 more" */
export function moreThan(n: number): string {
  return `${n.toLocaleString('en-US')} more`;
}

/** Evidence for a person to read (the Markdown report): long arrays cut as listSummary cuts them. */
export function evidenceForPeople(evidence: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(evidence)) {
    out[k] = Array.isArray(v) && v.length > NAMES_SHOWN + 1 ? [...v.slice(0, NAMES_SHOWN), `… and ${moreThan(v.length - NAMES_SHOWN)}`] : v;
  }
  return out;
}
