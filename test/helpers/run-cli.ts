// Runs the built CLI (dist/cli.js) the way a user would, without blocking this process, so a fake
// server living in the same test process keeps answering while the CLI talks to it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** set when the CLI had to be killed after timeoutMs */
  timedOut: boolean;
}

export interface CliOptions {
  /** written to the CLI's stdin, which is then closed */
  input?: string;
  cwd?: string;
  /** default 30 s; the CLI is killed after it */
  timeoutMs?: number;
}

/** Why CLI tests cannot run, or undefined when dist/cli.js is there. */
export function cliMissingReason(): string | undefined {
  return existsSync(CLI_PATH) ? undefined : `${CLI_PATH} not built (run npm run build)`;
}

/**
 * `node dist/cli.js ...args` with `env` added to this process's environment (a value of undefined
 * removes that variable). Resolves with the exit code and everything printed.
 */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, options: CliOptions = {}): Promise<CliResult> {
  const missing = cliMissingReason();
  if (missing) return Promise.reject(new Error(missing));
  return runNode([CLI_PATH, ...args], env, options);
}

function runNode(args: string[], env: Record<string, string | undefined>, options: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: mergeEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading its input
    child.stdin.end(options.input ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
  });
}

function mergeEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
