import * as vscode from 'vscode';

export const CONNECT_ONCE = 'Connect once';

/**
 * In an untrusted workspace the connection settings come from files nobody vouched for: reading
 * and showing them is fine, connecting anywhere needs the user's explicit yes, for this one run.
 */
export async function mayConnect(targets: string[]): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const list = targets.length <= 3 ? targets.join(', ') : `${targets.slice(0, 3).join(', ')} and ${targets.length - 3} more`;
  try {
    const choice = await vscode.window.showWarningMessage(
      `This workspace is not trusted. Connect to ${list} to check TLS?`,
      {
        modal: true,
        detail: 'The host, port and files come from this workspace. MySQL TLS Doctor connects only if you confirm, and only for this run.',
      },
      CONNECT_ONCE,
    );
    return choice === CONNECT_ONCE;
  } catch {
    // No dialog could be shown (e.g. a host that refuses dialogs): no answer is not a yes.
    return false;
  }
}
