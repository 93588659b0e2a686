import * as vscode from 'vscode';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';
import { fingerprint } from './identity';

export type Status = 'unknown' | 'running' | 'ok' | 'warning' | 'failing';

interface Stored {
  report: DiagnosisReport;
  /** What the connection said when it was diagnosed (identity.ts fingerprint). */
  fingerprint: string;
  /** When the report was stored (an exported report says when it was diagnosed). */
  at: Date;
}

/**
 * The last diagnosis of each connection, keyed by its ref (workspace/identity.ts): a result
 * survives edits elsewhere in the file, and an edit of the connection itself keeps it, marked as
 * from before the edit (`isStale`), until the next diagnosis.
 *
 * Two events, so that listeners rebuild only what changed: a diagnosis fires `onDidChangeRunning`
 * when it starts (only the status icon changes) and `onDidChange` once when its report is stored.
 */
export class Results implements vscode.Disposable {
  private readonly reports = new Map<string, Stored>();
  private readonly running = new Set<string>();
  private readonly changed = new vscode.EventEmitter<Connection | undefined>();
  private readonly runningChanged = new vscode.EventEmitter<Connection>();
  /** The report of this connection was stored; undefined: every report was dropped. */
  readonly onDidChange = this.changed.event;
  /** This connection started or stopped being diagnosed; its report did not change. */
  readonly onDidChangeRunning = this.runningChanged.event;

  /** `keyOf` is the index's: the ref of a connection as a string. */
  constructor(private readonly keyOf: (conn: Connection) => string) {}

  get(conn: Connection): DiagnosisReport | undefined {
    return this.reports.get(this.keyOf(conn))?.report;
  }

  /** When the stored report was made. */
  diagnosedAt(conn: Connection): Date | undefined {
    return this.reports.get(this.keyOf(conn))?.at;
  }

  /** The stored result was computed before the connection as written now (an edit since). */
  isStale(conn: Connection): boolean {
    const stored = this.reports.get(this.keyOf(conn));
    return stored !== undefined && stored.fingerprint !== fingerprint(conn);
  }

  /** Stores the report and ends the run in one change: the final status shows at once. */
  set(conn: Connection, report: DiagnosisReport): void {
    const key = this.keyOf(conn);
    this.reports.set(key, { report, fingerprint: fingerprint(conn), at: new Date() });
    this.running.delete(key);
    this.changed.fire(conn);
  }

  /** Fires only when the state really changes (a run that stored its report has ended already). */
  setRunning(conn: Connection, running: boolean): void {
    const key = this.keyOf(conn);
    if (running === this.running.has(key)) return;
    if (running) this.running.add(key);
    else this.running.delete(key);
    this.runningChanged.fire(conn);
  }

  status(conn: Connection): Status {
    if (this.running.has(this.keyOf(conn))) return 'running';
    const report = this.get(conn);
    return report ? statusOf(report) : 'unknown';
  }

  /** Every stored report (the language status counts them). */
  all(): DiagnosisReport[] {
    return [...this.reports.values()].map((s) => s.report);
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
