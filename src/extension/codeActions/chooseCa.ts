import * as path from 'node:path';
import * as vscode from 'vscode';
import { cloudProviderFor } from '../../engine/cloud';
import type { Ctx } from '../ctx';
import type { ConnectionRef } from '../workspace/connectionIndex';
import { applyChange, caPathFor } from './applyChange';

const CERT_GLOB = '**/*.{pem,crt,cer}';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';

interface CaChoice extends vscode.QuickPickItem {
  choose: () => Promise<string | undefined>;
}

/** tlsDoctor.chooseCa: point the CA setting to a file: the provider's bundled CA, one in the workspace, or any. */
export function chooseCaCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.chooseCa', async (ref: ConnectionRef) => {
    const conn = await ctx.index.resolve(ref);
    if (!conn?.file) return false;
    const choices = [...bundled(conn.host, conn.file), ...(await inWorkspace()), browse()];
    const picked = await vscode.window.showQuickPick(choices, { placeHolder: `CA file for ${conn.label}` });
    const file = picked && (await picked.choose());
    if (!file) return false;
    return applyChange(ctx, ref, { param: 'ca', value: caPathFor(conn, file) });
  });
}

function bundled(host: string | undefined, connFile: string): CaChoice[] {
  const provider = host ? cloudProviderFor(host) : undefined;
  const pem = provider?.bundledCa?.();
  if (!provider || !pem) return []; // none shipped, or the bundle was copied without its CA file
  const target = path.join(path.dirname(connFile), provider.caFileName ?? 'cloud-ca.pem');
  return [{
    label: `$(cloud) ${provider.name} CA bundle`,
    description: `shipped with the extension; written to ${path.basename(target)}`,
    choose: async () => {
      await vscode.workspace.fs.writeFile(vscode.Uri.file(target), new TextEncoder().encode(pem));
      return target;
    },
  }];
}

async function inWorkspace(): Promise<CaChoice[]> {
  const uris = await vscode.workspace.findFiles(CERT_GLOB, EXCLUDE, 200);
  // Key files are never a CA; leave them out of the list.
  return uris
    .filter((u) => !/key/i.test(path.basename(u.fsPath)))
    .map((u) => ({ label: `$(file) ${path.basename(u.fsPath)}`, description: vscode.workspace.asRelativePath(u, false), choose: async () => u.fsPath }));
}

function browse(): CaChoice {
  return {
    label: '$(folder-opened) Browse…',
    choose: async () => (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use as CA', filters: { Certificates: ['pem', 'crt', 'cer'], All: ['*'] } }))?.[0]?.fsPath,
  };
}
