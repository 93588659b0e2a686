// How a command runs: its output through the CLI's one exit for text (redactingIo), and its errors
// turned into exit codes. Each command module exports its runner, so that in the built CLI (one
// bundle per command, dist/cli-<command>.js) the errors and Secrets a command makes are checked
// against its own bundle's classes: the CLI's entry passes it nothing but the process's Io.
import { EXIT, UsageError } from './errors';
import { terminalText } from '../engine/report/escape';
import { Redactor } from '../engine/redact';
import type { CommandIo, Io } from './io';

export type Command = (args: string[], io: CommandIo) => Promise<number>;
export type Runner = (name: string, args: string[], io: Io) => Promise<number>;

export function runner(command: Command): Runner {
  return async (name, args, rawIo) => {
    const io = redactingIo(rawIo);
    try {
      return await command(args, io);
    } catch (e) {
      if (e instanceof UsageError) {
        // A path, host or value from the command line may hold a line break or an escape sequence.
        io.err(`mysql-tls-doctor ${name}: ${terminalText(e.message)}\n`);
        return EXIT.usage;
      }
      io.err(`mysql-tls-doctor ${name}: internal error: ${terminalText(e instanceof Error ? e.message : String(e))}\n`);
      if (io.env.MYSQL_TLS_DOCTOR_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
      return EXIT.internal;
    }
  };
}

/**
 * The CLI's one exit for text: stdout, stderr and files written by a command pass through the
 * Redactor, which knows MYSQL_PWD from the start and the passwords each command reads.
 */
export function redactingIo(io: Io): CommandIo {
  const secrets = new Redactor([io.env.MYSQL_PWD]);
  return { ...io, secrets, out: (t) => io.out(secrets.text(t)), err: (t) => io.err(secrets.text(t)) };
}
