import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';
import { titleWithCost } from '../../engine/fixes/downgrade';
import { escapeMarkdown, inlineCode } from '../../engine/report/escape';
import { listSummary } from '../../engine/report/summary';
import type { Ctx } from '../ctx';
import { certLine, connectionFacts, day } from '../../engine/report/present';
import { commandLink, type CommandId } from '../commands/ids';
import { connectionsAt } from '../workspace/connectionIndex';
import type { ConnectionRef } from '../workspace/identity';
import { rangeOf } from '../diagnostics/publisher';
import { STATUS_TEXT } from '../tree/items';
import { statusOf } from '../workspace/results';

const FILE_FIXES = new Set(['set-ssl-mode', 'set-ca', 'set-host', 'set-tls-versions', 'convert-der-to-pem', 'generate-certs']);

const LINK_COMMANDS: CommandId[] = ['tlsDoctor.diagnose', 'tlsDoctor.showCertificate', 'tlsDoctor.showFinding', 'tlsDoctor.applyFix'];

/** Over a connection: what was read (password masked), the last diagnosis, the certificate, links. */
export class ConnectionHover implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const entry = this.ctx.index.forDocument(doc);
    if (!entry) return undefined;
    const conn = connectionsAt(entry, doc.offsetAt(pos))[0];
    if (!conn) return undefined;
    const stale = this.ctx.results.isStale(conn);
    const md = hoverText(conn, this.ctx.results.get(conn), this.ctx.index.refOf(conn), stale);
    md.value = this.ctx.redact(md.value);
    return new vscode.Hover(md, rangeOf(entry, conn.span));
  }
}

export function hoverText(conn: Connection, report: DiagnosisReport | undefined, ref: ConnectionRef, stale = false): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: LINK_COMMANDS };
  // The diagnosis first: it is what the reader came for; the parsed settings follow.
  md.appendMarkdown(`**MySQL TLS Doctor**: ${inlineCode(conn.label)}\n\n`);
  md.appendMarkdown(report ? diagnosisText(report, ref, stale) : '_Not diagnosed yet._\n\n');
  md.appendMarkdown(links(ref, report) + '\n\n---\n\n**As written**\n\n');
  md.appendMarkdown(connectionFacts(conn).map(([k, v]) => `- ${k}: ${inlineCode(v)}`).join('\n') + '\n');
  return md;
}

function diagnosisText(report: DiagnosisReport, ref: ConnectionRef, stale: boolean): string {
  const when = stale ? ', _from before the last edit of this connection: diagnose again_' : '';
  const lines = [`**Last diagnosis: ${STATUS_TEXT[statusOf(report)]}** (${report.durationMs} ms${when})`, ''];
  // A renewal under another issuer is usually the whole story: say it before the findings.
  const change = report.server.chainChange;
  if (change) lines.push(`$(history) **Certificate changed since last diagnosis**: ${escapeMarkdown(change.note)}`, '');
  for (const f of report.findings) {
    lines.push(`- $(${icon(f.severity)}) ${escapeMarkdown(f.title)} ([\`${f.code}\`](${commandLink('tlsDoctor.showFinding', ref, f.code)}))`);
    // Fixes that change the file are one click away; the others are explained in the finding.
    f.fixes.forEach((fix, i) => {
      if (FILE_FIXES.has(fix.kind)) lines.push(`  - [$(lightbulb) ${escapeMarkdown(titleWithCost(fix))}](${commandLink('tlsDoctor.applyFix', ref, f.code, i)})`);
    });
  }
  const leaf = report.server.chain?.[0];
  if (leaf) {
    lines.push('', `**Certificate**: ${escapeMarkdown(certLine(leaf))}`, `- issued by ${escapeMarkdown(leaf.issuer)}, from ${day(leaf.notBefore)}`);
    if (leaf.san.length) lines.push(`- SANs: ${escapeMarkdown(listSummary(leaf.san))}`);
  }
  const n = report.server.negotiated;
  if (n) lines.push(`- negotiated ${escapeMarkdown(n.protocol)}, ${escapeMarkdown(n.cipher)}`);
  return lines.join('\n') + '\n\n';
}

function links(ref: ConnectionRef, report: DiagnosisReport | undefined): string {
  const out = [`[$(play) Diagnose](${commandLink('tlsDoctor.diagnose', ref)})`];
  if (report?.server.chain?.length) out.push(`[$(shield) Show certificate](${commandLink('tlsDoctor.showCertificate', ref)})`);
  return out.join(' · ');
}

function icon(severity: string): string {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'info';
}
