// Runs one client against the lab and returns what it printed, with unstable parts redacted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import type { CorpusEntry } from './corpus';

export interface Command {
  file: string;
  args: string[];
  env?: Record<string, string>;
  input?: string;
  cwd?: string;
}

export interface Scenario {
  client: string;
  situation: string;
  lab: LabServerName;
  expect: FindingCode[];
  command: (lab: LabManifest) => Command;
  /** Keep only the lines holding the error (clients that print a whole session, like s_client). */
  pick?: (output: string) => string;
  /** For a race between two outcomes: run again (a few times) until the output is this one. */
  prefer?: (output: string) => boolean;
}

const TRIES = 5;

const TIMEOUT_MS = 20_000;

let scratch: string | undefined;

/** One temporary folder per run for built clients (Go, Java); removed by removeScratch(). */
export function scratchDir(name: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'record-client-errors-'));
  return mkdtempSync(join(scratch, `${name}-`));
}

export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

export function runCommand(c: Command): string {
  const r = spawnSync(c.file, c.args, {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    input: c.input ?? '',
    cwd: c.cwd,
    env: { ...process.env, ...c.env },
  });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
}

/** The lab's ports and folder change per start: placeholders keep the entries stable. */
export function redact(text: string, lab: LabManifest): string {
  let out = text.split(lab.dir).join('$LAB');
  for (const s of Object.values(lab.servers)) out = out.split(String(s.port)).join('PORT');
  // Also changing per run: OpenSSL's thread id before its error lines, MariaDB Connector/J's
  // connection id, and the clock Go quotes.
  out = out.replace(/\b[0-9A-F]{8,16}:error:/g, 'XXXXXXXX:error:');
  out = out.replace(/\(conn=\d+\)/g, '(conn=ID)');
  out = out.replace(/current time \S+ is/g, 'current time NOW is');
  return out.split(lab.password).join('****');
}

export function record(lab: LabManifest, scenarios: Scenario[], date: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const s of scenarios) {
    let raw = runCommand(s.command(lab));
    for (let i = 1; s.prefer && !s.prefer(raw) && i < TRIES; i++) raw = runCommand(s.command(lab));
    const text = redact(s.pick ? s.pick(raw) : raw, lab);
    process.stdout.write(`${s.client} | ${s.situation}\n    ${text.split('\n').join('\n    ')}\n`);
    if (!text || text === 'connected') continue; // a client that got through has no message to record
    out.push({ client: s.client, situation: s.situation, lab: s.lab, text, expect: s.expect, source: `recorded on the lab ${date}` });
  }
  return out;
}
