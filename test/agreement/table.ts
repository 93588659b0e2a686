// The README's agreement table, made from the suite's results (so it can only say what was run).
import type { ClientReport } from './agree';

export const TABLE_START = '<!-- agreement-table:start (written by test/agreement; TLS_DOCTOR_AGREEMENT_WRITE=1 npm test rewrites it) -->';
export const TABLE_END = '<!-- agreement-table:end -->';

export function agreementTable(reports: ClientReport[]): string {
  const rows = ['| client | written as (`diagnose` reads) | cases | agree | known disagreements |', '|---|---|---|---|---|'];
  const notes: string[] = [];
  let total = 0;
  let agreed = 0;
  for (const r of reports) {
    const cases = r.results.length;
    const agree = r.results.filter((x) => x.verdict === 'agree').length;
    const known = r.results.filter((x) => x.known);
    total += cases;
    agreed += agree;
    const written = r.client.writtenAs + (r.client.driver ? ` with \`--driver ${r.client.driver}\`` : '');
    rows.push(`| ${r.client.name} | ${written} | ${cases} | ${agree} (${pct(agree, cases)}) | ${known.length} |`);
    if (r.client.writtenNote) notes.push(`- ${r.client.name}: ${r.client.writtenNote}.`);
    const reasons = new Map<string, string[]>();
    for (const k of known) reasons.set(k.known!, [...(reasons.get(k.known!) ?? []), k.case.id.split('/').slice(1).join('/')]);
    for (const [reason, ids] of reasons) notes.push(`- ${r.client.name}, known disagreement (${ids.length}: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}): ${reason}`);
  }
  rows.push(`| **all** | | ${total} | ${agreed} (${pct(agreed, total)}) | ${total - agreed} |`);
  return [TABLE_START, ...rows, '', ...notes, TABLE_END].join('\n');
}

function pct(n: number, of: number): string {
  return of === 0 ? '–' : `${Math.floor((1000 * n) / of) / 10}%`;
}

/** The README with its table section replaced, or undefined when the markers are missing. */
export function withTable(readme: string, table: string): string | undefined {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) return undefined;
  return readme.slice(0, a) + table + readme.slice(b + TABLE_END.length);
}
