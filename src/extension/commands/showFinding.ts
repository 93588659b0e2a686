import * as vscode from 'vscode';
import { adviceTarget, findingMarkdown } from '../../engine/report/present';
import type { Ctx } from '../ctx';
import { targetConnection } from './target';

/** tlsDoctor.showFinding: a finding's explanation (the diagnostic code's link), read-only, one per finding. */
export function showFindingCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.showFinding', async (target?: unknown, code?: unknown) => {
    const conn = target === undefined ? undefined : await targetConnection(ctx, target, '');
    const findings = conn && (ctx.results.get(conn)?.findings ?? ctx.offline.get(conn));
    const finding = findings?.find((f) => f.code === code);
    if (!conn || !finding) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: that finding is no longer current; diagnose the connection again.');
      return undefined;
    }
    return ctx.documents.show(`${finding.code} · ${conn.label}.md`, findingMarkdown(conn.label, finding, adviceTarget(conn)));
  });
}
