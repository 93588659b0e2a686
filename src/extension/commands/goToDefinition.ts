import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { targetConnection } from './target';

/**
 * tlsDoctor.goToDefinition: open the file where the connection is written, the cursor at its start
 * (not the whole 90-character URL selected, which scrolls the editor sideways).
 */
export function goToDefinitionCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.goToDefinition', async (arg?: unknown) => {
    const conn = await targetConnection(ctx, arg, 'Go to which connection?', (c) => !!c.file);
    if (!conn?.file) {
      if (conn) await vscode.commands.executeCommand('workbench.action.openSettings', 'tlsDoctor.connections');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(conn.file));
    const start = doc.positionAt(conn.span.start);
    const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(start, start), preserveFocus: false });
    editor.revealRange(new vscode.Range(start, doc.positionAt(conn.span.end)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  });
}
