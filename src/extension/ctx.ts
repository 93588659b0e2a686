import * as vscode from 'vscode';
import { Log } from './log/channel';
import { Passwords } from './secrets/passwords';
import { ChainMemory } from './workspace/chainMemory';
import { ConnectionIndex } from './workspace/connectionIndex';
import { Results } from './workspace/results';

/**
 * Owns the extension's long-lived parts and their lifetimes: everything pushed here is disposed
 * when the extension deactivates.
 */
export class Ctx implements vscode.Disposable {
  readonly log: Log;
  readonly index: ConnectionIndex;
  readonly results: Results;
  readonly passwords: Passwords;
  readonly chains: ChainMemory;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.push(new Log());
    this.index = this.push(new ConnectionIndex(this.log));
    this.results = this.push(new Results());
    this.passwords = new Passwords(extension.secrets);
    this.chains = new ChainMemory(extension.workspaceState);
  }

  push<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
