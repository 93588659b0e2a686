import * as vscode from 'vscode';
import { localSocketOf } from '../../engine/drivers/effective';
import { ADVICE } from '../../engine/explain/advice';
import { titleWithCost } from '../../engine/fixes/downgrade';
import { DEFAULT_PORT, formatHost } from '../../engine/model/connection';
import type { Finding } from '../../engine/model/finding';
import { inlineCode } from '../../engine/report/escape';
import type { Ctx } from '../ctx';
import { offlineFinding } from '../diagnostics/static';
import { showDocument } from './target';

/** tlsDoctor.showFinding: a finding's explanation (the diagnostic code's link). */
export function showFindingCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.showFinding', async (connId?: unknown, code?: unknown) => {
    const conn = typeof connId === 'string' ? ctx.index.byId(connId) : undefined;
    const finding = conn && (ctx.results.get(conn)?.findings.find((f) => f.code === code) ?? offlineFinding(conn.id, code));
    if (!conn || !finding) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: that finding is no longer current; diagnose the connection again.');
      return undefined;
    }
    const target = localSocketOf(conn) ? undefined : `${formatHost(conn.host ?? 'localhost')}:${conn.port ?? DEFAULT_PORT}`;
    return showDocument(ctx.redact(findingMarkdown(conn.label, finding, target)), 'markdown');
  });
}

/** `target` (host:port) replaces the HOST:PORT placeholder of the general advice. */
export function findingMarkdown(label: string | undefined, f: Finding, target?: string): string {
  const about = `${label ? `Connection: ${inlineCode(label)} · ` : ''}code \`${f.code}\` · ${f.severity}${f.cause ? ` · cause ${f.cause}` : ''}`;
  const lines = [`# ${f.title}`, '', about, '', f.detail, ''];
  const check = ADVICE[f.code]?.check;
  if (check && !saysAlready(f.detail, check)) lines.push('## What to check', '', target ? check.split('HOST:PORT').join(target) : check, '');
  if (f.fixes.length) lines.push('## How to fix', '');
  for (const fix of f.fixes) {
    lines.push(`- ${titleWithCost(fix)}`);
    if ((fix.kind === 'server-change' || fix.kind === 'manual') && fix.commands?.length) lines.push('', '  ```', ...fix.commands.map((c) => `  ${c}`), '  ```');
  }
  return lines.join('\n') + '\n';
}

/** Explained errors carry the advice in their detail already, with HOST:PORT possibly filled in. */
function saysAlready(detail: string, check: string): boolean {
  const longest = check.split('HOST:PORT').sort((a, b) => b.length - a.length)[0];
  return detail.includes(longest);
}
