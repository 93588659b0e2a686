import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';
import { titleWithCost } from '../../engine/fixes/downgrade';
import { escapeMarkdown, inlineCode } from '../../engine/report/escape';
import { listSummary } from '../../engine/report/summary';
import type { Ctx } from '../ctx';
import { connectionsAt, type ConnectionRef } from '../workspace/connectionIndex';
import { rangeOf } from '../diagnostics/publisher';
import { certLine, day } from '../present/certificate';
import { connectionFacts } from '../present/connection';
import { STATUS_TEXT } from '../tree/items';
import { statusOf } from '../workspace/results';

const FILE_FIXES = new Set(['set-ssl-mode', 'set-ca', 'set-host', 'set-tls-versions', 'convert-der-to-pem', 'generate-certs']);

const LINK_COMMANDS = ['tlsDoctor.diagnose', 'tlsDoctor.showCertificate', 'tlsDoctor.showFinding', 'tlsDoctor.applyFix'];

/** Over a connection: what was read (password masked), the last diagnosis, the certificate, links. */
export class ConnectionHover implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const entry = this.ctx.index.forDocument(doc);
    if (!entry) return undefined;
    const conn = connectionsAt(entry, doc.offsetAt(pos))[0];
    if (!conn) return undefined;
    const md = hoverText(conn, this.ctx.results.get(conn), this.ctx.index.refOf(conn));
    md.value = this.ctx.redact(md.value);
    return new vscode.Hover(md, rangeOf(entry, conn.span));
  }
}

export function hoverText(conn: Connection, report: DiagnosisReport | undefined, ref: ConnectionRef): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: LINK_COMMANDS };
  // The diagnosis first: it is what the reader came for; the parsed settings follow.
  md.appendMarkdown(`**MySQL TLS Doctor**: ${inlineCode(conn.label)}\n\n`);
  md.appendMarkdown(report ? diagnosisText(conn, report, ref) : '_Not diagnosed yet._\n\n');
  md.appendMarkdown(links(conn, report) + '\n\n---\n\n**As written**\n\n');
  md.appendMarkdown(connectionFacts(conn).map(([k, v]) => `- ${k}: ${inlineCode(v)}`).join('\n') + '\n');
  return md;
}

function diagnosisText(conn: Connection, report: DiagnosisReport, ref: ConnectionRef): string {
  const lines = [`**Last diagnosis: ${STATUS_TEXT[statusOf(report)]}** (${report.durationMs} ms)`, ''];
  // A renewal under another issuer is usually the whole story: say it before the findings.
  const change = report.server.chainChange;
  if (change) lines.push(`$(history) **Certificate changed since last diagnosis**: ${escapeMarkdown(change.note)}`, '');
  for (const f of report.findings) {
    lines.push(`- $(${icon(f.severity)}) ${escapeMarkdown(f.title)} ([\`${f.code}\`](${command('tlsDoctor.showFinding', [conn.id, f.code])}))`);
    // Fixes that change the file are one click away; the others are explained in the finding.
    f.fixes.forEach((fix, i) => {
      if (FILE_FIXES.has(fix.kind)) lines.push(`  - [$(lightbulb) ${escapeMarkdown(titleWithCost(fix))}](${command('tlsDoctor.applyFix', [ref, f.code, i])})`);
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

function links(conn: Connection, report: DiagnosisReport | undefined): string {
  const out = [`[$(play) Diagnose](${command('tlsDoctor.diagnose', [conn.id])})`];
  if (report?.server.chain?.length) out.push(`[$(shield) Show certificate](${command('tlsDoctor.showCertificate', [conn.id])})`);
  return out.join(' · ');
}

function command(id: string, args: unknown[]): string {
  return `command:${id}?${encodeURIComponent(JSON.stringify(args))}`;
}

function icon(severity: string): string {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'info';
}
