import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { resolveConfiguredPath } from '../../engine/certs/paths';
import type { ParamChange } from '../../engine/dialects';
import { paramChangeOf } from '../../engine/fixes/preferred';
import type { FindingCode, Fix } from '../../engine/model/finding';
import type { Connection } from '../../engine/model/connection';
import { commandOf } from '../commands/ids';
import type { ConnectionRef } from '../workspace/identity';

/** How a fix is applied: an edit of one parameter, or a command (for a choice, a file, or advice). */
export type FixAction = { change: ParamChange } | { command: vscode.Command };

/** The one dispatch by fix kind, shared by the quick fixes and the hover's fix links. */
export function fixAction(fix: Fix, conn: Connection, code: FindingCode, ref: ConnectionRef): FixAction {
  const change = editOf(fix, conn.file ? path.dirname(conn.file) : undefined);
  return change ? { change } : { command: commandFor(fix, code, ref) };
}

/** The parameter edit a fix stands for, when it is one; a CA path that does not exist yet (a cloud
 *  bundle's file name) goes through the CA picker instead. */
function editOf(fix: Fix, baseDir?: string): ParamChange | undefined {
  const change = paramChangeOf(fix);
  if (change?.param === 'ca' && !exists(String(change.value), baseDir)) return undefined;
  return change;
}

function exists(value: string, baseDir: string | undefined): boolean {
  const resolved = resolveConfiguredPath(value, baseDir);
  return 'path' in resolved && fs.existsSync(resolved.path);
}

function commandFor(fix: Fix, code: FindingCode, ref: ConnectionRef): vscode.Command {
  if (fix.kind === 'set-ca') return commandOf('tlsDoctor.chooseCa', fix.title, ref);
  if (fix.kind === 'convert-der-to-pem') return commandOf('tlsDoctor.convertDerToPem', fix.title, ref, fix.file, fix.param);
  if (fix.kind === 'generate-certs') return commandOf('tlsDoctor.generateCertificates', fix.title, ref, { suggestedHosts: fix.hosts });
  return commandOf('tlsDoctor.showFinding', fix.title, ref, code);
}
