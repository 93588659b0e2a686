import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { chainText } from '../present/certificate';
import { diagnoseConnection } from '../run/diagnoseConnection';
import { showDocument, targetConnection } from './target';

/** tlsDoctor.showCertificate: the server's chain as a readable document (diagnoses first if needed). */
export function showCertificateCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.showCertificate', async (arg?: unknown) => {
    const conn = await targetConnection(ctx, arg, 'Show the certificate of which connection?');
    if (!conn) return undefined;
    const report = ctx.results.get(conn) ?? (await diagnoseConnection(ctx, conn));
    if (!report) return undefined;
    return showDocument(chainText(conn.label, report), 'plaintext');
  });
}
