import * as vscode from 'vscode';
import type { FindingCode } from '../../engine/model/finding';
import type { Ctx } from '../ctx';
import type { ConnectionRef } from '../workspace/connectionIndex';
import { applyChange } from './applyChange';
import { fixAction } from './dispatch';

/**
 * tlsDoctor.applyFix: applies fix number `index` of a finding (the hover's fix links), the same
 * way its quick fix does: an edit through the dialect writer, or the fix's own command.
 */
export function applyFixCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.applyFix', async (ref: ConnectionRef, code: FindingCode, index: number) => {
    const conn = await ctx.index.resolve(ref);
    const fix = conn && ctx.results.get(conn)?.findings.find((f) => f.code === code)?.fixes[index];
    if (!conn || !fix) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: that fix is no longer current; diagnose the connection again.');
      return false;
    }
    const action = fixAction(fix, conn, code, ref);
    if ('change' in action) return applyChange(ctx, ref, action.change);
    return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  });
}
