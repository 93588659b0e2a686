import * as path from 'node:path';
import * as vscode from 'vscode';
import { loginNotice } from '../../engine/checks/credentials';
import { whyNoGreeting } from '../../engine/checks/reachability';
import { diagnose } from '../../engine/diagnose';
import type { Connection } from '../../engine/model/connection';
import type { DiagnosisReport } from '../../engine/model/report';
import { connectTimeoutMs, expiryWarningDays } from '../config';
import type { Ctx } from '../ctx';
import { mayConnect } from '../trust/confirm';

export interface RunOptions {
  /** Set when the caller already asked about workspace trust for this run (diagnose all). */
  confirmed?: boolean;
  /** Ask for a missing password (default). Batch runs use stored ones only, to not ask N times. */
  askPassword?: boolean;
  signal?: AbortSignal;
}

/**
 * The one path from the editor to the engine: trust gate, credentials, the engine's diagnosis
 * with its step log, and the result stored for the tree, diagnostics and hovers.
 */
export async function diagnoseConnection(ctx: Ctx, conn: Connection, opts: RunOptions = {}): Promise<DiagnosisReport | undefined> {
  if (!opts.confirmed && !(await mayConnect([conn.label], loginsOf([conn])))) {
    ctx.log.info(`Not connecting to ${conn.label}: the workspace is not trusted and the run was not confirmed`);
    return undefined;
  }
  // A password is asked for only once the server is known to answer (one greeting read first).
  const creds = await ctx.passwords.forRun(conn, opts.askPassword ?? true, () => whyNoGreeting(conn, { timeoutMs: connectTimeoutMs(), signal: opts.signal }));
  if (creds.notAsked) ctx.log.info(`[${conn.label}] No password asked for: ${creds.notAsked}`);
  if (creds.declined) ctx.log.info(`[${conn.label}] No password given: TLS is checked without logging in`);
  ctx.secrets.add(creds.password);
  ctx.results.setRunning(conn, true);
  ctx.log.info(`[${conn.label}] Diagnosing (${where(conn)})${creds.auth ? ', logging in' : ', without logging in'}`);
  const memoryKey = ctx.index.keyOf(conn);
  try {
    const report = await diagnose(conn, {
      timeoutMs: connectTimeoutMs(),
      expiryWarningDays: expiryWarningDays(),
      password: creds.password,
      auth: creds.auth,
      baseDir: baseDir(conn),
      signal: opts.signal,
      sourceText: conn.file ? ctx.index.entry(conn.file)?.text : undefined,
      // Diagnose All runs several at once: every step line names its connection.
      log: (line) => ctx.log.info(`[${conn.label}] ${line}`),
      previousChain: ctx.chains.previous(memoryKey),
    });
    await ctx.chains.remember(memoryKey, report.server.chain);
    if (report.server.chainChange) ctx.log.info(`[${conn.label}] ${report.server.chainChange.note}`);
    ctx.log.info(`[${conn.label}] ${summary(report)} in ${report.durationMs} ms`);
    ctx.results.set(conn, report);
    return report;
  } catch (e) {
    // The engine reports failures as findings; anything thrown is a bug, shown without a stack.
    ctx.log.error(`Diagnosing ${conn.label} failed: ${(e as Error).message}`);
    void vscode.window
      .showErrorMessage(`MySQL TLS Doctor could not diagnose ${conn.label}: ${(e as Error).message}`, 'Show Log')
      .then((choice) => choice && ctx.log.show());
    return undefined;
  } finally {
    ctx.results.setRunning(conn, false);
  }
}

/** Where each connection's password would be sent, from the engine's credentials rule. */
export function loginsOf(conns: Connection[]): string[] {
  return conns.map((c) => loginNotice(c, true)).filter((s): s is string => s !== undefined);
}

function baseDir(conn: Connection): string | undefined {
  if (conn.file) return path.dirname(conn.file);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function where(conn: Connection): string {
  return conn.file ? vscode.workspace.asRelativePath(conn.file, false) : 'setting tlsDoctor.connections';
}

function summary(report: DiagnosisReport): string {
  const codes = report.findings.map((f) => f.code);
  return codes.length ? codes.join(', ') : 'no findings';
}
