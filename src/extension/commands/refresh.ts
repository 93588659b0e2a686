import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** tlsDoctor.refresh: read the workspace and the setting again. */
export function refreshCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.refresh', () => ctx.index.rescan());
}
