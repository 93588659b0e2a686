// Runs a real client over many cases: one process takes a batch (JSON lines on stdin) and answers
// one JSON line per case. Each case is bounded: when a case gives no answer within CASE_BOUND_MS,
// the process is killed, that case recorded as timed out, and the rest go to a fresh process.
import { spawn } from 'node:child_process';

export const CASE_BOUND_MS = 20_000;

export interface ClientRun {
  connected: boolean;
  /** The client's own error message (first line), when it failed. */
  error?: string;
  timedOut?: boolean;
}

export interface RunnerCommand {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs `items` (objects with an `id`) through the runner; resolves one result per id. */
export async function runBatch(command: RunnerCommand, items: { id: string }[]): Promise<Map<string, ClientRun>> {
  const results = new Map<string, ClientRun>();
  let rest = items;
  while (rest.length) {
    await runOnce(command, rest, results);
    const next = rest.filter((i) => !results.has(i.id));
    if (next.length === rest.length) {
      // The process answered nothing at all: record why for every case, do not loop.
      for (const i of next) results.set(i.id, { connected: false, error: 'runner gave no answer', timedOut: true });
      break;
    }
    rest = next;
  }
  return results;
}

function runOnce(command: RunnerCommand, items: { id: string }[], results: Map<string, ClientRun>): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(command.cmd, command.args, { cwd: command.cwd, env: { ...process.env, ...command.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let pending = items.map((i) => i.id);
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const stuck = pending[0];
        if (stuck) results.set(stuck, { connected: false, error: `no answer within ${CASE_BOUND_MS / 1000} s`, timedOut: true });
        child.kill('SIGKILL');
      }, CASE_BOUND_MS);
    };
    arm();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl).trim();
        out = out.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        try {
          const r = JSON.parse(line) as { id: string; ok: boolean; error?: string };
          results.set(r.id, { connected: r.ok, ...(r.ok ? {} : { error: firstLine(r.error ?? '') }) });
          pending = pending.filter((p) => p !== r.id);
          arm();
        } catch {
          // a stray line from a driver; not an answer
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-2000); });
    child.on('error', (e) => { err += e.message; });
    child.on('close', () => {
      clearTimeout(timer);
      // The process died without answering the case it was on: that case failed the run, say so.
      if (pending.length && !results.has(pending[0])) {
        results.set(pending[0], { connected: false, error: `runner exited: ${firstLine(err) || 'no message'}` });
      }
      resolve();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  });
}

export function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find((l) => l.length > 0)?.slice(0, 300) ?? '';
}

/** Runs `fn` over `items` with at most `limit` at a time (the probe's own pool). */
export { mapLimit as pool } from '../../src/engine/probe/enumerate';
