// Shared by the in-host suites: the extension's live API, the lab, the fixture workspace, waiting.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TlsDoctorApi } from '../../../src/extension/main';
import type { Connection } from '../../../src/engine/model/connection';
import type { Node } from '../../../src/extension/tree/nodes';
import { loadLab, type LabManifest } from '../../lab/manifest';

export const EXTENSION_ID = 'tls-doctor.mysql-tls-doctor';

/** Skip reasons by test title, read by index.ts when it writes the results. */
export const skipReasons = new Map<string, string>();

export function skip(ctx: Mocha.Context, reason: string): never {
  if (ctx.test) skipReasons.set(ctx.test.fullTitle(), reason);
  ctx.skip();
}

export async function api(): Promise<TlsDoctorApi> {
  const ext = vscode.extensions.getExtension<TlsDoctorApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this host`);
  const exported = await ext.activate();
  await exported.ready;
  return exported;
}

/** The running MariaDB lab, or a skip saying why there is none. */
export function labOrSkip(ctx: Mocha.Context): LabManifest {
  const lab = loadLab();
  if ('reason' in lab) skip(ctx, `MariaDB lab not running: ${lab.reason}`);
  return lab;
}

export function workspaceDir(): string {
  const dir = process.env.TLS_DOCTOR_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!dir) throw new Error('no fixture workspace');
  return dir;
}

export function wsFile(rel: string): string {
  return path.join(workspaceDir(), rel);
}

/** The first connection read from a workspace file (the index must know the file). */
export async function connectionIn(a: TlsDoctorApi, rel: string, index = 0): Promise<Connection> {
  const file = wsFile(rel);
  const conn = await a.ctx.index.resolve({ file, index });
  if (!conn) throw new Error(`no connection #${index} read from ${rel}: ${fs.existsSync(file) ? 'file exists' : 'file missing'}`);
  return conn;
}

/** The tree row of a connection (under its file's row), found by the connection's one identity. */
export function connectionRow(a: TlsDoctorApi, conn: Connection): Extract<Node, { kind: 'connection' }> | undefined {
  const key = a.ctx.index.keyOf(conn);
  const rows = a.tree.getChildren().flatMap((f) => a.tree.getChildren(f));
  return rows.find((n): n is Extract<Node, { kind: 'connection' }> => n.kind === 'connection' && a.ctx.index.keyOf(n.conn) === key);
}

/** A tree item's label as text, whatever its shape. */
export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Polls `probe` until it returns something truthy; fails after `ms` saying what was awaited. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 8000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function openDoc(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(wsFile(rel)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'MySQL TLS');
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Plain text of hover contents, whatever their shape. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Files the LogOutputChannel "MySQL TLS Doctor" is written to, found under the host's log folder. */
export function logFiles(a: TlsDoctorApi): string[] {
  const root = path.dirname(path.dirname(a.ctx.extension.logUri.fsPath));
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 4) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name.endsWith('MySQL TLS Doctor.log')) found.push(p);
    }
  };
  walk(root, 0);
  return found;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until the index has been quiet for `quietMs` (a written file is read after a debounce). */
export async function settle(a: TlsDoctorApi, quietMs = 600, maxMs = 8000): Promise<void> {
  let last = Date.now();
  const sub = a.ctx.index.onDidChange(() => void (last = Date.now()));
  try {
    const until = Date.now() + maxMs;
    while (Date.now() - last < quietMs && Date.now() < until) await sleep(50);
  } finally {
    sub.dispose();
  }
}

/** The text of the extension's log so far (the LogOutputChannel's files). */
export function logText(a: TlsDoctorApi): string {
  return logFiles(a).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}
