import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectionsFromSettings, isConnectionFile, readText } from '../../engine/dialects';
import { decodeText, fileKind } from '../../engine/dialects/readText';
import { loadGrammarFor, needsGrammar } from '../../engine/dialects/code';
import type { Connection, ReadResult } from '../../engine/model/connection';
import { LineIndex } from '../../engine/model/span';
import { mayHoldConnection, scanDirectory, type ScannedFile } from '../../engine/scan/scan';
import { ProjectDrivers, settleDrivers } from '../../engine/project/driver';
import { affectsConnections, affectsDriver, driverSetting, settingsConnections } from '../config';
import type { Log } from '../log/channel';
import { bundledRipgrep } from './bundledRipgrep';
import { refKey, SETTINGS_FILE, type ConnectionRef } from './identity';

export type { ConnectionRef } from './identity';

/** The connections written in one file, with the text they were read from. */
export interface FileConnections {
  uri: vscode.Uri;
  text: string;
  lines: LineIndex;
  /** The open document's version the text came from; absent when read from disk. */
  version?: number;
  read: ReadResult;
}

// Far past any project, short of a home folder opened as the workspace (which .my.cnf activates).
const MAX_FILES = 100_000;
const MAX_BYTES = 1_000_000;
const DEBOUNCE_MS = 250;

/**
 * Every connection of the workspace (files the dialect readers recognise) and of the setting.
 * Follows edits of open documents and file creations/changes/deletions, debounced.
 */
export class ConnectionIndex implements vscode.Disposable {
  private readonly files = new Map<string, FileConnections>();
  private fromSettings: Connection[] = [];
  private settingsProblems: string[] = [];
  private readonly pending = new Set<string>();
  /** Each workspace folder's manifests, read once per full read of the workspace. */
  private projects = new Map<string, ProjectDrivers>();
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;
  /** Each connection object ever read, with its ref: a row or link holding an old object still names it. */
  private readonly refs = new WeakMap<Connection, ConnectionRef>();
  private firstRead: Promise<void> | undefined;
  private readingNow = false;

  constructor(private readonly log: Log) {}

