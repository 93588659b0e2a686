import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pemPathFor } from '../../engine/certs/file-findings';
import { resolveConfiguredPath } from '../../engine/certs/paths';
import { derToPem } from '../../engine/certs/pem';
import { explainFsError, explainReadFailure, readLocalFile } from '../../engine/certs/read-file';
import type { ParamKey } from '../../engine/model/connection';
import type { Ctx } from '../ctx';
import type { ConnectionRef } from '../workspace/connectionIndex';
import { applyChange } from './applyChange';

/** tlsDoctor.convertDerToPem: write a PEM copy of a DER file beside it and point the setting to it. */
export function convertDerToPemCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.convertDerToPem', async (ref: ConnectionRef, file: string, param: ParamKey) => {
    const conn = await ctx.index.resolve(ref);
    if (!conn?.file || (param !== 'ca' && param !== 'cert' && param !== 'key')) return false;
    const source = resolveConfiguredPath(file, path.dirname(conn.file));
    if ('error' in source) return failed(ctx, `MySQL TLS Doctor could not convert ${file}: ${source.error}`);
    const target = writePemCopy(ctx, source.path, param === 'key');
    if (!target) return false;
    return applyChange(ctx, ref, { param, value: sameStyle(conn.tls[param] ?? file, target) });
  });
}

/** The PEM copy's path (the engine's choice of name, as its finding announced), or undefined after saying why not. */
function writePemCopy(ctx: Ctx, source: string, isKey: boolean): string | undefined {
  const read = readLocalFile(source);
  if (!read.ok) {
    failed(ctx, `MySQL TLS Doctor could not read ${source}: ${explainReadFailure(read)}`);
    return undefined;
  }
  const target = pemPathFor(source);
  try {
    fs.writeFileSync(target, derToPem(read.bytes, isKey ? 'PRIVATE KEY' : 'CERTIFICATE'), { mode: isKey ? 0o600 : 0o644 });
  } catch (e) {
    failed(ctx, `MySQL TLS Doctor could not write the PEM copy of ${path.basename(source)} to ${target}: ${explainFsError(e, 'write')}`);
    return undefined;
  }
  ctx.log.info(`Wrote ${target} (PEM of ${source})`);
  return target;
}

/** The new path written the way the old one was: a relative or `~/` path keeps its folder part. */
function sameStyle(asWritten: string, target: string): string {
  if (/^file:/i.test(asWritten)) return target;
  const folder = asWritten.slice(0, Math.max(asWritten.lastIndexOf('/'), asWritten.lastIndexOf('\\')) + 1);
  return folder + path.basename(target);
}

/** A clear message (what and where) instead of a thrown error; the log keeps it too. */
function failed(ctx: Ctx, message: string): false {
  ctx.log.error(message);
  void vscode.window.showErrorMessage(message);
  return false;
}
