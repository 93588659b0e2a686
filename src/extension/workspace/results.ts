import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';

export type Status = 'unknown' | 'running' | 'ok' | 'warning' | 'failing';

/**
 * The last diagnosis of each connection. Keyed by what the connection IS (file, form, label, TLS
 * settings), not by its offset, so a result survives edits elsewhere in the file and is dropped
 * when the connection's own settings change.
 *
 * Two events, so that listeners rebuild only what changed: a diagnosis fires `onDidChangeRunning`
 * when it starts (only the status icon changes) and `onDidChange` once when its report is stored.
 */
export class Results implements vscode.Disposable {
  private readonly reports = new Map<string, DiagnosisReport>();
  private readonly running = new Set<string>();
  private readonly changed = new vscode.EventEmitter<Connection | undefined>();
  private readonly runningChanged = new vscode.EventEmitter<Connection>();
  /** The report of this connection was stored; undefined: every report was dropped. */
  readonly onDidChange = this.changed.event;
  /** This connection started or stopped being diagnosed; its report did not change. */
  readonly onDidChangeRunning = this.runningChanged.event;

  get(conn: Connection): DiagnosisReport | undefined {
    return this.reports.get(resultKey(conn));
  }

  /** Stores the report and ends the run in one change: the final status shows at once. */
  set(conn: Connection, report: DiagnosisReport): void {
    const key = resultKey(conn);
    this.reports.set(key, report);
    this.running.delete(key);
    this.changed.fire(conn);
  }

  /** Fires only when the state really changes (a run that stored its report has ended already). */
  setRunning(conn: Connection, running: boolean): void {
    const key = resultKey(conn);
    if (running === this.running.has(key)) return;
    if (running) this.running.add(key);
    else this.running.delete(key);
    this.runningChanged.fire(conn);
  }

  status(conn: Connection): Status {
    if (this.running.has(resultKey(conn))) return 'running';
    const report = this.get(conn);
    return report ? statusOf(report) : 'unknown';
  }

  clear(): void {
    this.reports.clear();
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
    this.runningChanged.dispose();
  }
}

export function statusOf(report: DiagnosisReport): Status {
  if (report.findings.some((f) => f.severity === 'error')) return 'failing';
  if (report.findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}

/** Connections with the same key share one result (and one row update in the tree). */
export function resultKey(conn: Connection): string {
  const where = conn.file ?? 'settings';
  return JSON.stringify([where, conn.form ?? conn.dialect, conn.label, conn.driver, conn.socket ?? '', conn.tls]);
}
