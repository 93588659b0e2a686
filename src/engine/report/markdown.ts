import { titleWithCost } from '../fixes/downgrade';
import { preferredFix } from '../fixes/preferred';
import { TLS_VERSIONS } from '../model/connection';
import type { Fix } from '../model/finding';
import { targetName, type CertSummary, type DiagnosisReport } from '../model/report';
import { chainShown, evidenceForPeople, listSummary, moreThan } from './summary';
import { escapeMarkdown, inlineCode } from './escape';
import { driverLine } from '../drivers/reason';

/** A diagnosis fit to paste into a ticket. Holds no password: the report never carries one. */
export function renderMarkdown(r: DiagnosisReport): string {
  const t = r.target;
  const s = r.server;
  const rows = [
    `| | |`,
    `|---|---|`,
    `| client | ${t.driver}, ssl-mode ${t.sslMode} |`,
    `| driver | ${escapeMarkdown(driverLine(t))} |`,
    t.source ? `| written in | ${inlineCode(t.source.file)} line ${t.source.line} |` : '',
    `| server | ${s.reachable ? `${s.serverVersion ?? 'reached'}, TLS ${s.tlsSupported ? 'offered' : 'not offered'}` : 'not reached'} |`,
    s.protocols ? `| TLS versions accepted | ${TLS_VERSIONS.filter((v) => s.protocols?.[v]).join(', ') || 'none'} |` : '',
    s.negotiated ? `| negotiated | ${s.negotiated.protocol}, ${s.negotiated.cipher} |` : '',
    s.accountRequire ? `| account | REQUIRE ${s.accountRequire} |` : '',
    r.diagnosedAt ? `| diagnosed | ${r.diagnosedAt.slice(0, 19).replace('T', ' ')} UTC |` : '',
    `| took | ${r.durationMs} ms |`,
  ].filter((l) => l !== '');
  const out = [`# MySQL TLS diagnosis: ${escapeMarkdown(targetName(t))}`, '', ...rows];
  if (s.chain?.length) {
    out.push('', '## Certificate chain', '', '| # | subject | issuer | valid | SAN |', '|---|---|---|---|---|');
    const chain = chainShown(s.chain);
    chain.shown.forEach((c, i) => out.push(certRow(i, c)));
    if (chain.more) out.push(`| … | and ${moreThan(chain.more)} certificate(s) | | | |`);
  }
  out.push('', '## Findings');
  for (const f of r.findings) {
    out.push('', `### ${f.severity}: ${f.title} (\`${f.code}\`${f.cause ? `, cause ${f.cause}` : ''})`, '', f.detail);
    if (Object.keys(f.evidence).length) out.push('', '```json', JSON.stringify(evidenceForPeople(f.evidence), null, 2), '```');
    const preferred = preferredFix(f);
    for (const fix of f.fixes) out.push(...fixLines(fix, fix === preferred));
  }
  return out.join('\n') + '\n';
}

/** Certificate names come from the server: escaped, so a `|` cannot break the table. */
function certRow(i: number, c: CertSummary): string {
  const cells = [String(i), escapeMarkdown(c.subject), escapeMarkdown(c.issuer), `${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}`, escapeMarkdown(listSummary(c.san))];
  return `| ${cells.join(' | ')} |`;
}

/**
 * A fix short of full verification is labelled as such and says what it gives up. Not "downgrade":
 * VERIFY_CA is weaker than VERIFY_IDENTITY, yet stronger than the REQUIRED a client may be on.
 */
function fixLines(fix: Fix, preferred: boolean): string[] {
  const label = preferred ? '**Fix:**' : fix.givesUp ? '**Weaker option:**' : 'Alternative:';
  const lines = [`- ${label} ${titleWithCost(fix)}${fix.unresolved ? ` (${fix.unresolved})` : ''}`];
  if ('commands' in fix && fix.commands) lines.push('', '  ```', ...fix.commands.map((c) => `  ${c}`), '  ```');
  return lines;
}
