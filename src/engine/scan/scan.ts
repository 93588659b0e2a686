// Finds every connection written under a folder: walks it (skipping dependency and build
// folders), reads candidate files in parallel with a bound, and hands each text to readText.
import { open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Connection, Dialect, SslMode } from '../model/connection';
import { LineIndex } from '../model/span';
import { isConnectionFile, readText } from '../dialects';
import { fileKind } from '../dialects/readText';

/** One line of `scan --json` (SPEC.md): 1-based lines and columns, never a password. */
export interface ScanEntry {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  dialect: Dialect;
  host?: string;
  port?: number;
  user?: string;
  sslMode?: SslMode;
}

export interface ScanProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ScanResult {
  entries: ScanEntry[];
  connections: Connection[];
  problems: ScanProblem[];
  filesRead: number;
}

export const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'build', '.vscode-test', 'vendor']);
const DEFAULT_MAX_BYTES = 1024 * 1024;
const PARALLEL = 16;
const BINARY_PROBE = 8192;

export async function scanDirectory(dir: string, opts: { maxFileBytes?: number; signal?: AbortSignal } = {}): Promise<ScanResult> {
  const files = await listFiles(dir, opts.signal);
  const result: ScanResult = { entries: [], connections: [], problems: [], filesRead: 0 };
  const perFile: (FileScan | undefined)[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      opts.signal?.throwIfAborted();
      perFile[i] = await scanFile(dir, files[i], opts.maxFileBytes ?? DEFAULT_MAX_BYTES);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
  for (const f of perFile) {
    if (!f) continue;
    if (f.read) result.filesRead++;
    result.entries.push(...f.entries);
    result.connections.push(...f.connections);
    result.problems.push(...f.problems);
  }
  return result;
}

/** Candidate files under dir (relative, posix separators), sorted for a stable output. */
async function listFiles(dir: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const pending = [dir];
  while (pending.length) {
    signal?.throwIfAborted();
    const d = pending.pop() as string;
    let items;
    try {
      items = await readdir(d, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing to scan there
    }
    for (const it of items) {
      const p = join(d, it.name);
      if (it.isDirectory()) {
        if (!SKIPPED_DIRS.has(it.name)) pending.push(p);
      } else if (it.isFile() && isConnectionFile(it.name)) out.push(relative(dir, p).split(sep).join('/'));
    }
  }
  return out.sort();
}

interface FileScan {
  read: boolean;
  entries: ScanEntry[];
  connections: Connection[];
  problems: ScanProblem[];
}

const NOTHING: FileScan = { read: false, entries: [], connections: [], problems: [] };

async function scanFile(dir: string, rel: string, maxBytes: number): Promise<FileScan> {
  const text = await readCandidate(join(dir, rel), maxBytes);
  if (text === undefined) return NOTHING;
  if (fileKind(rel) === 'strings' && !mayHoldConnection(text)) return { ...NOTHING, read: true };
  const r = readText(rel, text);
  const lines = new LineIndex(text);
  const out: FileScan = { read: true, entries: [], connections: r.connections, problems: [] };
  for (const c of r.connections) {
    out.entries.push(entryOf(rel, c, lines));
    for (const p of c.problems) out.problems.push(problemOf(rel, p.message, p.span.start, lines));
  }
  for (const p of r.problems) out.problems.push(problemOf(rel, p.message, p.span.start, lines));
  return out;
}

/** The file's text, or undefined when it is too big, binary or unreadable. */
async function readCandidate(path: string, maxBytes: number): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
    const { size } = await fh.stat();
    if (size > maxBytes) return undefined;
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    const data = buf.subarray(0, bytesRead);
    if (data.subarray(0, BINARY_PROBE).includes(0)) return undefined;
    return data.toString('utf8');
  } catch {
    return undefined;
  } finally {
    await fh?.close();
  }
}

/** A plain substring check that lets most source files through untouched by the readers. */
export function mayHoldConnection(text: string): boolean {
  return text.includes('mysql') || text.includes('mariadb') || text.includes('tcp(') || text.includes('unix(') || text.includes('MYSQL') || text.includes('MARIADB');
}

function entryOf(file: string, c: Connection, lines: LineIndex): ScanEntry {
  const s = lines.positionAt(c.span.start);
  const e = lines.positionAt(c.span.end);
  const entry: ScanEntry = { file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, dialect: c.dialect };
  if (c.host !== undefined) entry.host = c.host;
  if (c.port !== undefined) entry.port = c.port;
  if (c.user !== undefined) entry.user = c.user;
  if (c.tls.mode !== undefined) entry.sslMode = c.tls.mode;
  return entry;
}

function problemOf(file: string, message: string, offset: number, lines: LineIndex): ScanProblem {
  const p = lines.positionAt(offset);
  return { file, line: p.line + 1, column: p.character + 1, message };
}
