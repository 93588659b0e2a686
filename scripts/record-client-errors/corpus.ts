// The corpus file: read, replace one client family's recorded entries, write back sorted.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingCode } from '../../src/engine/model/finding';

export interface CorpusEntry {
  client: string;
  situation: string;
  lab?: string;
  text: string;
  expect: FindingCode[];
  source: string;
}

export const CORPUS_PATH = join(__dirname, '../../test/fixtures/explain/corpus.json');

export function readCorpus(): CorpusEntry[] {
  return existsSync(CORPUS_PATH) ? (JSON.parse(readFileSync(CORPUS_PATH, 'utf8')) as CorpusEntry[]) : [];
}

/** Replaces the recorded entries of `clients` (documented ones stay) and writes the file. */
export function replaceRecorded(clients: string[], fresh: CorpusEntry[]): void {
  const kept = readCorpus().filter((e) => !(clients.includes(e.client) && e.source.startsWith('recorded on the lab')));
  const all = [...kept, ...fresh].sort((a, b) => a.client.localeCompare(b.client) || a.situation.localeCompare(b.situation));
  writeFileSync(CORPUS_PATH, `${JSON.stringify(all, null, 2)}\n`);
}
