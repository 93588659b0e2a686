// `lint`: every finding that needs no server, for every connection under some paths. Finds the
// connections as `scan` does, reads each file that holds one, and runs the offline analysis.
// Opens no network connection: nothing here reaches a probe or a driver.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { readText } from '../dialects';
import { loadGrammarFor } from '../dialects/code';
import { projectEnv } from '../dialects/code/env';
import { DEFAULT_PORT, type Connection, type Dialect, type DriverId, type ParseProblem, type ReadResult } from '../model/connection';
import { bySeverity, type Finding, type Severity } from '../model/finding';
import { LineIndex, type Span } from '../model/span';
import { ProjectDrivers, settleDrivers } from '../project/driver';
import { Redactor } from '../redact';
import { scanDirectory } from '../scan/scan';
import { analyzeStatic, problemFinding } from '../static/analyze';
import { globMatcher } from '../static/glob';
import { placeOf } from '../static/place';
import { applyRules, type Rules } from '../static/rules';

export interface LintOptions {
  now?: Date;
  warnDays?: number;
  rules?: Rules;
  /** Globs of files whose connections are not read (relative to each folder given). */
  exclude?: string[];
  /** The driver to assume where neither the connection nor its project says (`--driver`, `tlsDoctor.driver`). */
  driver?: DriverId;
  /** ripgrep for the byte search, as `scan` uses it. */
  ripgrep?: string;
  signal?: AbortSignal;
}

/** One line of `lint --json` (docs/CONTRACT.md): 1-based positions. */
export interface LintEntry {
  /** The file as the user would open it from here: the given path joined with the file's path under it. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  connection: { host?: string; port: number; driver: DriverId; dialect: Dialect };
  finding: Finding;
}

export interface LintResult {
  /** Absolute folder every `rootPath` is relative to: the folder given, or the common one of several paths. */
  root: string;
  entries: (LintEntry & { rootPath: string })[];
  connections: number;
  files: number;
}

export class LintPathError extends Error {}

export async function lintPaths(paths: readonly string[], opts: LintOptions = {}): Promise<LintResult> {
  const given = paths.length ? paths : ['.'];
  const root = commonRoot(given.map((p) => resolve(p)), given.map(isDirectory));
  const result: LintResult = { root, entries: [], connections: 0, files: 0 };
  for (const p of given) {
    const dir = isDirectory(p);
    if (dir === undefined) throw new LintPathError(`${p}: no such file or folder`);
    // The project's driver from manifests at or under the folder linted, as `scan` reads it.
    const found = dir ? await lintFolder(p, opts) : await lintOne(dirname(p), basename(p), opts, new ProjectDrivers(dirname(p)));
    for (const { rel, lint } of found) {
      result.files++;
      result.connections += lint.connections;
      const base = dir ? p : dirname(p);
      for (const e of lint.entries) result.entries.push({ ...e, rootPath: toPosix(relative(root, resolve(base, rel))) });
    }
  }
  result.entries.sort(byPlace);
  return result;
}

/** A folder's files that hold a connection or a reading problem, as the scan read them: each file
 *  is read and parsed once (the scan keeps its reads, its drivers settled as lint settles them). */
