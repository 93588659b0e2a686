import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { diagnoseConnection } from '../run/diagnoseConnection';
import { connectionsAt } from '../workspace/connectionIndex';

/** tlsDoctor.diagnoseAtCursor: the connection under the cursor (or the nearest on its line). */
export function diagnoseAtCursorCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.diagnoseAtCursor', async () => {
    await ctx.index.ready();
    const editor = vscode.window.activeTextEditor;
    const entry = editor && ctx.index.forDocument(editor.document);
    if (!editor || !entry) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: the active editor holds no connection.');
      return undefined;
    }
    const offset = editor.document.offsetAt(editor.selection.active);
    const line = editor.document.lineAt(editor.selection.active.line).range;
    const lineStart = editor.document.offsetAt(line.start);
    const lineEnd = editor.document.offsetAt(line.end);
    const conn = connectionsAt(entry, offset)[0]
      ?? entry.read.connections.find((c) => c.span.start <= lineEnd && c.span.end >= lineStart);
    if (!conn) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: no connection under the cursor.');
      return undefined;
    }
    return diagnoseConnection(ctx, conn);
  });
}
