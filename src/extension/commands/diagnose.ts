import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { diagnoseConnection } from '../run/diagnoseConnection';
import { targetConnection } from './target';

/** tlsDoctor.diagnose: one connection (tree, quick fix, hover link, or a picker). */
export function diagnoseCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.diagnose', async (arg?: unknown) => {
    const conn = await targetConnection(ctx, arg, 'Which connection should be diagnosed?');
    if (!conn) return undefined;
    return vscode.window.withProgress(
      { location: { viewId: 'tlsDoctor.connections' }, title: `Diagnosing ${conn.label}` },
      () => diagnoseConnection(ctx, conn),
    );
  });
}
