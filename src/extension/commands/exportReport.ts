import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';
import { renderMarkdown } from '../../engine/report/markdown';
import type { Ctx } from '../ctx';
import { targetConnection } from './target';

/**
 * tlsDoctor.exportReport: the last diagnosis of a connection saved as Markdown (for a ticket) or
 * JSON (the `diagnose --json` object), then opened. The format follows the file's extension.
 * The report holds no password (a Secret serialises as its mask), so neither file does.
 */
export function exportReportCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.exportReport', async (arg?: unknown, targetPath?: unknown) => {
    await ctx.index.ready();
    const diagnosed = (c: Connection) => ctx.results.get(c) !== undefined;
    if (arg === undefined && !ctx.index.all().some(diagnosed)) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: no connection has been diagnosed yet; diagnose one first, then export its report.');
      return undefined;
    }
    const conn = await targetConnection(ctx, arg, 'Export the diagnosis of which connection?', diagnosed);
    const report = conn && ctx.results.get(conn);
    if (!conn || !report) {
      if (conn) void vscode.window.showInformationMessage(`MySQL TLS Doctor: ${conn.label} has not been diagnosed yet; diagnose it first.`);
      return undefined;
    }
    const target = typeof targetPath === 'string' ? vscode.Uri.file(targetPath) : await askTarget(report);
    if (!target) return undefined;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(ctx.redact(render(report, target.fsPath))));
    } catch (e) {
      void vscode.window.showErrorMessage(`MySQL TLS Doctor could not write ${target.fsPath}: ${(e as Error).message}`);
      return undefined;
    }
    ctx.log.info(`Exported the diagnosis of ${conn.label} to ${target.fsPath}`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: true });
    return target.fsPath;
  });
}

function render(report: DiagnosisReport, file: string): string {
  return path.extname(file).toLowerCase() === '.json' ? JSON.stringify(report, null, 2) + '\n' : renderMarkdown(report);
}

async function askTarget(report: DiagnosisReport): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `tls-diagnosis-${report.target.host.replace(/[^A-Za-z0-9.-]/g, '_')}-${report.target.port}.md`;
  return vscode.window.showSaveDialog({
    title: 'Export diagnosis report',
    saveLabel: 'Export',
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { Markdown: ['md'], JSON: ['json'] },
  });
}
