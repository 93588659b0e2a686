import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, posix, resolve, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errnoFault } from './read-file';

/**
 * The absolute path a configured file setting names: `file:` URLs are accepted, `~` and `~/`
 * expand to the home folder, and relative paths resolve against `baseDir` (the folder of the file
 * that configures them) or the working directory. A Windows path read on another system is kept
 * as written: it names a file on the Windows machine, not one under `baseDir`.
 */
export function resolveConfiguredPath(value: string, baseDir?: string): { path: string } | { error: string } {
  const v = value.trim();
  if (v === '') return { error: 'the setting is empty' };
  if (v.toLowerCase().startsWith('file:')) return fromFileUrl(v);
  if (v === '~') return { path: homedir() };
  if (v.startsWith('~/')) return { path: resolve(homedir(), v.slice(2)) };
  if (isAbsolute(v)) return { path: resolve(v) };
  if (isWindowsPathElsewhere(v)) return { path: v };
  return { path: resolve(baseDir ?? process.cwd(), v) };
}

/**
 * Whether a setting names its file relative to some folder. Absolute on either system counts as
 * absolute (`/etc/ca.pem`, `C:\certs\ca.pem`, `\\server\share\ca.pem`): config files travel
 * between machines, and the one who wrote `C:\...` meant that exact file.
 */
export function isRelativePath(value: string): boolean {
  const v = value.trim();
  if (v.startsWith('~') || v.toLowerCase().startsWith('file:')) return false;
  return !posix.isAbsolute(v) && !win32.isAbsolute(v);
}

/** A Windows absolute path (drive or UNC) seen on a system that is not Windows, where it cannot exist. */
export function isWindowsPathElsewhere(value: string): boolean {
  const v = value.trim();
  return process.platform !== 'win32' && win32.isAbsolute(v) && !posix.isAbsolute(v);
}

/** What is at a path, from stat and access alone: nothing is opened or read. Never throws. */
export type PathState =
  | { kind: 'file' }
  | { kind: 'directory' }
  | { kind: 'special' }
  | { kind: 'missing' | 'unreadable'; code: string };

/** A regular file counts only when the user may read it; directories and special files are not checked further. */
export function pathState(path: string): PathState {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { kind: 'directory' };
    if (!st.isFile()) return { kind: 'special' };
    accessSync(path, constants.R_OK);
    return { kind: 'file' };
  } catch (e) {
    const { fault, code } = errnoFault(e);
    return { kind: fault, code };
  }
}

function fromFileUrl(v: string): { path: string } | { error: string } {
  try {
    return { path: fileURLToPath(v) };
  } catch (e) {
    return { error: `"${v}" is not a usable file: URL (${(e as Error).message.split('\n')[0]})` };
  }
}
