import * as vscode from 'vscode';
import { adviceTarget, findingMarkdown } from '../../engine/report/present';
import type { Ctx } from '../ctx';
import { offlineFinding } from '../diagnostics/static';
import { targetConnection } from './target';

/** tlsDoctor.showFinding: a finding's explanation (the diagnostic code's link), read-only, one per finding. */
export function showFindingCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.showFinding', async (target?: unknown, code?: unknown) => {
    // The offline diagnostics still name a connection by its engine id (a string).
    const conn = typeof target === 'string' ? ctx.index.all().find((c) => c.id === target) : target === undefined ? undefined : await targetConnection(ctx, target, '');
    const finding = conn && (ctx.results.get(conn)?.findings.find((f) => f.code === code) ?? offlineFinding(conn.id, code));
    if (!conn || !finding) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: that finding is no longer current; diagnose the connection again.');
      return undefined;
    }
    return ctx.documents.show(`${finding.code} · ${conn.label}.md`, findingMarkdown(conn.label, finding, adviceTarget(conn)));
  });
}
