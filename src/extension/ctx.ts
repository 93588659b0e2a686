import * as vscode from 'vscode';
import { Redactor } from '../engine/redact';
import { Log } from './log/channel';
import { ReadOnlyDocuments } from './present/documents';
import { Passwords } from './secrets/passwords';
import { ChainMemory } from './workspace/chainMemory';
import { ConnectionIndex } from './workspace/connectionIndex';
import { OfflineFindings } from './workspace/offlineFindings';
import { Results } from './workspace/results';

/**
 * Owns the extension's long-lived parts and their lifetimes: everything pushed here is disposed
 * when the extension deactivates.
 */
export class Ctx implements vscode.Disposable {
  readonly log: Log;
  readonly index: ConnectionIndex;
  readonly results: Results;
  /** The offline findings last published (diagnostics/static.ts writes them), by the same key as the results. */
  readonly offline: OfflineFindings;
  readonly passwords: Passwords;
  readonly chains: ChainMemory;
  /** Every password of the workspace's connections and of this session (asked, stored): see redact(). */
  readonly secrets = new Redactor();
  readonly documents: ReadOnlyDocuments;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.push(new Log((line) => this.redact(line)));
    this.index = this.push(new ConnectionIndex(this.log));
    this.results = this.push(new Results((conn) => this.index.keyOf(conn)));
    this.offline = new OfflineFindings((conn) => this.index.keyOf(conn));
    this.passwords = new Passwords(extension.secrets);
    this.chains = new ChainMemory(extension.workspaceState);
    this.documents = this.push(new ReadOnlyDocuments((text) => this.redact(text)));
  }

  /**
   * Text on its way to the user (tree, hover, diagnostics, log, documents, exported reports), with
   * every password the readers found in the workspace, and every one used this session, masked.
   */
  redact(text: string): string {
    if (this.index) this.secrets.addConnections(this.index.all());
    return this.secrets.text(text);
  }

  push<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
