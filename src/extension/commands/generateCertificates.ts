import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import { localSocketOf } from '../../engine/drivers/effective';
import { CertFilesExistError, CertInputError, invalidHost, setFilesIn, writeDevCertificates, type DevCertificates } from '../../engine/certs/generate';
import { connectionsTrustingFolder, proposedSetFolder, replaceQuestion } from '../../engine/certs/setFolder';
import { hostOf, type Connection } from '../../engine/model/connection';
import { namesThisMachinesFile, placeOf } from '../../engine/static/place';
import { projectFolderOf } from '../workspace/connectionIndex';
import { refKey } from '../workspace/identity';
import { applyChange, caPathFor } from '../codeActions/applyChange';
import type { Ctx } from '../ctx';
import type { GenerateArgs } from './ids';
import { targetConnection } from './target';

export type { GenerateArgs } from './ids';

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
    await ctx.index.ready();
    const one = target === undefined ? undefined : await targetConnection(ctx, target, '');
    const conns = one ? [one] : ctx.index.all();
    const hosts = args.hosts ?? (await askHosts(args.suggestedHosts ?? hostsOf(conns)));
    if (!hosts?.length) return undefined;
    const project = projectFolderOf(one?.file);
    const outDir = args.outDir ?? (await askFolder(project));
    if (!outDir) return undefined;
    const client = args.client ?? (await askClient());
    if (client === undefined) return undefined;
    const made = await write(ctx, outDir, hosts, { client, replace: args.replace, project });
    if (!made) return undefined;
    await ctx.documents.show(`Development certificates in ${basename(dirname(made.files.ca))}.md`, instructions(hosts, made));
    const pointed = await pointAtCa(ctx, conns, one ? [hostOf(one)] : hosts, made.files.ca, args.useCa);
    return { files: made.files, pointed } satisfies GenerateResult;
  });
}

/** The host names and IPs the connections use, localhost when none says. */
export function hostsOf(conns: Connection[]): string[] {
  const hosts = conns.filter((c) => !localSocketOf(c)).map(hostOf);
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

/**
 * The folder to write to: a new `certs` folder of the project proposed first (never the project
 * folder itself), a folder typed by name (created when missing), or one chosen in a dialog.
 */
async function askFolder(project: string | undefined): Promise<string | undefined> {
  if (!project) return chooseFolder(undefined);
  const proposed = proposedSetFolder(project);
  const shown = (dir: string) => vscode.workspace.asRelativePath(dir, true);
  const items = [
    { label: `$(new-folder) ${shown(proposed)}`, description: existsSync(proposed) ? 'an empty folder, proposed' : 'a new folder, proposed', dir: proposed },
    { label: '$(edit) Type a folder…', description: 'relative to the project; created when missing', dir: 'type' },
    { label: '$(folder-opened) Choose a folder…', description: 'in a file dialog', dir: 'choose' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Generate development certificates (2/3): folder to write them to',
    placeHolder: 'Keys go to a folder of their own, not beside the code',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.dir === 'choose') return chooseFolder(existsSync(proposed) ? proposed : project);
  if (picked.dir === 'type') return typeFolder(project, proposed);
  return picked.dir;
}

async function typeFolder(project: string, proposed: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Generate development certificates (2/3): folder to write them to',
    prompt: `A folder relative to ${basename(project)} (created when missing), or an absolute path`,
    value: vscode.workspace.asRelativePath(proposed, false),
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? 'Give a folder name.' : undefined),
  });
  return value === undefined ? undefined : resolve(project, value.trim());
}

async function chooseFolder(start: string | undefined): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Generate development certificates (2/3): folder to write them to',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Write certificates here',
    defaultUri: start ? vscode.Uri.file(start) : undefined,
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
 * Writes the set; a set already in the folder is replaced only when the user says so, and when
 * connections trust it, writing elsewhere is the first answer. Bad hosts and unwritable folders
 * become one clear message, never a stack trace.
 */
async function write(ctx: Ctx, outDir: string, hosts: string[], o: { client: boolean; replace?: boolean; project?: string }): Promise<DevCertificates | undefined> {
  try {
    const made = await writeDevCertificates(outDir, hosts, { client: o.client, overwrite: o.replace });
    ctx.log.info(`Wrote development certificates for ${hosts.join(', ')} to ${outDir}`);
    return made;
  } catch (e) {
    if (e instanceof CertFilesExistError && o.replace === undefined) {
      const answer = await askReplace(ctx, outDir);
      if (answer === 'replace') return write(ctx, outDir, hosts, { ...o, replace: true });
      const elsewhere = answer === 'elsewhere' ? await askFolder(o.project) : undefined;
      if (elsewhere) return write(ctx, elsewhere, hosts, o);
      ctx.log.info(`Kept the certificate set in ${outDir}: nothing was written`);
      return undefined; // the user's answer, not a failure
    }
    const why = e instanceof CertInputError ? e.message : `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${(e as Error).message}`;
    ctx.log.error(`Generating certificates in ${outDir} failed: ${why}`);
    void vscode.window.showErrorMessage(`MySQL TLS Doctor could not generate certificates in ${outDir}: ${why}`);
    return undefined;
  }
}

