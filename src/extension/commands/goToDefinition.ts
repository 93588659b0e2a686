import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { targetConnection } from './target';

/** tlsDoctor.goToDefinition: open the file where the connection is written, selecting it. */
export function goToDefinitionCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.goToDefinition', async (arg?: unknown) => {
    const conn = await targetConnection(ctx, arg, 'Go to which connection?', (c) => !!c.file);
    if (!conn?.file) {
      if (conn) await vscode.commands.executeCommand('workbench.action.openSettings', 'tlsDoctor.connections');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(conn.file));
    const range = new vscode.Range(doc.positionAt(conn.span.start), doc.positionAt(conn.span.end));
    return vscode.window.showTextDocument(doc, { selection: range, preserveFocus: false });
  });
}
