import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { Ctx } from '../ctx';
import { STATUS_TEXT } from '../tree/items';
import type { Node } from '../tree/nodes';
import type { ConnectionRef } from '../workspace/connectionIndex';

/**
 * Commands are called from the tree (a node), from quick fixes (a ref), from hover links and
 * diagnostics (a connection id), or from the palette (nothing: ask with a quick pick).
 */
export async function targetConnection(ctx: Ctx, arg: unknown, placeHolder: string, filter?: (c: Connection) => boolean): Promise<Connection | undefined> {
  const given = await fromArg(ctx, arg);
  if (given || arg !== undefined) return given;
  return pickConnection(ctx, placeHolder, filter);
}

async function fromArg(ctx: Ctx, arg: unknown): Promise<Connection | undefined> {
  if (typeof arg === 'string') return ctx.index.byId(arg);
  if (isRef(arg)) return ctx.index.resolve(arg);
  if (isNode(arg) && 'conn' in arg) return arg.conn;
  return undefined;
}

export async function pickConnection(ctx: Ctx, placeHolder: string, filter: (c: Connection) => boolean = () => true): Promise<Connection | undefined> {
  const conns = ctx.index.all().filter(filter);
  if (conns.length === 0) {
    void vscode.window.showInformationMessage('MySQL TLS Doctor: no connection found in this workspace or in the setting tlsDoctor.connections.');
    return undefined;
  }
  const items = conns.map((conn) => ({
    label: conn.label,
    description: `${conn.tls.mode ?? 'default mode'} · ${STATUS_TEXT[ctx.results.status(conn)]}`,
    detail: conn.file ? vscode.workspace.asRelativePath(conn.file, false) : 'setting tlsDoctor.connections',
    conn,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.conn;
}

function isRef(arg: unknown): arg is ConnectionRef {
  return typeof arg === 'object' && arg !== null && typeof (arg as ConnectionRef).file === 'string' && typeof (arg as ConnectionRef).index === 'number';
}

function isNode(arg: unknown): arg is Node {
  return typeof arg === 'object' && arg !== null && typeof (arg as Node).kind === 'string';
}

/** Opens a read-only-in-spirit untitled document with generated text. */
export async function showDocument(content: string, language: 'markdown' | 'plaintext'): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(doc, { preview: true });
}
