import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';
import type { Ctx } from '../ctx';
import { diagnoseConnection, loginsOf } from '../run/diagnoseConnection';
import { mayConnect } from '../trust/confirm';

/** At most this many diagnoses at once: each opens several connections to its server. */
const CONCURRENCY = 4;

/** tlsDoctor.diagnoseAll: every connection found, bounded concurrency, with progress, cancellable. */
export function diagnoseAllCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.diagnoseAll', async () => {
    // In the first seconds the workspace is still being read: wait for it, not "nothing to diagnose".
    await ctx.index.ready();
    const conns = ctx.index.all();
    if (conns.length === 0) {
      void vscode.window.showInformationMessage('MySQL TLS Doctor: no connection to diagnose.');
      return [];
    }
    if (!(await mayConnect(conns.map((c) => c.label), loginsOf(conns)))) return [];
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MySQL TLS Doctor', cancellable: true },
      (progress, token) => runAll(ctx, conns, progress, token),
    );
  });
}

async function runAll(
  ctx: Ctx,
  conns: Connection[],
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<Array<DiagnosisReport | undefined>> {
  const abort = new AbortController();
  const sub = token.onCancellationRequested(() => abort.abort());
  const reports: Array<DiagnosisReport | undefined> = new Array(conns.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < conns.length && !token.isCancellationRequested) {
      const i = next++;
      reports[i] = await diagnoseConnection(ctx, conns[i], { confirmed: true, askPassword: false, signal: abort.signal });
      done++;
      progress.report({ message: `${done}/${conns.length} diagnosed`, increment: 100 / conns.length });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, conns.length) }, worker));
  } finally {
    sub.dispose();
  }
  if (token.isCancellationRequested) ctx.log.info(`Diagnose all cancelled after ${done} of ${conns.length}`);
  return reports;
}
