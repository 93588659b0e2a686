import * as vscode from 'vscode';
import { FixProvider } from './codeActions/provider';
import { registerCommands } from './commands/register';
import { Ctx } from './ctx';
import { DiagnosticsPublisher } from './diagnostics/publisher';
import { StaticDiagnostics } from './diagnostics/static';
import { ConnectionHover } from './hover/provider';
import { diagnoseOnSaveListener } from './run/diagnoseOnSave';
import { ConnectionsTree } from './tree/provider';

/** What activate() returns: the live parts, for the in-host tests to inspect. */
export interface TlsDoctorApi {
  ctx: Ctx;
  tree: ConnectionsTree;
  diagnostics: DiagnosticsPublisher;
  /** The offline findings (no server needed), published before any diagnosis. */
  offline: StaticDiagnostics;
  /** Resolves once the first workspace scan is done. */
  ready: Promise<void>;
  /** How long activation took (ms): activate() itself, and until the first scan was done. */
  timing: ActivationTiming;
}

export interface ActivationTiming {
  activateMs: number;
  /** Set when `ready` resolves. */
  readyMs?: number;
}

/** Files the readers may find connections in; hovers and quick fixes are offered there. */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function activate(context: vscode.ExtensionContext): TlsDoctorApi {
  const started = performance.now();
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  const tree = ctx.push(new ConnectionsTree(ctx));
  const diagnostics = ctx.push(new DiagnosticsPublisher(ctx));
  const offline = ctx.push(new StaticDiagnostics(ctx));
  ctx.push(vscode.window.createTreeView('tlsDoctor.connections', { treeDataProvider: tree, showCollapseAll: true }));
  ctx.push(vscode.languages.registerHoverProvider(SELECTOR, new ConnectionHover(ctx)));
  ctx.push(vscode.languages.registerCodeActionsProvider(SELECTOR, new FixProvider(ctx), FixProvider.metadata));
  for (const d of registerCommands(ctx)) ctx.push(d);
  ctx.push(diagnoseOnSaveListener(ctx));
  ctx.index.watch();
  const timing: ActivationTiming = { activateMs: 0 };
  const ready = ctx.index
    .rescan()
    .catch((e: Error) => ctx.log.error(`Scanning the workspace failed: ${e.message}`))
    .then(() => void (timing.readyMs = performance.now() - started));
  timing.activateMs = performance.now() - started;
  return { ctx, tree, diagnostics, offline, ready, timing };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
