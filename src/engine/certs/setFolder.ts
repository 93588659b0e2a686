// Where Generate Certificates writes a set, and what replacing a set would break: decided here so
// the editor only asks (and the words are the same wherever they are shown).
import { dirname, join, relative, resolve } from 'node:path';
import type { Connection } from '../model/connection';
import { setFilesIn } from './generate';
import { resolveConfiguredPath } from './paths';

/** Folder names proposed for a new set, in order: the first that holds no set is proposed. */
const PROPOSED = ['certs', 'dev-certs', 'certs/dev'];

/**
 * The folder proposed for a new set under a project folder: `certs` (never the project folder
 * itself, where the keys would sit beside the code), or the next name that holds no set yet.
 */
export function proposedSetFolder(projectDir: string): string {
  for (const name of PROPOSED) if (setFilesIn(join(projectDir, name)).length === 0) return join(projectDir, name);
  for (let i = 2; ; i++) if (setFilesIn(join(projectDir, `certs-${i}`)).length === 0) return join(projectDir, `certs-${i}`);
}

/** The connections whose CA setting names a file in `dir` (as each client resolves it: from its own file's folder). */
export function connectionsTrustingFolder(conns: Connection[], dir: string): Connection[] {
  const folder = resolve(dir);
  return conns.filter((c) => {
    if (!c.tls.ca) return false;
    const r = resolveConfiguredPath(c.tls.ca, c.file ? dirname(c.file) : undefined);
    return 'path' in r && dirname(r.path) === folder;
  });
}

export interface ReplaceQuestion {
  message: string;
  /** False when connections trust the set: the safe answer (another folder) comes first. */
  replaceIsDefault: boolean;
}

/** The question before a set already in `dir` is replaced; `shownDir` is how the folder is named to the user. */
export function replaceQuestion(shownDir: string, existing: string[], trustedBy: Connection[]): ReplaceQuestion {
  const files = existing.map((f) => relative(dirname(f), f)).join(', ');
  const head = `${shownDir} already holds a certificate set (${files}).`;
  if (trustedBy.length === 0) {
    return { message: `${head} No connection of this workspace trusts its CA. Replace the whole set? A server using the old files will need the new ones.`, replaceIsDefault: true };
  }
  const names = trustedBy.slice(0, 3).map((c) => c.label).join(', ') + (trustedBy.length > 3 ? ` and ${trustedBy.length - 3} more` : '');
  const count = trustedBy.length === 1 ? '1 connection trusts' : `${trustedBy.length} connections trust`;
  return {
    message: `${head} ${count} its CA (${names}): replacing it breaks them until their server uses the new certificate. Write the new set to another folder, or replace this one?`,
    replaceIsDefault: false,
  };
}
