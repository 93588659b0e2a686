import { Redactor } from '../engine/redact';
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

/** What a command writes with: `secrets` masks every password it is told of in all that is written. */
export interface CommandIo extends Io {
  secrets: Redactor;
}

/**
 * The CLI's one exit for text: stdout, stderr and files written by a command pass through the
 * Redactor, which knows MYSQL_PWD from the start and the passwords each command reads.
 */
export function redactingIo(io: Io): CommandIo {
  const secrets = new Redactor([io.env.MYSQL_PWD]);
  return { ...io, secrets, out: (t) => io.out(secrets.text(t)), err: (t) => io.err(secrets.text(t)) };
}
