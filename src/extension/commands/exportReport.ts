import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';
import { exportFileName, reportForExport } from '../../engine/report/export';
import { renderMarkdown } from '../../engine/report/markdown';
import type { Ctx } from '../ctx';
import { projectFolderOf } from '../workspace/connectionIndex';
import { targetConnection } from './target';

/**
 * tlsDoctor.exportReport: the last diagnosis of a connection saved as Markdown (for a ticket) or
 * JSON (the `diagnose --json` object), then opened. The format follows the file's extension.
 * The report holds no password (a Secret serialises as its mask), so neither file does; it says
 * when the diagnosis ran, and names this machine's files relative to the project (or `~/…`).
 * The file is proposed outside the project (the folder of the last export outside every project,
 * else the home folder), with the host, port and time in its name: a report is not part of the
 * repository.
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
    const at = ctx.results.diagnosedAt(conn) ?? new Date();
    const target = typeof targetPath === 'string' ? vscode.Uri.file(targetPath) : await askTarget(ctx, exportFileName(report, at));
    if (!target) return undefined;
    const shown = reportForExport(report, at, { project: projectFolderOf(conn.file), home: homedir() });
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(ctx.redact(render(shown, target.fsPath))));
    } catch (e) {
      void vscode.window.showErrorMessage(`MySQL TLS Doctor could not write ${target.fsPath}: ${(e as Error).message}`);
      return undefined;
    }
    ctx.log.info(`Exported the diagnosis of ${conn.label} to ${target.fsPath}`);
    void ctx.extension.globalState.update(LAST_FOLDER, path.dirname(target.fsPath));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: true });
    return target.fsPath;
  });
}

function render(report: DiagnosisReport, file: string): string {
  return path.extname(file).toLowerCase() === '.json' ? JSON.stringify(report, null, 2) + '\n' : renderMarkdown(report);
}

const LAST_FOLDER = 'tlsDoctor.exportFolder';

async function askTarget(ctx: Ctx, name: string): Promise<vscode.Uri | undefined> {
  // The last export's folder, unless it is in a project: a report is proposed outside the repository.
  const last = ctx.extension.globalState.get<unknown>(LAST_FOLDER);
  const outside = typeof last === 'string' && last !== '' && !vscode.workspace.getWorkspaceFolder(vscode.Uri.file(last));
  const folder = outside ? last : homedir();
  return vscode.window.showSaveDialog({
    title: 'Export diagnosis report (Markdown for a ticket, or JSON)',
    saveLabel: 'Export',
    defaultUri: vscode.Uri.file(path.join(folder, name)),
    filters: { Markdown: ['md'], JSON: ['json'] },
  });
}
