import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { resolveConfiguredPath } from '../../engine/certs/paths';
import type { ParamChange } from '../../engine/dialects';
import type { Connection } from '../../engine/model/connection';
import type { FindingCode, Fix } from '../../engine/model/finding';
import type { ConnectionRef } from '../workspace/connectionIndex';

/** How a fix is applied: an edit of one parameter, or a command (for a choice, a file, or advice). */
export type FixAction = { change: ParamChange } | { command: vscode.Command };

/** The one dispatch by fix kind, shared by the quick fixes and the hover's fix links. */
export function fixAction(fix: Fix, conn: Connection, code: FindingCode, ref: ConnectionRef): FixAction {
  const change = paramChange(fix, conn.file ? path.dirname(conn.file) : undefined);
  return change ? { change } : { command: commandFor(fix, conn, code, ref) };
}

/** The parameter edit a fix stands for, when it is one; `baseDir` is where relative paths start. */
export function paramChange(fix: Fix, baseDir?: string): ParamChange | undefined {
  switch (fix.kind) {
    case 'set-ssl-mode':
      return { param: 'mode', value: fix.mode };
    case 'set-host':
      return { param: 'host', value: fix.host };
    case 'set-tls-versions':
      return { param: 'tlsVersions', value: fix.versions };
    case 'set-ca':
      // A path that does not exist yet (a cloud bundle's file name) goes through the CA picker.
      return fix.path && exists(fix.path, baseDir) ? { param: 'ca', value: fix.path } : undefined;
    default:
      return undefined;
  }
}

function exists(value: string, baseDir: string | undefined): boolean {
  const resolved = resolveConfiguredPath(value, baseDir);
  return 'path' in resolved && fs.existsSync(resolved.path);
}

function commandFor(fix: Fix, conn: Connection, code: FindingCode, ref: ConnectionRef): vscode.Command {
  if (fix.kind === 'set-ca') return { command: 'tlsDoctor.chooseCa', title: fix.title, arguments: [ref] };
  if (fix.kind === 'convert-der-to-pem') return { command: 'tlsDoctor.convertDerToPem', title: fix.title, arguments: [ref, fix.file, fix.param] };
  if (fix.kind === 'generate-certs') return { command: 'tlsDoctor.generateCertificates', title: fix.title, arguments: [ref, { suggestedHosts: fix.hosts }] };
  return { command: 'tlsDoctor.showFinding', title: fix.title, arguments: [conn.id, code] };
}
