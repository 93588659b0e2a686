// The byte search of a scan by ripgrep, when one is installed. Reading every file of a large tree
// from one Node thread costs about ripgrep's whole run in open/read/close calls alone; ripgrep
// searches with a thread per core and SIMD literal search. It only answers "which files hold the
// prefilter's bytes": the listing, the size and binary rules and every reader stay the scan's own,
// so a file ripgrep lists that the scan would not read is dropped, and ripgrep is only asked to
// search a superset of what the scan would. Any doubt about its answer (not started, an error on
// any file, killed, a sample file left out) and the scan searches with its own code instead.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface RipgrepSearch {
  /** A regular expression both JavaScript and ripgrep read alike (ASCII classes, literals). */
  pattern: string;
  /** Files larger are not searched (the scan does not read them either). */
  maxBytes: number;
  /** File extensions and whole names, matched without letter case: a superset of the files the
   *  scan searches. */
  extensions: string[];
  names: string[];
  /** Folder names never entered. */
  skipDirs: string[];
  /** A text the pattern matches: ripgrep searches it too, as a check of its answer. */
  sample: string;
  signal?: AbortSignal;
}

/**
 * `rg` from PATH as an absolute path, or undefined. Relative PATH entries are skipped, and the path
 * is resolved here rather than by spawn, which on Windows looks in the current folder first: a
 * scanned project could ship an `rg` of its own.
 */
export function ripgrepOnPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const name = platform === 'win32' ? 'rg.exe' : 'rg';
  for (const dir of (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':')) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate, platform)) return candidate;
  }
  return undefined;
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The files under dir (relative, `/`-separated) whose bytes match the pattern anywhere, or
 * undefined when ripgrep gave no complete answer. A sample file outside the tree, holding text the
 * pattern matches, is searched too: an answer without it did not come from a search with these
 * settings (another program called rg, a version that reads the flags otherwise) and is not
 * trusted. Cancelling kills the process.
 */
export async function ripgrepMatches(rg: string, dir: string, s: RipgrepSearch): Promise<Set<string> | undefined> {
  let sampleDir: string | undefined;
  try {
    sampleDir = mkdtempSync(join(tmpdir(), 'tls-doctor-rg-'));
    const sample = join(sampleDir, 'sample.txt');
    writeFileSync(sample, s.sample);
    const found = await run(rg, dir, s, sample);
    return found?.delete(slashed(sample)) ? found : undefined;
  } catch {
    return undefined; // no sample could be written (no way to check the answer), or rg not started
  } finally {
    if (sampleDir) rmSync(sampleDir, { recursive: true, force: true });
  }
}

function run(rg: string, dir: string, s: RipgrepSearch, sample: string): Promise<Set<string> | undefined> {
  return new Promise((resolve) => {
    if (s.signal?.aborted) return resolve(undefined);
    const child = spawn(rg, [...ripgrepArgs(s), sample], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    const out: Buffer[] = [];
    const kill = () => child.kill();
    s.signal?.addEventListener('abort', kill, { once: true });
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.once('error', () => settle(undefined)); // not started (missing, not executable)
    // 0: some files match, 1: none; 2 is an error on some file, whose matches would be missed.
    child.once('close', (code) => settle(code === 0 || code === 1 ? pathsOf(Buffer.concat(out)) : undefined));
    function settle(found: Set<string> | undefined): void {
      s.signal?.removeEventListener('abort', kill);
      resolve(found);
    }
  });
}

/**
 * Every setting that could make ripgrep skip a file the scan reads is turned off: the user's
 * config file, ignore files, hidden-file and binary rules. Its sniffing of a byte-order mark stays
 * on: it decodes UTF-16 files as the scan does (decodeText).
 */
function ripgrepArgs(s: RipgrepSearch): string[] {
  return [
    '--no-config', '--files-with-matches', '--null', '--no-messages',
    '--hidden', '--no-ignore', '--text',
    `--max-filesize=${s.maxBytes}`,
    // Brace globs: ripgrep compiles a long list of separate case-insensitive globs slowly.
    `--iglob=*.${braceGlob(s.extensions)}`,
    `--iglob=${braceGlob(s.names)}`,
    `--glob=!**/${braceGlob(s.skipDirs)}/`,
    `--regexp=${s.pattern}`,
    '--', '.', // then the sample's path
  ];
}

function braceGlob(names: string[]): string {
  return names.length === 1 ? names[0] : `{${names.join(',')}}`;
}

function pathsOf(out: Buffer): Set<string> {
  const found = new Set<string>();
  for (const raw of out.toString('utf8').split('\0')) {
    if (!raw) continue;
    // ripgrep names files as it reached them from '.': './a/b', or '.\a\b' on Windows.
    const rel = slashed(raw);
    found.add(rel.startsWith('./') ? rel.slice(2) : rel);
  }
  return found;
}

/** A path as the scan writes it: `/` between names on Windows too. */
function slashed(path: string): string {
  return process.platform === 'win32' ? path.replace(/\\/g, '/') : path;
}
