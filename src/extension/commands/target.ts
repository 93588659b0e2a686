import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { Ctx } from '../ctx';
import { STATUS_TEXT } from '../tree/items';
import type { Node } from '../tree/nodes';
import { isConnection, isRef } from '../workspace/identity';

/**
 * Commands are called with a connection's ref (quick fixes, hover links, diagnostics, tree row
 * commands), with a tree node (context menus), or from the palette (nothing: ask with a quick
 * pick). Waits for the first workspace read, so a command in the first seconds sees every connection.
 */
export async function targetConnection(ctx: Ctx, arg: unknown, placeHolder: string, filter?: (c: Connection) => boolean): Promise<Connection | undefined> {
  await ctx.index.ready();
  const given = await fromArg(ctx, arg);
  if (given || arg !== undefined) return given;
  return pickConnection(ctx, placeHolder, filter);
}

async function fromArg(ctx: Ctx, arg: unknown): Promise<Connection | undefined> {
  if (isRef(arg)) return ctx.index.resolve(arg);
  if (isNode(arg) && 'ref' in arg) return ctx.index.resolve(arg.ref);
  // An object of an earlier read (the in-host tests hold some): named by its ref, read again.
  if (isConnection(arg)) return ctx.index.resolve(ctx.index.refOf(arg));
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

function isNode(arg: unknown): arg is Node {
  return typeof arg === 'object' && arg !== null && typeof (arg as Node).kind === 'string';
}
