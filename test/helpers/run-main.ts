// The CLI's main() in this process: the same code as `node dist/cli.js`, without a process start
// (about 100 ms each), for tests that run the CLI hundreds of times (the password leak property).
import { main } from '../../src/cli/main';
import { PLAIN } from '../../src/engine/report/text';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `mysql-tls-doctor ...args` with exactly `env` as its environment and `input` on stdin. */
export async function runMain(args: string[], env: Record<string, string> = {}, input = ''): Promise<MainResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    style: PLAIN,
    env,
    readStdin: async () => input,
    stdinIsTty: false,
  });
  return { code, stdout, stderr };
}
