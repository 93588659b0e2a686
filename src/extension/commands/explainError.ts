import * as vscode from 'vscode';
import { explainError } from '../../engine/explain';
import { explanationMarkdown, type MatchingConnection } from '../../engine/report/present';
import type { Connection } from '../../engine/model/connection';
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

/** Connections whose last diagnosis names a cause the message names, with where each is written. */
function matchingConnections(ctx: Ctx, text: string): MatchingConnection[] {
  const codes = new Set(explainError(text).findings.map((f) => f.code));
  const out: MatchingConnection[] = [];
  for (const conn of ctx.index.all()) {
    const hit = ctx.results.get(conn)?.findings.find((f) => codes.has(f.code));
    if (hit) out.push({ label: conn.label, code: hit.code, where: whereWritten(ctx, conn) });
  }
  return out;
}

function whereWritten(ctx: Ctx, conn: Connection): string {
  if (!conn.file) return 'setting tlsDoctor.connections';
  const line = ctx.index.entry(conn.file)?.lines.positionAt(conn.span.start).line ?? 0;
  return `${vscode.workspace.asRelativePath(conn.file, false)}:${line + 1}`;
}
