import * as vscode from 'vscode';

export const CONNECT_ONCE = 'Connect once';

/**
 * In an untrusted workspace the connection settings come from files nobody vouched for: reading
 * and showing them is fine, connecting anywhere needs the user's explicit yes, for this one run.
 * `logins` says where a password would be sent (the engine's loginNotice), one sentence a connection.
 */
export async function mayConnect(targets: string[], logins: string[] = []): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const list = targets.length <= 3 ? targets.join(', ') : `${targets.slice(0, 3).join(', ')} and ${targets.length - 3} more`;
  const said = logins.length <= 3 ? logins : [...logins.slice(0, 3), `And ${logins.length - 3} more logins, each as its connection's client would make it.`];
  try {
    const choice = await vscode.window.showWarningMessage(
      `This workspace is not trusted. Connect to ${list} to check TLS?`,
      {
        modal: true,
        detail: ['The host, port and files come from this workspace. MySQL TLS Doctor connects only if you confirm, and only for this run.', ...said].join('\n\n'),
      },
      CONNECT_ONCE,
    );
    return choice === CONNECT_ONCE;
  } catch {
    // No dialog could be shown (e.g. a host that refuses dialogs): no answer is not a yes.
    return false;
  }
}
