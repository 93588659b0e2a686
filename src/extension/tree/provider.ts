import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { Ctx } from '../ctx';
import { certItem, chainChangeItem, chainItem, connectionItem, fileItem, findingItem, problemItem, settingsItem } from './items';
import type { Node } from './nodes';

/** The `tlsDoctor.connections` view: connections grouped by file, their status, findings and chain. */
export class ConnectionsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    const refresh = () => this.changed.fire(undefined);
    this.subscriptions = [this.changed, ctx.index.onDidChange(refresh), ctx.results.onDidChange(refresh)];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'file':
        return fileItem(node.entry);
      case 'settings':
        return settingsItem();
      case 'connection': {
        const report = this.ctx.results.get(node.conn);
        return connectionItem(node.conn, this.ctx.results.status(node.conn), report?.findings[0]);
      }
      case 'finding':
        return findingItem(node.conn, node.finding);
      case 'chain':
        return chainItem(node.chain);
      case 'chainChange':
        return chainChangeItem(node.conn, node.change);
      case 'cert':
        return certItem(node.conn, node.cert, node.position);
      case 'problem':
        return problemItem(node.message, node.severity);
    }
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'file':
        return [
          ...node.entry.read.connections.map((conn): Node => ({ kind: 'connection', conn })),
          ...node.entry.read.problems.map((p): Node => ({ kind: 'problem', message: p.message, severity: p.severity })),
        ];
      case 'settings': {
        const s = this.ctx.index.settings();
        return [
          ...s.connections.map((conn): Node => ({ kind: 'connection', conn })),
          ...s.problems.map((message): Node => ({ kind: 'problem', message, severity: 'warning' })),
        ];
      }
      case 'connection':
        return this.connectionChildren(node.conn);
      case 'chain':
        return node.chain.map((cert, position): Node => ({ kind: 'cert', conn: node.conn, cert, position }));
      default:
        return [];
    }
  }

  private roots(): Node[] {
    const files = this.ctx.index.entries().map((entry): Node => ({ kind: 'file', entry }));
    const s = this.ctx.index.settings();
    return s.connections.length || s.problems.length ? [...files, { kind: 'settings' }] : files;
  }

  private connectionChildren(conn: Connection): Node[] {
    const report = this.ctx.results.get(conn);
    if (!report) return conn.problems.map((p): Node => ({ kind: 'problem', message: p.message, severity: p.severity }));
    const findings = report.findings.map((finding): Node => ({ kind: 'finding', conn, finding }));
    const change = report.server.chainChange;
    const head: Node[] = change ? [{ kind: 'chainChange', conn, change }] : [];
    const chain = report.server.chain ?? [];
    return chain.length ? [...head, ...findings, { kind: 'chain', conn, chain }] : [...head, ...findings];
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
