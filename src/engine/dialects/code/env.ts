// The project's .env, as code reads it through process.env.X, os.environ['X'], env('X') or
// getenv('X'): the nearest `.env` in the file's folder or above (up to the folder holding .git,
// or a few levels), parsed as dotenv parses it. A key not there is unknown, never guessed.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readEnvLines } from '../dotenvLines';

export interface EnvValue {
  value: string;
  /** The .env file, relative to the code file's folder when near (`.env`, `../.env`). */
  from: string;
}

/** A key -> value lookup in the project's .env; undefined when the key is not there. */
export type EnvLookup = (key: string) => EnvValue | undefined;

const MAX_LEVELS = 6;
const MAX_ENV_BYTES = 256 * 1024;
const CACHE_MS = 2000;

interface Cached {
  at: number;
  file?: string;
  values?: Map<string, string>;
}
const byFolder = new Map<string, Cached>();

/** The lookup for a code file on disk (absolute, or relative to `base`). Never throws. */
export function projectEnv(file: string, base?: string): EnvLookup {
  const abs = base ? join(base, file) : file;
  const folder = dirname(abs);
  const found = nearestEnv(folder);
  if (!found.values) return () => undefined;
  const from = relative(folder, found.file as string).replace(/\\/g, '/') || '.env';
  const values = found.values;
  return (key) => (values.has(key) ? { value: values.get(key) as string, from } : undefined);
}

/** A lookup over given text (tests, and editors holding an unsaved .env). */
export function envFromText(text: string, from = '.env'): EnvLookup {
  const values = new Map(readEnvLines(text).map((e) => [e.key, e.value]));
  return (key) => (values.has(key) ? { value: values.get(key) as string, from } : undefined);
}

function nearestEnv(folder: string): Cached {
  const now = Date.now();
  const hit = byFolder.get(folder);
  if (hit && now - hit.at < CACHE_MS) return hit;
  let result: Cached = { at: now };
  let dir = folder;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const candidate = join(dir, '.env');
    const values = readEnvFile(candidate);
    if (values) {
      result = { at: now, file: candidate, values };
      break;
    }
    if (isDir(join(dir, '.git'))) break;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  byFolder.set(folder, result);
  return result;
}

function readEnvFile(path: string): Map<string, string> | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_ENV_BYTES) return undefined;
    return new Map(readEnvLines(readFileSync(path, 'utf8')).map((e) => [e.key, e.value]));
  } catch {
    return undefined;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
