import { basename } from 'node:path';
import * as vscode from 'vscode';
import { localSocketOf } from '../../engine/drivers/effective';
import { CertFilesExistError, CertInputError, invalidHost, writeDevCertificates, type DevCertificates } from '../../engine/certs/generate';
import type { Connection } from '../../engine/model/connection';
import { applyChange, caPathFor } from '../codeActions/applyChange';
import type { Ctx } from '../ctx';
import { showDocument, targetConnection } from './target';

/** What the command can be given instead of asking (code actions prefill hosts; tests skip every dialog). */
export interface GenerateArgs {
  /** Use these hosts without asking. */
  hosts?: string[];
  /** Ask for the hosts, with these as the proposal (a finding's `generate-certs` fix). */
  suggestedHosts?: string[];
  outDir?: string;
  client?: boolean;
  /** Point the connection(s) at the new CA without asking (true), or leave them (false). */
  useCa?: boolean;
  /** Replace a set already in the folder without asking (true), or keep it (false). */
  replace?: boolean;
}

export interface GenerateResult {
  files: DevCertificates['files'];
  /** Connections whose CA setting now names the new ca.pem. */
  pointed: string[];
}

/**
 * tlsDoctor.generateCertificates: a development CA and a server (+ client) certificate for the
 * hosts the connections use, the server-side lines to install them, and the connections pointed
 * at the new CA. From the palette (all connections), the tree (one), or a finding's quick fix.
 */
export function generateCertificatesCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.generateCertificates', async (target?: unknown, args: GenerateArgs = {}) => {
    const one = target === undefined ? undefined : await targetConnection(ctx, target, '');
    const conns = one ? [one] : ctx.index.all();
    const hosts = args.hosts ?? (await askHosts(args.suggestedHosts ?? hostsOf(conns)));
    if (!hosts?.length) return undefined;
    const outDir = args.outDir ?? (await askFolder());
    if (!outDir) return undefined;
    const client = args.client ?? (await askClient());
    if (client === undefined) return undefined;
    const made = await write(ctx, outDir, hosts, { client, replace: args.replace });
    if (!made) return undefined;
    await showDocument(instructions(hosts, made), 'markdown');
    const candidates = conns.filter((c) => c.file && !localSocketOf(c) && (one || hosts.includes(c.host ?? 'localhost')));
    const pointed = await pointAtCa(ctx, candidates, made.files.ca, args.useCa);
    return { files: made.files, pointed } satisfies GenerateResult;
  });
}

/** The host names and IPs the connections use, localhost when none says. */
export function hostsOf(conns: Connection[]): string[] {
  const hosts = conns.filter((c) => !localSocketOf(c)).map((c) => c.host ?? 'localhost');
  return [...new Set(hosts.filter((h) => invalidHost(h) === undefined))];
}

async function askHosts(proposal: string[]): Promise<string[] | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Generate development certificates (1/3): host names',
    prompt: 'Host names and IP addresses the server certificate must be valid for (its SANs), separated by commas or spaces',
    value: (proposal.length ? proposal : ['localhost', '127.0.0.1']).join(', '),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const hosts = splitHosts(text);
      if (hosts.length === 0) return 'Give at least one host name or IP address.';
      return hosts.map(invalidHost).find((p) => p !== undefined);
    },
  });
  return value === undefined ? undefined : splitHosts(value);
}

function splitHosts(text: string): string[] {
  return text.split(/[\s,]+/).filter((h) => h !== '');
}

async function askFolder(): Promise<string | undefined> {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: 'Generate development certificates (2/3): folder to write them to',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Write certificates here',
    defaultUri: ws,
  });
  return picked?.[0]?.fsPath;
}

async function askClient(): Promise<boolean | undefined> {
  const items = [
    { label: 'Server certificate only', client: false },
    { label: 'Server and client certificate', description: 'for accounts with REQUIRE X509', client: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Generate development certificates (3/3)', ignoreFocusOut: true });
  return picked?.client;
}

/**
 * Writes the set; a set already in the folder is replaced only when the user says so. Bad hosts
 * and unwritable folders become one clear message, never a stack trace.
 */
async function write(ctx: Ctx, outDir: string, hosts: string[], o: { client: boolean; replace?: boolean }): Promise<DevCertificates | undefined> {
  try {
    const made = await writeDevCertificates(outDir, hosts, { client: o.client, overwrite: o.replace });
    ctx.log.info(`Wrote development certificates for ${hosts.join(', ')} to ${outDir}`);
    return made;
  } catch (e) {
    if (e instanceof CertFilesExistError && o.replace === undefined) {
      if (await askReplace(outDir, e.file)) return write(ctx, outDir, hosts, { ...o, replace: true });
      ctx.log.info(`Kept the certificate set in ${outDir}: nothing was written`);
      return undefined; // the user's answer, not a failure
    }
    const why = e instanceof CertInputError ? e.message : `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${(e as Error).message}`;
    ctx.log.error(`Generating certificates in ${outDir} failed: ${why}`);
    void vscode.window.showErrorMessage(`MySQL TLS Doctor could not generate certificates in ${outDir}: ${why}`);
    return undefined;
  }
}

async function askReplace(outDir: string, file: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `${outDir} already holds a certificate set (${basename(file)}). Replace the whole set? A server or client using the old files will need the new ones.`,
    { modal: true },
    'Replace the set',
  );
  return answer === 'Replace the set';
}

function instructions(hosts: string[], made: DevCertificates): string {
  const f = made.files;
  const written = [f.ca, f.serverCert, f.serverKey, f.clientCert, f.clientKey].filter((p): p is string => !!p);
  return [
    `# Development certificates for ${hosts.join(', ')}`,
    '',
    'Written (keys readable by their owner only; the CA key was not kept, so nothing else can be signed with it):',
    '',
    ...written.map((p) => `- \`${p}\``),
    ...(made.removed.length ? ['', 'Removed (client files the new CA did not issue):', '', ...made.removed.map((p) => `- \`${p}\``)] : []),
    '',
    '## On the server (my.cnf)',
    '',
    '```ini',
    ...made.serverConfig,
    '```',
    '',
    '## On the client (my.cnf, or the same files in your connection string)',
    '',
    '```ini',
    ...made.clientConfig,
    '```',
    '',
  ].join('\n');
}

async function pointAtCa(ctx: Ctx, conns: Connection[], caFile: string, useCa: boolean | undefined): Promise<string[]> {
  if (conns.length === 0 || !(useCa ?? (await askPoint(conns)))) return [];
  // Refs first: an applied edit re-reads the file, and refs (file, position) survive that.
  const targets = conns.map((conn) => ({ conn, ref: ctx.index.refOf(conn) })).filter((t) => t.ref.index >= 0);
  const pointed: string[] = [];
  // One at a time: each edit is re-read before the next one in the same file is planned. The
  // re-diagnosis uses stored passwords only: pointing N connections must not ask N times.
  for (const { conn, ref } of targets) {
    if (await applyChange(ctx, ref, { param: 'ca', value: caPathFor(conn, caFile) }, { askPassword: false })) pointed.push(conn.label);
  }
  return pointed;
}

async function askPoint(conns: Connection[]): Promise<boolean> {
  const which = conns.length === 1 ? conns[0].label : `${conns.length} connections`;
  const answer = await vscode.window.showInformationMessage(`Point ${which} at the new CA?`, 'Use the new CA', 'Not now');
  return answer === 'Use the new CA';
}

