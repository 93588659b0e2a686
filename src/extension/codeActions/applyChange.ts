import * as path from 'node:path';
import * as vscode from 'vscode';
import { planEdit, type ParamChange } from '../../engine/dialects';
import type { Connection } from '../../engine/model/connection';
import type { Ctx } from '../ctx';
import { diagnoseConnection, type RunOptions } from '../run/diagnoseConnection';
import type { ConnectionRef } from '../workspace/connectionIndex';

/**
 * Writes one parameter change into the file where the connection is written (through the dialect
 * writer, so only that span changes), then diagnoses the connection again.
 */
export async function applyChange(ctx: Ctx, ref: ConnectionRef, change: ParamChange, run: RunOptions = {}): Promise<boolean> {
  const conn = await ctx.index.resolve(ref);
  if (!conn?.file) {
    void vscode.window.showWarningMessage('MySQL TLS Doctor: this connection is not written in a file; change the setting instead.');
    return false;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(conn.file));
  const planned = planEdit(doc.getText(), conn, change);
  if ('error' in planned) {
    void vscode.window.showWarningMessage(`MySQL TLS Doctor could not change ${change.param}: ${planned.error}`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of planned.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.span.start), doc.positionAt(e.span.end)), e.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  const updated = await ctx.index.resolve(ref);
  if (updated) await diagnoseConnection(ctx, updated, run);
  return true;
}

/**
 * How to write a CA path into the connection: relative to the connection's file when the CA is
 * inside the workspace (the project moves with it), else absolute. Option files stay absolute:
 * the mysql client reads their relative paths from its working directory, not the file's folder.
 */
export function caPathFor(conn: Connection, caFile: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(caFile));
  if (!folder || !conn.file || conn.dialect === 'option-file') return caFile;
  return path.relative(path.dirname(conn.file), caFile).split(path.sep).join('/');
}
