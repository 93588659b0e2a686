import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { targetConnection } from './target';

/** tlsDoctor.forgetPassword: drop the stored password (and a "skip") so the next run asks again. */
export function forgetPasswordCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.forgetPassword', async (arg?: unknown) => {
    const conn = await targetConnection(ctx, arg, 'Forget the stored password of which connection?', (c) => !!c.user);
    if (!conn) return;
    const had = await ctx.passwords.forget(conn);
    const message = had
      ? `MySQL TLS Doctor: the stored password for ${conn.label} is gone; you will be asked again.`
      : `MySQL TLS Doctor: no password was stored for ${conn.label}; nothing to forget.`;
    ctx.log.info(message);
    void vscode.window.showInformationMessage(message);
    return had;
  });
}
