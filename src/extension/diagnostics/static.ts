import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { Finding, Severity } from '../../engine/model/finding';
import { findingSpan } from '../../engine/lint/lint';
import { analyzeStatic } from '../../engine/static/analyze';
import { globMatcher } from '../../engine/static/glob';
import { placeOf } from '../../engine/static/place';
import { applyRules, readRules, type Rules } from '../../engine/static/rules';
import { excludeGlobs, expiryWarningDays, rulesSetting } from '../config';
import type { Ctx } from '../ctx';
import type { FileConnections } from '../workspace/connectionIndex';
import { explainUri, rangeOf, SEVERITY, SOURCE } from './publisher';

/**
 * The offline findings (what needs no server: settings, local files, cloud CA, ignored settings)
 * of every connection, published as soon as the workspace is read and after every edit. They
 * never connect, so trusted and untrusted workspaces alike get them. A connection with a live
 * diagnosis is left to the main publisher: its report holds these findings, merged.
 * The findings are kept in ctx.offline, by the connection's ref, so the explanation link
 * (tlsDoctor.showFinding) finds them.
 */
export class StaticDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mysql-tls-doctor-offline');
  private readonly status = vscode.languages.createLanguageStatusItem('tlsDoctor.offline', { language: '*' });
  private readonly subscriptions: vscode.Disposable[];
  private problems: string[] = [];

  constructor(private readonly ctx: Ctx) {
    this.status.name = 'MySQL TLS Doctor';
    this.status.command = { title: 'Show connections', command: 'tlsDoctor.connections.focus' };
    this.subscriptions = [
      this.collection,
      this.status,
      ctx.index.onDidChange(() => this.publish()),
      // A diagnosis republishes only its own file, as the main publisher does.
      ctx.results.onDidChange((conn) => (conn?.file ? this.publishFile(conn.file) : this.publish())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['rules', 'exclude', 'expiryWarningDays', 'driver'].some((k) => e.affectsConfiguration(`tlsDoctor.${k}`))) this.publish();
      }),
    ];
  }

  publish(): void {
    this.collection.clear();
    this.ctx.offline.clear();
    const { rules, problems } = readRules(rulesSetting());
    if (problems.join() !== this.problems.join()) for (const p of problems) this.ctx.log.warn(`tlsDoctor.rules: ${p}`);
    this.problems = problems;
    const excluded = exclusion();
    for (const entry of this.ctx.index.entries()) {
      if (excluded(entry.uri)) continue;
      const diags = this.forFile(entry, rules);
      if (diags.length) this.collection.set(entry.uri, diags);
    }
    this.showCounts(this.count());
  }

  private publishFile(file: string): void {
    const entry = this.ctx.index.entry(file);
    if (!entry) return;
    const diags = exclusion()(entry.uri) ? [] : this.forFile(entry, readRules(rulesSetting()).rules);
    this.collection.set(entry.uri, diags);
    this.showCounts(this.count());
  }

  private count(): Record<Severity, number> {
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    this.collection.forEach((_uri, diags) => {
      for (const d of diags) counts[d.severity === vscode.DiagnosticSeverity.Error ? 'error' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info']++;
    });
    return counts;
  }

  private forFile(entry: FileConnections, rules: Rules): vscode.Diagnostic[] {
    const out: vscode.Diagnostic[] = [];
    const dir = path.dirname(entry.uri.fsPath);
    for (const conn of entry.read.connections) {
      if (this.ctx.results.get(conn)) continue; // the live report replaces the offline findings
      const findings = applyRules(offlineFindings(conn, entry, dir), rules);
      this.ctx.offline.set(conn, findings);
      for (const f of findings) out.push(this.diagnostic(entry, conn, f));
    }
    return out;
  }

  private diagnostic(entry: FileConnections, conn: Connection, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(rangeOf(entry, findingSpan(conn, f)), this.ctx.redact(f.title), SEVERITY[f.severity]);
    d.source = SOURCE;
    d.code = { value: f.code, target: explainUri(this.ctx.index.refOf(conn), f.code) };
    return d;
  }

  private showCounts(c: Record<Severity, number>): void {
    const total = c.error + c.warning + c.info;
    this.status.text = total ? `$(shield) TLS: ${c.error} error(s), ${c.warning} warning(s)` : '$(shield) TLS: no offline findings';
    this.status.detail = `${c.info} info; found without connecting to any server`;
    this.status.severity = c.error ? vscode.LanguageStatusSeverity.Error : c.warning ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

/** The offline analysis of one connection as its file places it (a template, a container's compose file). */
function offlineFindings(conn: Connection, entry: FileConnections, dir: string): Finding[] {
  const place = placeOf(entry.uri.fsPath, entry.text, dir, conn.span.start);
  return analyzeStatic(conn, { text: entry.text, baseDir: dir, place, warnDays: expiryWarningDays() }).findings;
}

/** `tlsDoctor.exclude`: globs relative to the file's workspace folder. */
function exclusion(): (uri: vscode.Uri) => boolean {
  const patterns = excludeGlobs();
  if (!patterns.length) return () => false;
  const matches = globMatcher(patterns);
  return (uri) => matches(vscode.workspace.asRelativePath(uri, false).split(path.sep).join('/'));
}