  /** Starts following the workspace; call once. */
  watch(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => this.schedule(u.fsPath)),
      watcher.onDidChange((u) => this.schedule(u.fsPath)),
      watcher.onDidDelete((u) => this.schedule(u.fsPath)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document.uri.fsPath)),
      vscode.workspace.onDidCloseTextDocument((d) => this.schedule(d.uri.fsPath)),
      vscode.workspace.onDidChangeConfiguration((e) => affectsConnections(e) && this.readSettings(true)),
      vscode.workspace.onDidChangeConfiguration((e) => affectsDriver(e) && void this.rescan()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
    );
  }

  /** Reads the whole workspace and the setting again. */
  rescan(): Promise<void> {
    const run = this.read();
    this.firstRead ??= run.catch(() => undefined);
    return run;
  }

  /** True while the workspace is being read (the tree says so). */
  get reading(): boolean {
    return this.readingNow;
  }

  /**
   * Resolves once the workspace has been read at least once: every command that reads the
   * connections waits for it, so "Diagnose All" in the first seconds sees them all.
   */
  async ready(): Promise<void> {
    await (this.firstRead ?? this.rescan().catch(() => undefined));
  }

  private async read(): Promise<void> {
    this.readingNow = true;
    this.changed.fire();
    try {
      const scanned = await this.scanFolders();
      this.files.clear();
      this.projects = new Map();
      for (const f of scanned) this.takeScanned(f);
      this.readSettings(false);
      this.log.info(`Found ${this.all().length} connection(s) in ${this.files.size} file(s) and the setting`);
    } finally {
      this.readingNow = false;
      this.changed.fire();
    }
  }

  /** A file as the scan read it; an open document's own text wins (it may hold unsaved edits). */
  private takeScanned(f: ScannedFile): void {
    const uri = vscode.Uri.file(f.file);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === f.file && !d.isClosed);
    // The editor drops a byte-order mark the scan keeps: read such a text as the editor has it.
    if (doc || f.text.charCodeAt(0) === 0xfeff) return this.store(f.file, this.parse(uri, doc ? doc.getText() : f.text.slice(1), doc?.version));
    this.store(f.file, this.remember({ uri, text: f.text, lines: new LineIndex(f.text), read: f.read }));
  }

  /**
   * The files of each workspace folder that hold a connection or a reading problem, found by the
   * engine's scan (the CLI's own; ripgrep, as VS Code ships it, does the byte search). Folders that
   * are not on this machine's disk cannot be read and are left out.
   */
  private async scanFolders(): Promise<ScannedFile[]> {
    const ripgrep = bundledRipgrep();
    const files: ScannedFile[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') {
        this.log.warn(`${folder.uri.toString()} is not on this machine's disk: its connections are not read`);
        continue;
      }
      const r = await scanDirectory(folder.uri.fsPath, { ripgrep, maxFiles: MAX_FILES, keepReads: true, driver: driverSetting() });
      files.push(...(r.files ?? []));
      this.log.info(`${folder.name}: ${r.filesSearched} file(s) searched${r.search === 'ripgrep' ? ' by ripgrep' : ''}`);
      if (r.truncated) this.log.warn(`${folder.name}: stopped after ${MAX_FILES} files; open a smaller folder, or run \`mysql-tls-doctor scan\` on it`);
    }
    return files;
  }

  /** Files with at least one connection or reading problem, sorted by path. */
  entries(): FileConnections[] {
    return [...this.files.values()].sort((a, b) => a.uri.fsPath.localeCompare(b.uri.fsPath));
  }

  settings(): { connections: Connection[]; problems: string[] } {
    return { connections: this.fromSettings, problems: this.settingsProblems };
  }

  all(): Connection[] {
    return [...this.entries().flatMap((e) => e.read.connections), ...this.fromSettings];
  }

  entry(file: string): FileConnections | undefined {
    return this.files.get(file);
  }

  /** The file's connections as of the document's current text (re-read at once when stale). */
  forDocument(doc: vscode.TextDocument): FileConnections | undefined {
    const known = this.files.get(doc.uri.fsPath);
    if (known && known.version === doc.version) return known;
    if (!known && !isConnectionFile(doc.uri.fsPath)) return undefined;
    const fresh = this.parse(doc.uri, doc.getText(), doc.version);
    this.store(doc.uri.fsPath, fresh);
    return fresh;
  }

  /** The connection's one name (workspace/identity.ts), also for an object from an older read. */
  refOf(conn: Connection): ConnectionRef {
    const known = this.refs.get(conn);
    if (known) return known;
    if (!conn.file) return { file: SETTINGS_FILE, index: this.fromSettings.indexOf(conn) };
    return { file: conn.file, index: this.files.get(conn.file)?.read.connections.indexOf(conn) ?? -1 };
  }

  /** The connection a ref names, as last read (sync; resolve() reads a stale document first). */
  get(ref: ConnectionRef): Connection | undefined {
    if (ref.file === SETTINGS_FILE) return this.fromSettings[ref.index];
    return this.files.get(ref.file)?.read.connections[ref.index];
  }

  /** Resolves a ref against the current text (an applied quick fix may not be read yet). */
  async resolve(ref: ConnectionRef): Promise<Connection | undefined> {
    if (ref.file === SETTINGS_FILE) return this.fromSettings[ref.index];
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === ref.file);
    const entry = doc ? this.forDocument(doc) : (await this.readFile(ref.file), this.files.get(ref.file));
    return entry?.read.connections[ref.index];
  }

  /** `file#index` of a connection: the key of results and remembered chains. */
  keyOf(conn: Connection): string {
    return refKey(this.refOf(conn));
  }

  private schedule(file: string): void {
    if (!isConnectionFile(file) && !this.files.has(file)) return;
    this.pending.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    const files = [...this.pending];
    this.pending.clear();
    await Promise.all(files.map((f) => this.readFile(f)));
    this.changed.fire();
  }

  private async readFile(file: string): Promise<void> {
    const uri = vscode.Uri.file(file);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file && !d.isClosed);
    if (doc) {
      // forDocument() may have read this very version already (a hover, a code action).
      if (this.files.get(file)?.version === doc.version) return;
      return void this.store(file, this.parse(uri, doc.getText(), doc.version));
    }
    const text = await readDisk(uri);
    this.store(file, text === undefined ? undefined : this.parse(uri, text));
  }

  private parse(uri: vscode.Uri, text: string, version?: number): FileConnections {
    let read: ReadResult;
    try {
      // The scanner's cheap byte check first: most source files hold no connection string.
      const skip = fileKind(uri.fsPath) === 'strings' && !mayHoldConnection(text);
      if (!skip && needsGrammar(uri.fsPath)) this.readAgainWithGrammar(uri, text, version);
      read = skip ? { connections: [], problems: [] } : readText(uri.fsPath, text);
    } catch (e) {
      // The readers promise not to throw; if one does, the file shows as unreadable, not the view.
      this.log.error(`Reading ${uri.fsPath} failed: ${(e as Error).message}`);
      read = { connections: [], problems: [] };
    }
    this.settleDrivers(uri, read);
    return this.remember({ uri, text, lines: new LineIndex(text), version, read });
  }

  private remember(entry: FileConnections): FileConnections {
    entry.read.connections.forEach((conn, index) => this.refs.set(conn, { file: entry.uri.fsPath, index }));
    return entry;
  }

  /** A code file read before its grammar was loaded: loads it (once per language), then reads the
   *  same text again, unless a newer text was read meanwhile. */
  private readAgainWithGrammar(uri: vscode.Uri, text: string, version?: number): void {
    const file = uri.fsPath;
    void loadGrammarFor(file).then((ok) => {
      const now = this.files.get(file);
      if (!ok || (now && now.text !== text)) return;
      this.store(file, this.parse(uri, text, version));
      this.changed.fire();
    });
  }

  /** Connections that do not say which client opens them take the setting's driver, else the project's. */
  private settleDrivers(uri: vscode.Uri, read: ReadResult): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    let project: ProjectDrivers | undefined;
    if (folder && folder.uri.scheme === 'file') {
      project = this.projects.get(folder.uri.fsPath) ?? new ProjectDrivers(folder.uri.fsPath);
      this.projects.set(folder.uri.fsPath, project);
    }
    settleDrivers(read.connections, uri.fsPath, { setting: driverSetting(), project });
  }

  private store(file: string, entry: FileConnections | undefined): void {
    const keep = entry && (entry.read.connections.length > 0 || entry.read.problems.length > 0);
    if (keep) this.files.set(file, entry);
    else this.files.delete(file);
  }

  private readSettings(notify: boolean): void {
    try {
      const r = connectionsFromSettings(settingsConnections());
      this.fromSettings = r.connections;
      r.connections.forEach((conn, index) => this.refs.set(conn, { file: SETTINGS_FILE, index }));
      this.settingsProblems = r.problems;
    } catch (e) {
      this.fromSettings = [];
      this.settingsProblems = [`tlsDoctor.connections could not be read: ${(e as Error).message}`];
    }
    for (const p of this.settingsProblems) this.log.warn(p);
    if (notify) this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

async function readDisk(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_BYTES || stat.type & vscode.FileType.Directory) return undefined;
    // As VS Code decodes an open document: UTF-16 by its mark, else UTF-8, the mark itself hidden.
    return decodeText(Buffer.from(await vscode.workspace.fs.readFile(uri))).replace(/^\uFEFF/, '');
  } catch {
    return undefined; // deleted or unreadable: the file simply has no connections now
  }
}

/** The file's connections whose span holds [start, end] (a cursor when end is left out). */
export function connectionsAt(entry: FileConnections, start: number, end = start): Connection[] {
  return entry.read.connections.filter((c) => c.span.start <= start && end <= c.span.end);
}

/** The workspace folder on this machine that holds `file` (else the first one): a connection's project. */
export function projectFolderOf(file: string | undefined): string | undefined {
  const folder = file ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) : vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** Workspace-relative path for display. */
export function displayPath(uri: vscode.Uri): string {
  const rel = vscode.workspace.asRelativePath(uri, false);
  return rel === uri.fsPath ? path.basename(uri.fsPath) : rel;
}