const REPLACE = 'Replace the set';
const ELSEWHERE = 'Write to another folder';

/** The engine words the question; the first button is the dialog's default. */
async function askReplace(ctx: Ctx, outDir: string): Promise<'replace' | 'elsewhere' | undefined> {
  const trustedBy = connectionsTrustingFolder(ctx.index.all(), outDir);
  const q = replaceQuestion(vscode.workspace.asRelativePath(outDir, true), setFilesIn(outDir), trustedBy);
  const buttons = q.replaceIsDefault ? [REPLACE, ELSEWHERE] : [ELSEWHERE, REPLACE];
  const answer = await vscode.window.showWarningMessage(q.message, { modal: true }, ...buttons);
  return answer === REPLACE ? 'replace' : answer === ELSEWHERE ? 'elsewhere' : undefined;
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

/**
 * "Use the new CA": shows the connections it would change, those whose server the new certificate
 * is for preselected, and changes only the chosen ones. A CA path that is not this machine's (a
 * container's, in docker-compose) is left alone; every chosen connection gets the same path style.
 */
async function pointAtCa(ctx: Ctx, conns: Connection[], hosts: string[], caFile: string, useCa: GenerateArgs['useCa']): Promise<string[]> {
  const notThisMachines = (c: Connection) => !caIsThisMachines(ctx, c);
  const offered = conns.filter((c) => c.file && !localSocketOf(c) && !notThisMachines(c));
  for (const c of conns.filter(notThisMachines)) {
    ctx.log.info(c.tls.ca ? `${c.label}: its CA path ${c.tls.ca} is not on this machine (a container's?); left alone` : `${c.label}: its file is a template's or a container's; no CA path of this machine is added`);
  }
  const forTheCert = offered.filter((c) => hosts.includes(hostOf(c)));
  const chosen = Array.isArray(useCa)
    ? offered.filter((c) => useCa.some((r) => refKey(r) === ctx.index.keyOf(c)))
    : useCa === false ? [] : useCa === true ? forTheCert : await askWhich(ctx, offered, forTheCert);
  if (chosen.length === 0) return [];
  // Refs first: an applied edit re-reads the file, and refs (file, position) survive that.
  const targets = chosen.map((conn) => ({ conn, ref: ctx.index.refOf(conn) })).filter((t) => t.ref.index >= 0);
  const absolute = chosen.some((c) => c.dialect === 'option-file') || !vscode.workspace.getWorkspaceFolder(vscode.Uri.file(caFile));
  const pointed: string[] = [];
  // One at a time: each edit is re-read before the next one in the same file is planned. The
  // re-diagnosis uses stored passwords only: pointing N connections must not ask N times.
  for (const { conn, ref } of targets) {
    const value = absolute ? caFile : caPathFor(conn, caFile);
    if (await applyChange(ctx, ref, { param: 'ca', value }, { askPassword: false })) pointed.push(conn.label);
  }
  return pointed;
}

/** Whether the connection's CA setting names a file of this machine, as the engine places its file (not a template's, not a container's). */
function caIsThisMachines(ctx: Ctx, conn: Connection): boolean {
  if (!conn.file) return true;
  const dir = dirname(conn.file);
  const place = placeOf(conn.file, ctx.index.entry(conn.file)?.text, dir, conn.span.start);
  return namesThisMachinesFile(place, conn.tls.ca, dir);
}

async function askWhich(ctx: Ctx, offered: Connection[], preselected: Connection[]): Promise<Connection[]> {
  if (offered.length === 0) return [];
  const items = offered.map((conn) => ({
    label: conn.label,
    description: conn.file ? vscode.workspace.asRelativePath(conn.file, false) : '',
    detail: conn.tls.ca ? `now trusts ${conn.tls.ca}` : 'no CA set now',
    picked: preselected.includes(conn),
    conn,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Use the new CA: which connections should trust it?',
    placeHolder: 'Preselected: the connections whose server the new certificate is for. Only the chosen ones are changed.',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  ctx.log.info(`Use the new CA: ${picked?.length ?? 0} of ${offered.length} connection(s) chosen`);
  return picked?.map((p) => p.conn) ?? [];
}
