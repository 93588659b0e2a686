import * as vscode from 'vscode';

export const LOG_NAME = 'MySQL TLS Doctor';

/**
 * The step-by-step probe log. Only engine log lines and our own messages go here, and none of
 * them carries a password: the engine keeps passwords in `Secret`, which prints as a mask.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(LOG_NAME, { log: true });

  info(line: string): void {
    this.channel.info(line);
  }

  warn(line: string): void {
    this.channel.warn(line);
  }

  error(line: string): void {
    this.channel.error(line);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
