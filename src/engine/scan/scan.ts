// Finds every connection written under a folder: walks it (skipping dependency and build
// folders), finds the candidate files that hold a connection's bytes (mark.ts, or ripgrep.ts),
// and hands each such text to readText.
import { closeSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORT, type Connection, type Dialect, type DriverId, type DriverSource, type ReadResult, type SslMode } from '../model/connection';
import { ProjectDrivers, settleDrivers, type DriverChoice } from '../project/driver';
import { LineIndex } from '../model/span';
import { readText } from '../dialects';
import { loadGrammarFor, needsGrammar } from '../dialects/code';
import { projectEnv } from '../dialects/code/env';
import { CONNECTION_FILE_NAMES, connectionKindOfName, decodeText, hasUtf16Bom } from '../dialects/readText';
import { Helper, markAll, newJob, NO_MATCH, PARSE, PENDING, type MarkJob } from './mark';
import { ripgrepMatches, type RipgrepSearch } from './ripgrep';

/** One line of `scan --json` (docs/CONTRACT.md): 1-based lines and columns, never a password. */
export interface ScanEntry {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  dialect: Dialect;
  /** The client that will open the connection (docs/CONTRACT.md "Drivers"). */
  driver: DriverId;
  /** Where the driver was decided: `dialect`, `option`, `setting` or `project:<file>` (additive). */
  driverSource?: DriverSource;
  /** The driver's version, when the project's lock file or manifest gives it (additive). */
  driverVersion?: string;
  host?: string;
  /** The effective port: 3306 when none is written. */
  port: number;
  user?: string;
  sslMode?: SslMode;
}

export interface ScanProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A file the scan read, handed back with `keepReads` so an editor need not read it again. */
export interface ScannedFile {
  /** The absolute path (the connections' `file`). */
  file: string;
  text: string;
  read: ReadResult;
}

export interface ScanResult {
  entries: ScanEntry[];
  /** With `keepReads`: each file with a connection or a reading problem, its text and what was read. */
  files?: ScannedFile[];
  connections: Connection[];
  problems: ScanProblem[];
  /** Files whose names may hold a connection (binary and oversized ones are then passed over). */
  filesSearched: number;
  /** Which code did the byte search. */
  search: 'ripgrep' | 'built-in';
  /** Set when the listing stopped at `maxFiles`: files past it were not searched. */
  truncated?: true;
}

// Dependencies, version control, build output and caches: copies, not what the user wrote.
export const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'build', 'target', '.cache', '.vscode-test', 'vendor']);
const DEFAULT_MAX_BYTES = 1024 * 1024;
const YIELD_MS = 8;
const BINARY_PROBE = 8192;

export interface ScanOptions {
  maxFileBytes?: number;
  signal?: AbortSignal;
  /** A ripgrep binary to do the byte search (ripgrep.ts); without one, or when it fails, the
   *  scan reads every file itself. */
  ripgrep?: string;
  /** Stop listing after this many candidate files (an editor opened on a home folder, say). */
  maxFiles?: number;
  /** The driver to assume where a connection does not say (`tlsDoctor.driver`); it wins over the project's. */
  driver?: DriverId;
  /** Hand back each read file (`files`), its connections named by absolute path: the editor's index. */
  keepReads?: boolean;
}

