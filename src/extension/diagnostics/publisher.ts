import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveConfiguredPath } from '../../engine/certs/paths';
import type { Connection, ParseProblem } from '../../engine/model/connection';
import type { Finding, Severity } from '../../engine/model/finding';
import type { Span } from '../../engine/model/span';
import type { Ctx } from '../ctx';
import { commandLink } from '../commands/ids';
import type { FileConnections } from '../workspace/connectionIndex';
import type { ConnectionRef } from '../workspace/identity';
import { findingSpan } from '../../engine/lint/lint';

export const SOURCE = 'MySQL TLS';
/** Reading problems are not findings; they get this code so they can be told apart. */
export const PARSE_PROBLEM_CODE = 'parse-problem';

export const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Publishes findings and reading problems where each connection is written. A new report
 * republishes only the file of its connection; a re-read workspace republishes everything.
 */
export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mysql-tls-doctor');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.subscriptions = [
      this.collection,
      ctx.index.onDidChange(() => this.publish()),
      ctx.results.onDidChange((conn) => (conn ? this.publishFile(conn.file) : this.publish())),
    ];
  }

  publish(): void {
    this.collection.clear();
    for (const entry of this.ctx.index.entries()) this.collection.set(entry.uri, this.forFile(entry));
  }

  /** Connections from the setting have no file: nothing to underline. */
  private publishFile(file: string | undefined): void {
    const entry = file === undefined ? undefined : this.ctx.index.entry(file);
    if (entry) this.collection.set(entry.uri, this.forFile(entry));
  }

  /** Messages pass the extension's Redactor: a finding may quote what a reader misread. */
  private forFile(entry: FileConnections): vscode.Diagnostic[] {
    const out = this.diagnosticsOf(entry);
    for (const d of out) d.message = this.ctx.redact(d.message);
    return out;
  }

  private diagnosticsOf(entry: FileConnections): vscode.Diagnostic[] {
    const out = entry.read.problems.map((p) => problemDiagnostic(entry, p));
    for (const conn of entry.read.connections) {
      out.push(...conn.problems.map((p) => problemDiagnostic(entry, p)));
      const report = this.ctx.results.get(conn);
      const shown = report?.findings.filter((f) => f.code !== 'tls-ok') ?? [];
      const at = { ref: this.ctx.index.refOf(conn), stale: this.ctx.results.isStale(conn) };
      out.push(...shown.map((f) => findingDiagnostic(entry, conn, f, at)));
    }
    return out;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

export function rangeOf(entry: FileConnections, span: Span): vscode.Range {
  const a = entry.lines.positionAt(span.start);
  const b = entry.lines.positionAt(span.end);
  return new vscode.Range(a.line, a.character, b.line, b.character);
}

function findingDiagnostic(entry: FileConnections, conn: Connection, f: Finding, at: { ref: ConnectionRef; stale: boolean }): vscode.Diagnostic {
  const title = at.stale ? `${f.title} (found before the last edit of this connection)` : f.title;
  const d = new vscode.Diagnostic(rangeOf(entry, findingSpan(conn, f)), title, SEVERITY[f.severity]);
  d.source = SOURCE;
  d.code = { value: f.code, target: explainUri(at.ref, f.code) };
  const related = relatedInformation(entry, conn, f);
  if (related.length) d.relatedInformation = related;
  return d;
}

function problemDiagnostic(entry: FileConnections, p: ParseProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeOf(entry, p.span), p.message, SEVERITY[p.severity]);
  d.source = SOURCE;
  d.code = PARSE_PROBLEM_CODE;
  return d;
}

/** A command link that opens the finding's explanation (title, detail, fixes): the diagnostic code's target. */
export function explainUri(ref: ConnectionRef, code: string): vscode.Uri {
  return vscode.Uri.parse(commandLink('tlsDoctor.showFinding', ref, code as Finding['code']));
}

/**
 * The CA file the finding is about, and for a .env key group where the group starts. One line, not
 * one per key: VS Code shows related information in the hover too, and the diagnosis comes first.
 */
function relatedInformation(entry: FileConnections, conn: Connection, f: Finding): vscode.DiagnosticRelatedInformation[] {
  const out: vscode.DiagnosticRelatedInformation[] = [];
  const ca = conn.tls.ca && existingFile(conn.tls.ca, conn.file);
  if (ca && f.cause === 2) out.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(ca), new vscode.Position(0, 0)), 'the CA file this connection trusts'));
  if (conn.form === 'dotenv-group' && f.param) {
    const keys = Object.values(conn.params).flatMap((loc) => (loc ? [loc.key] : []));
    out.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(entry.uri, rangeOf(entry, conn.span)), `the connection's keys: ${keys.join(', ')}`));
  }
  return out;
}

/** The file a setting names (`~/`, `file:` and relative paths as the engine reads them), if it exists. */
export function existingFile(value: string, relativeTo?: string): string | undefined {
  const resolved = resolveConfiguredPath(value, relativeTo ? path.dirname(relativeTo) : undefined);
  return 'path' in resolved && fs.existsSync(resolved.path) ? resolved.path : undefined;
}
