import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { planEdit, type ParamChange } from '../../engine/dialects';
import type { Connection } from '../../engine/model/connection';
import type { Finding, Fix } from '../../engine/model/finding';
import type { Ctx } from '../ctx';
import { SOURCE } from '../diagnostics/publisher';
import type { ConnectionRef, FileConnections } from '../workspace/connectionIndex';
import { actionTitle, givesUp } from './downgrade';

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
    const start = doc.offsetAt(diag.range.start);
    const end = doc.offsetAt(diag.range.end);
    const code = String(diag.code.value);
    for (const conn of entry.read.connections) {
      if (conn.span.start > start || end > conn.span.end) continue;
      const finding = this.ctx.results.get(conn)?.findings.find((f) => f.code === code);
      if (finding) return { conn, finding };
    }
    return undefined;
  }

  private toAction(doc: vscode.TextDocument, conn: Connection, finding: Finding, fix: Fix, diag: vscode.Diagnostic): vscode.CodeAction | undefined {
    const lost = givesUp(fix, this.ctx.results.get(conn)?.target.sslMode ?? conn.tls.mode);
    const action = new vscode.CodeAction(actionTitle(fix, lost), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diag];
    // New certificates mean work on the server: offered, never the one-keystroke default.
    action.isPreferred = !lost && fix.kind !== 'generate-certs' && isFirstSecure(finding, fix) ? true : undefined;
    const ref = this.ctx.index.refOf(conn);
    const change = paramChange(fix, conn.file ? path.dirname(conn.file) : undefined);
    if (change) {
      const edit = this.plan(doc, conn, change);
      if (!edit) return undefined;
      action.edit = edit;
      action.command = { command: 'tlsDoctor.diagnose', title: 'Diagnose again', arguments: [ref] };
      return action;
    }
    action.command = commandFor(fix, conn, finding, ref);
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

/** The engine marks the secure fix `preferred`; without marks, the first fix that gives up nothing. */
function isFirstSecure(finding: Finding, fix: Fix): boolean {
  if (finding.fixes.some((f) => f.preferred !== undefined)) return fix.preferred === true;
  return finding.fixes.find((f) => !givesUp(f, undefined) && paramChange(f) !== undefined) === fix;
}

export function paramChange(fix: Fix, baseDir = '.'): ParamChange | undefined {
  switch (fix.kind) {
    case 'set-ssl-mode':
      return { param: 'mode', value: fix.mode };
    case 'set-host':
      return { param: 'host', value: fix.host };
    case 'set-tls-versions':
      return { param: 'tlsVersions', value: fix.versions };
    case 'set-ca':
      // A path that does not exist yet (a cloud bundle's file name) goes through the CA picker.
      return fix.path && fs.existsSync(path.resolve(baseDir, fix.path)) ? { param: 'ca', value: fix.path } : undefined;
    default:
      return undefined;
  }
}

function commandFor(fix: Fix, conn: Connection, finding: Finding, ref: ConnectionRef): vscode.Command {
  if (fix.kind === 'set-ca') return { command: 'tlsDoctor.chooseCa', title: fix.title, arguments: [ref] };
  if (fix.kind === 'convert-der-to-pem') return { command: 'tlsDoctor.convertDerToPem', title: fix.title, arguments: [ref, fix.file, fix.param] };
  if (fix.kind === 'generate-certs') return { command: 'tlsDoctor.generateCertificates', title: fix.title, arguments: [ref, { suggestedHosts: fix.hosts }] };
  return { command: 'tlsDoctor.showFinding', title: fix.title, arguments: [conn.id, finding.code] };
}
