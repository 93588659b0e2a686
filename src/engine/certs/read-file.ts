import { readFileSync, statSync, type Stats } from 'node:fs';

/** A configured file as the client would open it, or why it cannot be. Never throws. */
export type ReadOutcome =
  | { ok: true; bytes: Buffer }
  | { ok: false; fault: 'missing' | 'unreadable'; code: string }
  | { ok: false; fault: 'directory' | 'special' }
  | { ok: false; fault: 'too-large'; size: number };

// The largest CA bundles are a few hundred KB; anything far bigger is not a certificate file.
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export function readLocalFile(path: string): ReadOutcome {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return failure(e);
  }
  if (st.isDirectory()) return { ok: false, fault: 'directory' };
  // Reading a FIFO or a device could block forever or never end: only regular files are read.
  if (!st.isFile()) return { ok: false, fault: 'special' };
  if (st.size > MAX_FILE_BYTES) return { ok: false, fault: 'too-large', size: st.size };
  try {
    return { ok: true, bytes: readFileSync(path) };
  } catch (e) {
    return failure(e);
  }
}

function failure(e: unknown): ReadOutcome {
  const code = (e as { code?: string }).code ?? 'EIO';
  const missing = code === 'ENOENT' || code === 'ENOTDIR';
  return { ok: false, fault: missing ? 'missing' : 'unreadable', code };
}

/** What an errno means for someone fixing the file. */
export function explainErrno(code: string): string {
  const reasons: Record<string, string> = {
    EACCES: 'permission denied for the user running the client',
    EPERM: 'the operation is not permitted',
    ELOOP: 'it is a symbolic link that loops back on itself',
    EIO: 'reading it fails with an I/O error',
    ENAMETOOLONG: 'the path is too long',
    EISDIR: 'it is a directory',
  };
  return reasons[code] ?? `reading it fails (${code})`;
}