export async function scanDirectory(dir: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const pause = new Pauser(opts.signal);
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_BYTES;
  // ripgrep walks the tree while the folders are listed here.
  const stopRipgrep = new AbortController();
  const cancelled = () => stopRipgrep.abort();
  opts.signal?.addEventListener('abort', cancelled, { once: true });
  const searched = opts.ripgrep ? ripgrepMatches(opts.ripgrep, dir, ripgrepSearch(maxBytes, stopRipgrep.signal)) : undefined;
  let helper: Helper | undefined;
  try {
    const { files, filter, linked, truncated } = await listFiles(dir, pause, opts.maxFiles ?? Infinity, (count) => {
      if (!searched && !helper && Helper.wanted(count)) helper = new Helper();
    });
    // ripgrep searches the whole tree: a listing cut short is searched by the scan's own code.
    if (truncated) stopRipgrep.abort();
    const job = newJob(dir, files, filter, { maxBytes, binaryProbe: BINARY_PROBE, pattern: PREFILTER.source });
    const parsed = new Map<number, FileScan>();
    // A code file whose grammar is not loaded yet is left for collect(), which loads it first.
    const keep = opts.keepReads === true;
    const found = (i: number, bytes: Buffer) => {
      if (!needsGrammar(files[i])) parsed.set(i, scanBytes(dir, files[i], bytes, keep));
    };
    const drivers: DriverChoice = { setting: opts.driver, project: new ProjectDrivers(dir) };
    const done = (search: ScanResult['search']) => collect(job, parsed, { pause, search, truncated, drivers, keep });
    if (searched && (await markByRipgrep(job, searched, { linked, parsed, pause, found, keep }))) return await done('ripgrep');
    if (!helper && Helper.wanted(files.length)) helper = new Helper();
    // The main thread parses what it finds at once (the bytes are at hand, and the helper reads on
    // meanwhile); the helper's finds are read again after.
    await markAll(job, { pause: () => pause.now(), helper, found });
    return await done('built-in');
  } finally {
    helper?.stop();
    opts.signal?.removeEventListener('abort', cancelled);
    stopRipgrep.abort(); // a scan that failed or was cancelled leaves no ripgrep running
  }
}

function ripgrepSearch(maxBytes: number, signal?: AbortSignal): RipgrepSearch {
  // `.env` files and option files are read whole whatever they hold, so ripgrep need not find them.
  return { pattern: PREFILTER.source, sample: 'mysql://', maxBytes, ...CONNECTION_FILE_NAMES, skipDirs: [...SKIPPED_DIRS], signal };
}

/** Marks every file from ripgrep's answer, parsing the `.env` and option files while it runs;
 *  false when there is no answer to trust. */
async function markByRipgrep(
  job: MarkJob,
  searched: Promise<Set<string> | undefined>,
  o: { linked: Set<number>; parsed: Map<number, FileScan>; pause: Pauser; found: (i: number, bytes: Buffer) => void; keep: boolean },
): Promise<boolean> {
  await parseUnfiltered(job, o.parsed, o.pause, o.keep);
  const matches = await searched;
  await o.pause.now();
  if (!matches) return false;
  markMatches(job, matches, o.linked);
  if (o.linked.size) await markAll(job, { pause: () => o.pause.now(), found: o.found });
  return true;
}

/** Parses the files that no byte search decides (`.env`, option files), while ripgrep runs. */
async function parseUnfiltered(job: MarkJob, parsed: Map<number, FileScan>, pause: Pauser, keep: boolean): Promise<void> {
  for (let i = 0; i < job.paths.length; i++) {
    if (job.filter[i] !== 0) continue;
    await pause.now();
    parsed.set(i, scanFile(job.base, job.paths[i], job.maxBytes, keep));
  }
}

/** Marks from ripgrep's answer: files it matched are parsed (read again, with the size and binary
 *  rules), as is every file the byte search does not decide; linked files, which ripgrep does not
 *  follow, stay pending for the built-in search. */
function markMatches(job: MarkJob, matches: Set<string>, linked: Set<number>): void {
  for (let i = 0; i < job.paths.length; i++) {
    job.marks[i] = job.filter[i] === 0 || matches.has(job.paths[i]) ? PARSE : linked.has(i) ? PENDING : NO_MATCH;
  }
}

/** Every file's connections in path order (a stable output), reading those not parsed yet. */
async function collect(
  job: MarkJob,
  parsed: Map<number, FileScan>,
  { pause, search, truncated, drivers, keep }: { pause: Pauser; search: ScanResult['search']; truncated: boolean; drivers: DriverChoice; keep: boolean },
): Promise<ScanResult> {
  const { paths: files, marks } = job;
  const result: ScanResult = { entries: [], connections: [], problems: [], filesSearched: files.length, search };
  if (truncated) result.truncated = true;
  if (keep) result.files = [];
  // Only the few files worth parsing are sorted: sorting the whole listing cost more.
  const toParse: number[] = [];
  for (let i = 0; i < files.length; i++) if (marks[i] === PARSE) toParse.push(i);
  toParse.sort((a, b) => (files[a] < files[b] ? -1 : files[a] > files[b] ? 1 : 0));
  await loadGrammars(toParse.map((i) => files[i]));
  for (const i of toParse) {
    await pause.now();
    const f = parsed.get(i) ?? scanFile(job.base, files[i], job.maxBytes, keep);
    settleEntryDrivers(f, files[i], drivers);
    if (f.read && (f.connections.length || f.problems.length)) result.files?.push(handBack(f.read));
    for (const e of f.entries) result.entries.push(e);
    for (const c of f.connections) result.connections.push(c);
    for (const p of f.problems) result.problems.push(p);
  }
  return result;
}

