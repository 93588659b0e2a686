import * as vscode from 'vscode';
import { diagnoseOnSave } from '../config';
import type { Ctx } from '../ctx';
import { diagnoseConnection } from './diagnoseConnection';

/**
 * With `tlsDoctor.diagnoseOnSave` on, saving a file diagnoses its connections again, one after
 * another, with stored passwords only (a save never asks a question). In an untrusted workspace
 * nothing connects on save: the offline findings follow the edit already.
 */
export function diagnoseOnSaveListener(ctx: Ctx): vscode.Disposable {
  return vscode.workspace.onDidSaveTextDocument(async (doc) => {
    if (!diagnoseOnSave()) return;
    const entry = ctx.index.forDocument(doc);
    if (!entry?.read.connections.length) return;
    if (!vscode.workspace.isTrusted) {
      ctx.log.info(`Saved ${doc.uri.fsPath}: not diagnosed on save, the workspace is not trusted`);
      return;
    }
    ctx.log.info(`Saved ${doc.uri.fsPath}: diagnosing its ${entry.read.connections.length} connection(s) again (tlsDoctor.diagnoseOnSave)`);
    for (const conn of entry.read.connections) await diagnoseConnection(ctx, conn, { confirmed: true, askPassword: false });
  });
}
