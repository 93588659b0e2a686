import * as vscode from 'vscode';
import { planEdit, type ParamChange } from '../../engine/dialects';
import { titleWithCost } from '../../engine/fixes/downgrade';
import type { Connection } from '../../engine/model/connection';
import type { Finding, Fix } from '../../engine/model/finding';
import type { Ctx } from '../ctx';
import { SOURCE } from '../diagnostics/publisher';
import { connectionsAt, type FileConnections } from '../workspace/connectionIndex';
import { fixAction, paramChange } from './dispatch';

/**
 * Quick fixes for the findings on a connection: each engine `Fix` becomes an edit planned by the
 * dialect writer (or a command for fixes that need a choice or a file). Applying one re-diagnoses.
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
      for (const fix of found.finding.fixes) {
        const action = this.toAction(doc, found.conn, found.finding, fix, diag);
        if (action && !actions.has(action.title)) actions.set(action.title, action);
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

  private toAction(doc: vscode.TextDocument, conn: Connection, finding: Finding, fix: Fix, diag: vscode.Diagnostic): vscode.CodeAction | undefined {
    // The engine fills givesUp on every downgrade: the title says it, and it is never preferred.
    const action = new vscode.CodeAction(titleWithCost(fix), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diag];
    // New certificates mean work on the server: offered, never the one-keystroke default.
    action.isPreferred = !fix.givesUp && fix.kind !== 'generate-certs' && isFirstSecure(finding, fix) ? true : undefined;
    const ref = this.ctx.index.refOf(conn);
    const how = fixAction(fix, conn, finding.code, ref);
    if ('command' in how) {
      action.command = how.command;
      return action;
    }
    const edit = this.plan(doc, conn, how.change);
    if (!edit) return undefined;
    action.edit = edit;
    action.command = { command: 'tlsDoctor.diagnose', title: 'Diagnose again', arguments: [ref] };
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

/** The engine marks the secure fix `preferred`; without marks, the first edit that gives up nothing. */
function isFirstSecure(finding: Finding, fix: Fix): boolean {
  if (finding.fixes.some((f) => f.preferred !== undefined)) return fix.preferred === true;
  return finding.fixes.find((f) => !f.givesUp && paramChange(f) !== undefined) === fix;
}
