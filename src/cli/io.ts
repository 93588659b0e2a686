import { isatty } from 'node:tty';
import type { Redactor } from '../engine/redact';
import { ANSI, PLAIN, type TextStyle } from '../engine/report/style';

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
    // isatty, not process.stdin.isTTY: touching process.stdin sets up a stream every start pays for.
    stdinIsTty: isatty(0),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** What a command writes with: `secrets` masks every password it is told of in all that is written. */
export interface CommandIo extends Io {
  secrets: Redactor;
}
