import * as vscode from 'vscode';
import { explainError } from '../../engine/explain';
import { explanationMarkdown } from '../../engine/report/present';
import type { Ctx } from '../ctx';

/**
 * tlsDoctor.explainError: an error message (given, the selection, or typed) -> its likely causes,
 * and the workspace connections whose last diagnosis found the same cause. A selected stack trace
 * is taken as it is, line breaks and all (an input box would flatten it to one line).
 */
export function explainErrorCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.explainError', async (given?: unknown) => {
    const text = typeof given === 'string' ? given : (selectedText() ?? (await askForText()));
    if (!text?.trim()) return undefined;
    return ctx.documents.show('Explanation of the error.md', explanationMarkdown(text, matchingConnections(ctx, text)));
  });
}

function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  return editor.document.getText(editor.selection);
}

async function askForText(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Explain a MySQL/MariaDB TLS error',
    prompt: 'Paste the error message (ERROR 2026, a driver exception, an OpenSSL line...). For a stack trace, select it in an editor and run this command again: its lines are kept.',
    ignoreFocusOut: true,
  });
}

/** Connections whose last diagnosis names a cause the message names. */
function matchingConnections(ctx: Ctx, text: string): Array<{ label: string; code: string }> {
  const codes = new Set(explainError(text).findings.map((f) => f.code));
  const out: Array<{ label: string; code: string }> = [];
  for (const conn of ctx.index.all()) {
    const hit = ctx.results.get(conn)?.findings.find((f) => codes.has(f.code));
    if (hit) out.push({ label: conn.label, code: hit.code });
  }
  return out;
}
