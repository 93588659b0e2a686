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
  return { ok: false, ...errnoFault(e) };
}

/** A failed stat, access or read as the user sees it: the file is gone, or there but closed. */
export function errnoFault(e: unknown): { fault: 'missing' | 'unreadable'; code: string } {
  const code = (e as { code?: string }).code ?? 'EIO';
  return { fault: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', code };
}

/** Whether the file was being read (a configured file the client opens) or written (a report, a certificate set). */
export type FileAccess = 'read' | 'write';

// One table for every face: the words after "cannot read PATH:" or "cannot write PATH:".
// A function where the reason differs between reading and writing.
const ERRNO_REASONS: Record<string, string | ((access: FileAccess) => string)> = {
  EACCES: (a) => (a === 'read' ? 'permission denied for the user running the client' : 'permission denied'),
  EPERM: 'the operation is not permitted',
  ENOENT: (a) => (a === 'read' ? 'no such file' : 'the folder does not exist'),
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: (a) => (a === 'read' ? 'it is a folder' : 'a folder of that name is in the way'),
  EEXIST: 'something else already exists there',
  ELOOP: 'it is a symbolic link that loops back on itself',
  ENAMETOOLONG: 'the path is too long',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large for the file system',
  EBUSY: 'the file is busy',
  EIO: (a) => `${a === 'read' ? 'reading' : 'writing'} it fails with an I/O error`,
};

/** What an errno means for someone fixing the file (`access`: what was being done with it). */
export function explainErrno(code: string, access: FileAccess = 'read'): string {
  const reason = Object.hasOwn(ERRNO_REASONS, code) ? ERRNO_REASONS[code] : undefined;
  if (typeof reason === 'function') return reason(access);
  return reason ?? `${access === 'read' ? 'reading' : 'writing'} it fails (${code})`;
}

/** explainErrno for a thrown error; one without a code gives the first line of its message. */
export function explainFsError(e: unknown, access: FileAccess): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return explainErrno(code, access);
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Why readLocalFile gave no bytes, in the words after "cannot read PATH:". */
export function explainReadFailure(r: Exclude<ReadOutcome, { ok: true }>): string {
  if ('code' in r) return r.fault === 'missing' ? 'no such file' : explainErrno(r.code);
  if ('size' in r) return `it is ${(r.size / 1048576).toFixed(1)} MB, far too large for this kind of file`;
  return r.fault === 'directory' ? 'it is a folder, not a file' : 'it is not a regular file (a FIFO, socket or device)';
}
