import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { ConnectionRef } from '../workspace/connectionIndex';
import { applyChange } from './applyChange';
import { paramChange } from './provider';

/**
 * tlsDoctor.applyFix: applies fix number `index` of a finding (the hover's fix links). Edits go
 * through the dialect writer; fixes that need a choice or a file go to their own command.
 */
export function applyFixCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.applyFix', async (ref: ConnectionRef, code: string, index: number) => {
    const conn = await ctx.index.resolve(ref);
    const fix = conn && ctx.results.get(conn)?.findings.find((f) => f.code === code)?.fixes[index];
    if (!conn || !fix) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: that fix is no longer current; diagnose the connection again.');
      return false;
    }
    const change = paramChange(fix, conn.file ? path.dirname(conn.file) : undefined);
    if (change) return applyChange(ctx, ref, change);
    if (fix.kind === 'set-ca') return vscode.commands.executeCommand('tlsDoctor.chooseCa', ref);
    if (fix.kind === 'generate-certs') return vscode.commands.executeCommand('tlsDoctor.generateCertificates', ref, { suggestedHosts: fix.hosts });
    if (fix.kind === 'convert-der-to-pem') return vscode.commands.executeCommand('tlsDoctor.convertDerToPem', ref, fix.file, fix.param);
    return vscode.commands.executeCommand('tlsDoctor.showFinding', conn.id, code);
  });
}
