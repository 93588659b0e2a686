import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The absolute path a configured file setting names: `file:` URLs are accepted, `~` and `~/`
 * expand to the home folder, and relative paths resolve against `baseDir` (the folder of the file
 * that configures them) or the working directory.
 */
export function resolveConfiguredPath(value: string, baseDir?: string): { path: string } | { error: string } {
  const v = value.trim();
  if (v === '') return { error: 'the setting is empty' };
  if (v.toLowerCase().startsWith('file:')) return fromFileUrl(v);
  if (v === '~') return { path: homedir() };
  if (v.startsWith('~/')) return { path: resolve(homedir(), v.slice(2)) };
  if (isAbsolute(v)) return { path: resolve(v) };
  return { path: resolve(baseDir ?? process.cwd(), v) };
}

function fromFileUrl(v: string): { path: string } | { error: string } {
  try {
    return { path: fileURLToPath(v) };
  } catch (e) {
    return { error: `"${v}" is not a usable file: URL (${(e as Error).message.split('\n')[0]})` };
  }
}
