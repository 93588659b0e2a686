import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { derToPem } from '../../engine/certs/pem';
import type { ParamKey } from '../../engine/model/connection';
import type { Ctx } from '../ctx';
import type { ConnectionRef } from '../workspace/connectionIndex';
import { applyChange } from './applyChange';

/** tlsDoctor.convertDerToPem: write a PEM copy of a DER file beside it and point the setting to it. */
export function convertDerToPemCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.convertDerToPem', async (ref: ConnectionRef, file: string, param: ParamKey) => {
    const conn = await ctx.index.resolve(ref);
    if (!conn?.file || (param !== 'ca' && param !== 'cert' && param !== 'key')) return false;
    const source = path.resolve(path.dirname(conn.file), file);
    let der: Buffer;
    try {
      der = fs.readFileSync(source);
    } catch (e) {
      void vscode.window.showErrorMessage(`MySQL TLS Doctor could not read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      return false;
    }
    const target = freeName(source);
    fs.writeFileSync(target, derToPem(der, param === 'key' ? 'PRIVATE KEY' : 'CERTIFICATE'), { mode: param === 'key' ? 0o600 : 0o644 });
    ctx.log.info(`Wrote ${target} (PEM of ${source})`);
    // Keep the connection's own style: a relative path stays relative.
    const asWritten = conn.tls[param] ?? file;
    const written = path.isAbsolute(asWritten) ? target : path.join(path.dirname(asWritten), path.basename(target));
    return applyChange(ctx, ref, { param, value: written });
  });
}

/** `ca.der` -> `ca.pem`, or `ca.converted.pem` when that exists already. */
function freeName(source: string): string {
  const base = source.slice(0, source.length - path.extname(source).length);
  for (const candidate of [`${base}.pem`, `${base}.converted.pem`]) if (!fs.existsSync(candidate)) return candidate;
  return `${base}.${Date.now()}.pem`;
}