async function lintFolder(dir: string, opts: LintOptions): Promise<{ rel: string; lint: FileLint }[]> {
  const scanned = await scanDirectory(dir, { ripgrep: opts.ripgrep, signal: opts.signal, keepReads: true, driver: opts.driver });
  const excluded = globMatcher(opts.exclude ?? []);
  const out: { rel: string; lint: FileLint }[] = [];
  for (const f of scanned.files ?? []) {
    const rel = toPosix(relative(dir, f.file));
    if (!excluded(rel)) out.push({ rel, lint: lintRead(join(dir, rel), f.file, f.text, f.read, opts) });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

async function lintOne(base: string, rel: string, opts: LintOptions, drivers: ProjectDrivers): Promise<{ rel: string; lint: FileLint }[]> {
  await loadGrammarFor(rel); // a code file's grammar, once (none for .env, option files, YAML)
  const lint = lintFile(base, rel, opts, drivers);
  return lint ? [{ rel, lint }] : [];
}

interface FileLint {
  connections: number;
  entries: LintEntry[];
}

/** The offline findings of one file's connections; undefined when it cannot be read. */
export function lintFile(base: string, rel: string, opts: LintOptions, drivers = new ProjectDrivers()): FileLint | undefined {
  const abs = resolve(base, rel);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
  const read = readText(rel, text, { env: (key) => projectEnv(abs)(key) });
  // The driver is the connection's, else the one chosen, else the project's (as `scan` settles it).
  settleDrivers(read.connections, abs, { setting: opts.driver, project: drivers });
  return lintRead(join(base, rel), abs, text, read, opts);
}

/** The offline findings of a file already read: `shown` is its name in the output. */
function lintRead(shown: string, abs: string, text: string, read: ReadResult, opts: LintOptions): FileLint {
  const lines = new LineIndex(text);
  const out: FileLint = { connections: read.connections.length, entries: [] };
  // Titles never hold a password; a value echoed from the file (a reading problem) might: the
  // file's passwords, and anything password-shaped, are masked in every text that leaves here.
  const secrets = new Redactor().addConnections(read.connections);
  const add = (conn: Connection | undefined, f: Finding, span: Span) =>
    out.entries.push(entryOf(shown, conn, { ...f, title: secrets.text(f.title), detail: secrets.text(f.detail) }, span, lines));
  for (const p of read.problems) for (const f of applyRules([problemFinding(p)], opts.rules)) add(undefined, f, p.span);
  for (const conn of read.connections) {
    for (const { finding, span } of connectionFindings(conn, text, dirname(abs), opts)) add(conn, finding, span);
  }
  return out;
}

/** Each offline finding of one connection with the span it points at, rules applied. */
export function connectionFindings(conn: Connection, text: string, dir: string, opts: LintOptions): { finding: Finding; span: Span }[] {
  const place = placeOf(conn.file ?? '', text, dir, conn.span.start);
  const analysis = analyzeStatic(conn, { text, baseDir: dir, now: opts.now, warnDays: opts.warnDays, place });
  const problems = conn.problems.map((p: ParseProblem) => problemFinding(p));
  const findings = applyRules([...problems, ...analysis.findings], opts.rules).sort(bySeverity);
  return findings.map((finding) => ({ finding, span: findingSpan(conn, finding) }));
}

/** The finding's own span, else its parameter's, else the whole connection. */
export function findingSpan(conn: Connection, f: Finding): Span {
  return f.span ?? (f.param && conn.params[f.param]?.span) ?? conn.span;
}

function entryOf(file: string, conn: Connection | undefined, f: Finding, span: Span, lines: LineIndex): LintEntry {
  const s = editorPosition(lines, span.start);
  const e = editorPosition(lines, span.end);
  return {
    file,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    connection: conn
      ? { host: conn.host, port: conn.port ?? DEFAULT_PORT, driver: conn.driver, dialect: conn.dialect }
      : { port: DEFAULT_PORT, driver: 'unknown', dialect: 'uri' },
    finding: f,
  };
}

/** Editors hide a byte-order mark: columns on the first line count from after it. */
function editorPosition(lines: LineIndex, offset: number): { line: number; character: number } {
  const p = lines.positionAt(offset);
  return p.line === 0 && lines.text.charCodeAt(0) === 0xfeff ? { line: 0, character: Math.max(0, p.character - 1) } : p;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function byPlace(a: LintEntry & { rootPath: string }, b: LintEntry & { rootPath: string }): number {
  if (a.rootPath !== b.rootPath) return a.rootPath < b.rootPath ? -1 : 1;
  return a.line - b.line || a.column - b.column || RANK[a.finding.severity] - RANK[b.finding.severity];
}

/** true: a folder, false: a file, undefined: neither (missing, unreadable). */
function isDirectory(p: string): boolean | undefined {
  try {
    const s = statSync(p);
    return s.isDirectory() ? true : s.isFile() ? false : undefined;
  } catch {
    return undefined;
  }
}

/** The deepest folder holding every path (a file's own folder counts for a file). */
function commonRoot(abs: string[], dirs: (boolean | undefined)[]): string {
  const folders = abs.map((p, i) => (dirs[i] === false ? dirname(p) : p));
  let root = folders[0];
  for (const f of folders.slice(1)) {
    while (root !== dirname(root) && f !== root && !f.startsWith(root.endsWith(sep) ? root : root + sep)) root = dirname(root);
  }
  return root;
}

function toPosix(p: string): string {
  return p.split(sep).join(posix.sep);
}
