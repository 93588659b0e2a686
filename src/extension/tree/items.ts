import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { Finding, Severity } from '../../engine/model/finding';
import type { CertSummary, ChainChange } from '../../engine/model/report';
import { escapeMarkdown, inlineCode } from '../../engine/report/escape';
import { listSummary, moreThan } from '../../engine/report/summary';
import { certLine, connectionFacts, day } from '../../engine/report/present';
import { hostPort } from '../../engine/model/connection';
import { commandOf } from '../commands/ids';
import { displayPath, type FileConnections } from '../workspace/connectionIndex';
import { refKey, type ConnectionRef } from '../workspace/identity';
import type { Status } from '../workspace/results';

const STATUS_ICON: Record<Status, vscode.ThemeIcon> = {
  unknown: new vscode.ThemeIcon('circle-large-outline'),
  running: new vscode.ThemeIcon('sync~spin'),
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  failing: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

export const STATUS_TEXT: Record<Status, string> = {
  unknown: 'not yet diagnosed',
  running: 'diagnosing…',
  ok: 'ok',
  warning: 'warning',
  failing: 'failing',
};

export function severityIcon(severity: Severity): vscode.ThemeIcon {
  if (severity === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (severity === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon('info');
}

export function fileItem(entry: FileConnections): vscode.TreeItem {
  const item = new vscode.TreeItem(displayPath(entry.uri), vscode.TreeItemCollapsibleState.Expanded);
  item.resourceUri = entry.uri;
  item.iconPath = vscode.ThemeIcon.File;
  item.contextValue = 'file';
  return item;
}

export function settingsItem(): vscode.TreeItem {
  const item = new vscode.TreeItem('Setting tlsDoctor.connections', vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = new vscode.ThemeIcon('settings-gear');
  item.contextValue = 'settings';
  return item;
}

/** The row's label: where it connects (host:port, or the socket), short enough for the default sidebar. */
export function rowLabel(conn: Connection): string {
  if (conn.socket && !conn.host) return conn.socket.split('/').pop() || conn.socket;
  return hostPort(conn);
}

/**
 * Host first, then the status (or the first finding), then the rest: at the default sidebar
 * width the words that matter are the ones left. The user, mode and file are in the tooltip.
 */
export function connectionItem(ref: ConnectionRef, conn: Connection, status: Status, o: { topFinding?: Finding; stale?: boolean } = {}): vscode.TreeItem {
  const diagnosed = status === 'ok' || status === 'warning' || status === 'failing';
  const item = new vscode.TreeItem(rowLabel(conn), diagnosed ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  // The status is part of the id: the view keeps an item's old expansion state, and a newly
  // diagnosed connection should open to show its findings.
  item.id = `${refKey(ref)}|${status}`;
  item.iconPath = STATUS_ICON[status];
  const said = o.topFinding && status !== 'ok' ? o.topFinding.code : STATUS_TEXT[status];
  const rest = [conn.user, conn.driver === 'unknown' ? undefined : conn.driver, conn.tls.mode ?? 'default mode'].filter(Boolean);
  item.description = [o.stale ? `${said} (before edit)` : said, ...rest].join(' · ');
  item.tooltip = connectionTooltip(conn, status, o.stale);
  item.contextValue = ['connection', diagnosed ? 'diagnosed' : '', conn.file ? 'inFile' : ''].filter(Boolean).join('.');
  if (conn.file) item.command = commandOf('tlsDoctor.goToDefinition', 'Go to definition', ref);
  return item;
}

function connectionTooltip(conn: Connection, status: Status, stale?: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMarkdown(conn.label)}**: ${STATUS_TEXT[status]}${stale ? ', from before the last edit of this connection' : ''}\n\n`);
  for (const [k, v] of connectionFacts(conn)) md.appendMarkdown(`- ${k}: ${inlineCode(v)}\n`);
  return md;
}

export function findingItem(ref: ConnectionRef, f: Finding): vscode.TreeItem {
  const item = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
  item.description = f.code;
  item.iconPath = f.code === 'tls-ok' ? STATUS_ICON.ok : severityIcon(f.severity);
  item.tooltip = new vscode.MarkdownString().appendText(f.detail);
  item.contextValue = 'finding';
  item.command = commandOf('tlsDoctor.showFinding', 'Explain', ref, f.code);
  return item;
}

export function chainItem(chain: CertSummary[]): vscode.TreeItem {
  const item = new vscode.TreeItem('Certificate chain', vscode.TreeItemCollapsibleState.Collapsed);
  item.description = `${chain.length} certificate${chain.length === 1 ? '' : 's'}`;
  item.iconPath = new vscode.ThemeIcon('shield');
  item.contextValue = 'chain';
  return item;
}

/** Shown first under a connection whose server presents another certificate than last time. */
export function chainChangeItem(ref: ConnectionRef, change: ChainChange): vscode.TreeItem {
  const item = new vscode.TreeItem(chainChangeLabel(change), vscode.TreeItemCollapsibleState.None);
  item.tooltip = new vscode.MarkdownString().appendText(change.note);
  item.iconPath = new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground'));
  item.contextValue = 'chainChange';
  item.command = commandOf('tlsDoctor.showCertificate', 'Show certificate', ref);
  return item;
}

export function chainChangeLabel(change: ChainChange): string {
  return `Certificate changed since last diagnosis: now issued by ${change.currentIssuer}`;
}

export function moreCertsItem(ref: ConnectionRef, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`… and ${moreThan(count)} certificate${count === 1 ? '' : 's'}`, vscode.TreeItemCollapsibleState.None);
  item.tooltip = 'The whole chain is in the certificate document.';
  item.command = commandOf('tlsDoctor.showCertificate', 'Show certificate', ref);
  return item;
}

export function certItem(ref: ConnectionRef, cert: CertSummary, position: number): vscode.TreeItem {
  const item = new vscode.TreeItem(cert.subject || '(no subject)', vscode.TreeItemCollapsibleState.None);
  item.description = `${position === 0 ? 'leaf' : 'issuer'} · until ${day(cert.notAfter)}`;
  item.tooltip = [certLine(cert), `issued by ${cert.issuer}`, cert.san.length ? `SANs: ${listSummary(cert.san)}` : 'no SANs'].join('\n');
  item.iconPath = new vscode.ThemeIcon('key');
  item.contextValue = 'certificate';
  item.command = commandOf('tlsDoctor.showCertificate', 'Show certificate', ref);
  return item;
}

export function readingItem(): vscode.TreeItem {
  const item = new vscode.TreeItem('Reading the workspace…', vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('sync~spin');
  item.contextValue = 'reading';
  return item;
}

export function problemItem(message: string, severity: 'error' | 'warning'): vscode.TreeItem {
  const item = new vscode.TreeItem(message, vscode.TreeItemCollapsibleState.None);
  item.iconPath = severityIcon(severity);
  item.contextValue = 'problem';
  return item;
}
