import * as vscode from 'vscode';

export const LOG_NAME = 'MySQL TLS Doctor';

/**
 * The step-by-step probe log. Only engine log lines and our own messages go here; the engine keeps
 * passwords in `Secret`, which prints as a mask, and every line goes through `redact` too (the
 * extension's Redactor, which knows the passwords read), for what a reader may have misread.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(LOG_NAME, { log: true });

  constructor(private readonly redact: (line: string) => string = (line) => line) {}

  info(line: string): void {
    this.channel.info(this.redact(line));
  }

  warn(line: string): void {
    this.channel.warn(this.redact(line));
  }

  error(line: string): void {
    this.channel.error(this.redact(line));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
