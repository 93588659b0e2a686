import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';

export type Status = 'unknown' | 'running' | 'ok' | 'warning' | 'failing';

/**
 * The last diagnosis of each connection. Keyed by what the connection IS (file, form, label, TLS
 * settings), not by its offset, so a result survives edits elsewhere in the file and is dropped
 * when the connection's own settings change.
 */
export class Results implements vscode.Disposable {
  private readonly reports = new Map<string, DiagnosisReport>();
  private readonly running = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get(conn: Connection): DiagnosisReport | undefined {
    return this.reports.get(keyOf(conn));
  }

  set(conn: Connection, report: DiagnosisReport): void {
    this.reports.set(keyOf(conn), report);
    this.changed.fire();
  }

  setRunning(conn: Connection, running: boolean): void {
    if (running) this.running.add(keyOf(conn));
    else this.running.delete(keyOf(conn));
    this.changed.fire();
  }

  status(conn: Connection): Status {
    if (this.running.has(keyOf(conn))) return 'running';
    const report = this.get(conn);
    return report ? statusOf(report) : 'unknown';
  }

  clear(): void {
    this.reports.clear();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function statusOf(report: DiagnosisReport): Status {
  if (report.findings.some((f) => f.severity === 'error')) return 'failing';
  if (report.findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}

function keyOf(conn: Connection): string {
  const where = conn.file ?? 'settings';
  return JSON.stringify([where, conn.form ?? conn.dialect, conn.label, conn.driver, conn.socket ?? '', conn.tls]);
}
