import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { Ctx } from '../ctx';
import { refKey, type ConnectionRef } from '../workspace/identity';
import { chainShown } from '../../engine/report/summary';
import { certItem, chainChangeItem, chainItem, connectionItem, fileItem, findingItem, moreCertsItem, problemItem, readingItem, settingsItem } from './items';
import type { Node } from './nodes';
import { redactItem } from './redactItem';

/** The `tlsDoctor.connections` view: connections grouped by file, their status, findings and chain. */
export class ConnectionsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** One node per connection object: the view refreshes a row by the identity of its element. */
  private readonly nodes = new WeakMap<Connection, Node>();
  /** The connection rows handed to the view, by ref key, to refresh just those rows. */
  private readonly shown = new Map<string, Set<Node>>();

  constructor(private readonly ctx: Ctx) {
    this.subscriptions = [
      this.changed,
      ctx.index.onDidChange(() => this.refreshAll()),
      ctx.results.onDidChange((conn) => (conn ? this.refreshConnection(conn) : this.refreshAll())),
      ctx.results.onDidChangeRunning((conn) => this.refreshConnection(conn)),
    ];
  }

  private refreshAll(): void {
    this.shown.clear();
    this.changed.fire(undefined);
  }

  /** Only the rows of this connection (and their children); a row not shown yet is read fresh when it is. */
  private refreshConnection(conn: Connection): void {
    const rows = this.shown.get(this.ctx.index.keyOf(conn));
    if (rows?.size) this.changed.fire([...rows]);
  }

  /** Every row, label, description and tooltip, passes the extension's Redactor on its way out. */
  getTreeItem(node: Node): vscode.TreeItem {
    return redactItem(this.item(node), (s) => this.ctx.redact(s));
  }

  private item(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'reading':
        return readingItem();
      case 'file':
        return fileItem(node.entry);
      case 'settings':
        return settingsItem();
      case 'connection': {
        const report = this.ctx.results.get(node.conn);
        return connectionItem(node.ref, node.conn, this.ctx.results.status(node.conn), { topFinding: report?.findings[0], stale: this.ctx.results.isStale(node.conn) });
      }
      case 'finding':
        return findingItem(node.ref, node.finding);
      case 'chain':
        return chainItem(node.chain);
      case 'chainChange':
        return chainChangeItem(node.ref, node.change);
      case 'cert':
        return certItem(node.ref, node.cert, node.position);
      case 'moreCerts':
        return moreCertsItem(node.ref, node.count);
      case 'problem':
        return problemItem(node.message, node.severity);
    }
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'file':
        return [
          ...node.entry.read.connections.map((conn) => this.connectionNode(conn)),
          ...node.entry.read.problems.map((p): Node => ({ kind: 'problem', message: p.message, severity: p.severity })),
        ];
      case 'settings': {
        const s = this.ctx.index.settings();
        return [
          ...s.connections.map((conn) => this.connectionNode(conn)),
          ...s.problems.map((message): Node => ({ kind: 'problem', message, severity: 'warning' })),
        ];
      }
      case 'connection':
        return this.connectionChildren(node.ref, node.conn);
      case 'chain': {
        const chain = chainShown(node.chain);
        const certs = chain.shown.map((cert, position): Node => ({ kind: 'cert', ref: node.ref, conn: node.conn, cert, position }));
        return chain.more ? [...certs, { kind: 'moreCerts', ref: node.ref, conn: node.conn, count: chain.more }] : certs;
      }
      default:
        return [];
    }
  }

  private connectionNode(conn: Connection): Node {
    let node = this.nodes.get(conn);
    const ref = this.ctx.index.refOf(conn);
    if (!node) this.nodes.set(conn, (node = { kind: 'connection', ref, conn }));
    const key = refKey(ref);
    const rows = this.shown.get(key) ?? new Set<Node>();
    this.shown.set(key, rows.add(node));
    return node;
  }

  private roots(): Node[] {
    const files = this.ctx.index.entries().map((entry): Node => ({ kind: 'file', entry }));
    const s = this.ctx.index.settings();
    const roots: Node[] = s.connections.length || s.problems.length ? [...files, { kind: 'settings' }] : files;
    return this.ctx.index.reading ? [{ kind: 'reading' }, ...roots] : roots;
  }

  private connectionChildren(ref: ConnectionRef, conn: Connection): Node[] {
    const report = this.ctx.results.get(conn);
    if (!report) return conn.problems.map((p): Node => ({ kind: 'problem', message: p.message, severity: p.severity }));
    const findings = report.findings.map((finding): Node => ({ kind: 'finding', ref, conn, finding }));
    const change = report.server.chainChange;
    const head: Node[] = change ? [{ kind: 'chainChange', ref, conn, change }] : [];
    const chain = report.server.chain ?? [];
    return chain.length ? [...head, ...findings, { kind: 'chain', ref, conn, chain }] : [...head, ...findings];
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
