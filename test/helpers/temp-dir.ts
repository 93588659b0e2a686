// Temporary folders that clean up after themselves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