/**
 * Synchronous reads measured ~7x faster than parallel async ones for many small files (one
 * thread-pool round trip per open/stat/read/close); yielding every few ms keeps the host responsive.
 */
class Pauser {
  private last = performance.now();
  constructor(private readonly signal?: AbortSignal) {}

  async now(): Promise<void> {
    this.signal?.throwIfAborted();
    if (performance.now() - this.last < YIELD_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.last = performance.now();
    this.signal?.throwIfAborted();
  }
}

interface Listing {
  /** Candidate files under the folder (relative, posix separators), in no set order. */
  files: string[];
  /** Per file: 1 where a byte search decides (source files), 0 where it is always read (`.env`, option files). */
  filter: Uint8Array;
  /** Indices of the files reached through a symbolic link (a shared `.env`, say); linked folders are not entered. */
  linked: Set<number>;
  /** The listing stopped at its limit. */
  truncated: boolean;
}

/** `counted` hears the running count after each folder. */
async function listFiles(dir: string, pause: Pauser, maxFiles: number, counted: (files: number) => void): Promise<Listing> {
  const out: string[] = [];
  const filter: number[] = [];
  const linked = new Set<number>();
  const pending = [''];
  while (pending.length) {
    await pause.now();
    const rel = pending.pop() as string;
    let items: Dirent[];
    try {
      items = readdirSync(rel ? `${dir}/${rel}` : dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing to scan there
    }
    const prefix = rel ? `${rel}/` : '';
    for (const it of items) {
      if (it.isDirectory()) {
        if (!SKIPPED_DIRS.has(it.name)) pending.push(prefix + it.name);
      } else if (it.isFile() || it.isSymbolicLink()) {
        const kind = connectionKindOfName(it.name);
        const path = prefix + it.name;
        if (!kind || (it.isSymbolicLink() && !isFileBehind(`${dir}/${path}`))) continue;
        if (it.isSymbolicLink()) linked.add(out.length);
        out.push(path);
        filter.push(kind === 'strings' ? 1 : 0);
      }
    }
    counted(out.length);
    if (out.length > maxFiles) break;
  }
  const truncated = out.length > maxFiles;
  if (truncated) out.length = filter.length = maxFiles;
  return { files: out, filter: Uint8Array.from(filter), linked, truncated };
}

/** Whether a symbolic link leads to a regular file (not a folder, a dangling link or a FIFO). */
function isFileBehind(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

interface FileScan {
  entries: ScanEntry[];
  connections: Connection[];
  problems: ScanProblem[];
  /** With keepReads: the text and what was read, the connections still named relatively. */
  read?: ScannedFile;
}

/** A kept read, its connections named by the absolute path (drivers are settled by then). */
function handBack(read: ScannedFile): ScannedFile {
  for (const c of read.read.connections) c.file = read.file;
  return read;
}

const NOTHING: FileScan = { entries: [], connections: [], problems: [] };

/** The grammars the marked code files need, each loaded once (none when no code file is marked). */
async function loadGrammars(files: string[]): Promise<void> {
  const wanted = new Set(files.filter(needsGrammar).map((f) => f.slice(f.lastIndexOf('.'))));
  await Promise.all([...wanted].map((ext) => loadGrammarFor(`x${ext}`)));
}

/** The connections and problems in a file the helper marked worth parsing. */
function scanFile(dir: string, rel: string, maxBytes: number, keep = false): FileScan {
  const data = readCandidate(`${dir}/${rel}`, maxBytes);
  return data === undefined ? NOTHING : scanBytes(dir, rel, data, keep); // NOTHING: changed since it was marked
}

/** `keep`: the text and the read are kept in the result (scan's keepReads). */
function scanBytes(dir: string, rel: string, data: Buffer, keep = false): FileScan {
  const text = decodeText(data);
  let env: ReturnType<typeof projectEnv> | undefined;
  const r = readText(rel, text, { env: (key) => (env ??= projectEnv(rel, dir))(key) });
  const lines = new LineIndex(text);
  const out: FileScan = { entries: [], connections: r.connections, problems: [] };
  if (keep) out.read = { file: join(dir, rel), text, read: r };
  for (const c of r.connections) {
    out.entries.push(entryOf(rel, c, lines));
    for (const p of c.problems) out.problems.push(problemOf(rel, p.message, p.span.start, lines));
  }
  for (const p of r.problems) out.problems.push(problemOf(rel, p.message, p.span.start, lines));
  return out;
}

// One buffer for every read: the second pass is synchronous per file, and a fresh allocation per
// file costs more than the read itself.
let shared = Buffer.allocUnsafe(0);

/** The file's bytes (a view valid until the next call), or undefined when too big, binary or unreadable. */
function readCandidate(path: string, maxBytes: number): Buffer | undefined {
  if (shared.length < maxBytes + 1) shared = Buffer.allocUnsafe(maxBytes + 1);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, shared, 0, maxBytes + 1, 0);
    if (n > maxBytes) return undefined;
    const data = shared.subarray(0, n);
    // UTF-16 text is full of NUL bytes: its byte-order mark says it is text.
    if (!hasUtf16Bom(data) && data.subarray(0, BINARY_PROBE).includes(0)) return undefined;
    return data;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Every reader of source files looks for a URL scheme, JDBC URL or Go DSN, and each one holds one
// of these (schemes in any letter case); WordPress's wp-config.php may name MySQL nowhere but in
// DB_HOST, an ADO.NET string in appsettings.json nowhere but in its keys (Server=, SslMode=), a
// Rails database.yml nowhere but in `adapter: trilogy`. One regular expression over a Latin-1 view of the bytes measured twice as fast as a
// substring search per spelling; Latin-1 keeps every ASCII byte as is.
const PREFILTER = /[Mm][Yy][Ss][Qq][Ll]|[Mm][Aa][Rr][Ii][Aa][Dd][Bb]|tcp\(|unix\(|DB_HOST|[Ss]erver=|SERVER=|[Ss]sl ?[Mm]ode|trilogy/;

/** A cheap check that lets most source files through untouched by the readers. */
export function mayHoldConnection(text: string): boolean {
  return PREFILTER.test(text);
}

/** Editors hide a byte-order mark: columns on the first line count from after it. */
function editorPosition(lines: LineIndex, offset: number): { line: number; character: number } {
  const p = lines.positionAt(offset);
  return p.line === 0 && lines.text.charCodeAt(0) === 0xfeff ? { line: 0, character: Math.max(0, p.character - 1) } : p;
}

/** The project's (or the setting's) driver for connections that do not say, in the entries too. */
function settleEntryDrivers(f: FileScan, file: string, drivers: DriverChoice): void {
  settleDrivers(f.connections, file, drivers);
  f.connections.forEach((c, k) => {
    const e = f.entries[k];
    e.driver = c.driver;
    if (c.driverSource !== undefined) e.driverSource = c.driverSource;
    if (c.driverVersion !== undefined) e.driverVersion = c.driverVersion;
  });
}

function entryOf(file: string, c: Connection, lines: LineIndex): ScanEntry {
  const s = editorPosition(lines, c.span.start);
  const e = editorPosition(lines, c.span.end);
  const entry: ScanEntry = {
    file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1,
    dialect: c.dialect, driver: c.driver, host: c.host, port: c.port ?? DEFAULT_PORT,
  };
  if (c.host === undefined) delete entry.host;
  if (c.user !== undefined) entry.user = c.user;
  if (c.tls.mode !== undefined) entry.sslMode = c.tls.mode;
  return entry;
}

function problemOf(file: string, message: string, offset: number, lines: LineIndex): ScanProblem {
  const p = editorPosition(lines, offset);
  return { file, line: p.line + 1, column: p.character + 1, message };
}
