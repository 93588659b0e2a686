// Temporary folders that clean up after themselves.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface AfterHook {
  after(fn: () => void): void;
}

const leftovers = new Set<string>();
let exitHookInstalled = false;

/**
 * A fresh folder under the system temp dir. With a test context (or suite) it is removed when that
 * test ends; without one, when the process exits.
 */
export function tempDir(t?: AfterHook, prefix = 'tls-doctor-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (t) {
    t.after(() => removeDir(dir));
  } else {
    leftovers.add(dir);
    installExitHook();
  }
  return dir;
}

/** Writes `content` to `dir/rel`, making the folders on the way; returns the file's path. */
export function writeIn(dir: string, rel: string, content: string | Buffer): string {
  const file = join(dir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** Writes each `rel: content` of `files` under `dir` (writeIn). */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) writeIn(dir, rel, content);
}

export function removeDir(dir: string): void {
  leftovers.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
  });
}
