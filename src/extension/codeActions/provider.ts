import * as vscode from 'vscode';
import { planEdit, type ParamChange } from '../../engine/dialects';
import { titleWithCost } from '../../engine/fixes/downgrade';
import { expressibility, preferredFix } from '../../engine/fixes/preferred';
import type { Connection } from '../../engine/model/connection';
import type { Finding, Fix } from '../../engine/model/finding';
import { commandOf } from '../commands/ids';
import type { Ctx } from '../ctx';
import { SOURCE } from '../diagnostics/publisher';
import { connectionsAt, type FileConnections } from '../workspace/connectionIndex';
import type { ConnectionRef } from '../workspace/identity';
import { fixAction } from './dispatch';

/**
 * Quick fixes for the findings on a connection: each engine `Fix` the connection's dialect can
 * express becomes an edit planned by the dialect writer (or a command for fixes that need a choice
 * or a file); one the dialect cannot express becomes the writer's advice (for a Go DSN: register a
 * TLS config in code). The engine's preferredFix is the one marked preferred. Applying one re-diagnoses.
 */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly ctx: Ctx) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entry = this.ctx.index.forDocument(doc);
    if (!entry) return [];
    const actions = new Map<string, vscode.CodeAction>();
    for (const diag of context.diagnostics) {
      const found = this.findingFor(doc, entry, diag);
      if (!found) continue;
      const ref = this.ctx.index.refOf(found.conn);
      const text = doc.getText();
      const canExpress = (fix: Fix) => expressibility(text, found.conn, fix).ok;
      const preferred = preferredFix(found.finding, canExpress);
      for (const fix of found.finding.fixes) {
        const action = this.toAction(doc, { ...found, ref }, fix, diag);
        if (!action || actions.has(action.title)) continue;
        if (fix === preferred && !action.title.startsWith('How to')) action.isPreferred = true;
        actions.set(action.title, action);
      }
    }
    return [...actions.values()].sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
  }

  private findingFor(doc: vscode.TextDocument, entry: FileConnections, diag: vscode.Diagnostic): { conn: Connection; finding: Finding } | undefined {
    if (diag.source !== SOURCE || typeof diag.code !== 'object') return undefined;
    const code = String(diag.code.value);
    for (const conn of connectionsAt(entry, doc.offsetAt(diag.range.start), doc.offsetAt(diag.range.end))) {
      const finding = this.ctx.results.get(conn)?.findings.find((f) => f.code === code);
      if (finding) return { conn, finding };
    }
    return undefined;
  }

  private toAction(
    doc: vscode.TextDocument,
    at: { conn: Connection; finding: Finding; ref: ConnectionRef },
    fix: Fix,
    diag: vscode.Diagnostic,
  ): vscode.CodeAction | undefined {
    const possible = expressibility(doc.getText(), at.conn, fix);
    if (!possible.ok) return this.advice(at, fix, possible.why, diag);
    // The engine fills givesUp on every downgrade: the title says it, and it is never preferred.
    const action = new vscode.CodeAction(titleWithCost(fix) + (fix.unresolved ? ` (${fix.unresolved})` : ''), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diag];
    const how = fixAction(fix, at.conn, at.finding.code, at.ref);
    if ('command' in how) {
      action.command = how.command;
      return action;
    }
    const edit = this.plan(doc, at.conn, how.change);
    if (!edit) return undefined;
    action.edit = edit;
    action.command = commandOf('tlsDoctor.diagnose', 'Diagnose again', at.ref);
    return action;
  }

  /** A fix the dialect cannot write: the action says how to do it instead, and opens the explanation. */
  private advice(at: { finding: Finding; ref: ConnectionRef; conn: Connection }, fix: Fix, why: string, diag: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(`How to: ${fix.title.replace(/^./, (c) => c.toLowerCase())}: ${why}`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diag];
    action.command = commandOf('tlsDoctor.showFinding', 'Explain', at.ref, at.finding.code);
    this.ctx.log.info(`${at.conn.label}: "${fix.title}" cannot be written in this ${at.conn.dialect} connection: ${why}`);
    return action;
  }

  private plan(doc: vscode.TextDocument, conn: Connection, change: ParamChange): vscode.WorkspaceEdit | undefined {
    const planned = planEdit(doc.getText(), conn, change);
    if ('error' in planned) {
      this.ctx.log.warn(`No quick fix for ${conn.label} (${change.param}): ${planned.error}`);
      return undefined;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of planned.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.span.start), doc.positionAt(e.span.end)), e.newText);
    return edit;
  }
}
