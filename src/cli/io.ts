import { ANSI, PLAIN, type TextStyle } from '../engine/report/text';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  style: TextStyle;
  env: NodeJS.ProcessEnv;
  readStdin(): Promise<string>;
  stdinIsTty: boolean;
}

export function processIo(): Io {
  const color = !!process.stdout.isTTY && !process.env.NO_COLOR;
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    style: color ? ANSI : PLAIN,
    env: process.env,
    stdinIsTty: !!process.stdin.isTTY,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
