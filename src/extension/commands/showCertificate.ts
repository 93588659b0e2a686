import * as vscode from 'vscode';
import { chainText } from '../../engine/report/present';
import type { Ctx } from '../ctx';
import { diagnoseConnection } from '../run/diagnoseConnection';
import { targetConnection } from './target';

/** tlsDoctor.showCertificate: the server's chain as a read-only document (diagnoses first if needed). */
export function showCertificateCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.showCertificate', async (arg?: unknown) => {
    const conn = await targetConnection(ctx, arg, 'Show the certificate of which connection?');
    if (!conn) return undefined;
    const report = ctx.results.get(conn) ?? (await diagnoseConnection(ctx, conn));
    if (!report) return undefined;
    return ctx.documents.show(`Certificate of ${conn.label}.txt`, chainText(conn.label, report));
  });
}
