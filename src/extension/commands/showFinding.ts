import * as vscode from 'vscode';
import type { Finding } from '../../engine/model/finding';
import type { Ctx } from '../ctx';
import { showDocument } from './target';

/** tlsDoctor.showFinding: a finding's explanation (the diagnostic code's link). */
export function showFindingCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.showFinding', async (connId?: unknown, code?: unknown) => {
    const conn = typeof connId === 'string' ? ctx.index.byId(connId) : undefined;
    const finding = conn && ctx.results.get(conn)?.findings.find((f) => f.code === code);
    if (!conn || !finding) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: that finding is no longer current; diagnose the connection again.');
      return undefined;
    }
    return showDocument(findingMarkdown(conn.label, finding), 'markdown');
  });
}

export function findingMarkdown(label: string | undefined, f: Finding): string {
  const about = `${label ? `Connection: \`${label}\` · ` : ''}code \`${f.code}\` · ${f.severity}${f.cause ? ` · cause ${f.cause}` : ''}`;
  const lines = [`# ${f.title}`, '', about, '', f.detail, ''];
  if (f.fixes.length) lines.push('## How to fix', '');
  for (const fix of f.fixes) {
    lines.push(`- ${fix.title}`);
    if ((fix.kind === 'server-change' || fix.kind === 'manual') && fix.commands?.length) lines.push('', '  ```', ...fix.commands.map((c) => `  ${c}`), '  ```');
  }
  return lines.join('\n') + '\n';
}
