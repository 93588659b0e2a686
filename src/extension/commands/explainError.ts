import * as vscode from 'vscode';
import { explainError } from '../../engine/explain';
import { maskedSlice } from '../../engine/explain/secrets';
import { Redactor } from '../../engine/redact';
import type { Finding } from '../../engine/model/finding';
import { findingMarkdown } from './showFinding';
import { showDocument } from './target';

/** tlsDoctor.explainError: an error message (the selection, or pasted) -> its likely causes. */
export function explainErrorCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('tlsDoctor.explainError', async (given?: unknown) => {
    const text = typeof given === 'string' ? given : await askForText();
    if (!text?.trim()) return undefined;
    return showDocument(explanationMarkdown(text), 'markdown');
  });
}

async function askForText(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  return vscode.window.showInputBox({
    title: 'Explain a MySQL/MariaDB TLS error',
    prompt: 'Paste the error message (ERROR 2026, a driver exception, an OpenSSL line...)',
    value: selected,
    ignoreFocusOut: true,
  });
}

export function explanationMarkdown(text: string): string {
  const result = explainError(text);
  const findings: Finding[] = result.findings;
  // Pasted errors carry DSNs and command lines: the document (and its hot-exit backup) must not keep a password.
  // Masked before it is cut, so a password cut at the edge is still masked whole.
  const trimmed = text.trim();
  const lines = ['# What this error means', '', '```', maskedSlice(trimmed, 0, Math.min(trimmed.length, 2000)), '```', ''];
  if (findings.length === 0) lines.push('No known TLS cause is named by this message.', '');
  for (const f of findings) lines.push(findingMarkdown(undefined, f).replace(/^# /, '## '));
  for (const m of result.misleading) lines.push(`> **Beware:** ${m}`, '');
  if (result.unknown) lines.push('## What to check', '', ...result.checks.map((c) => `- ${c}`), '');
  return new Redactor().addPasted(text).text(lines.join('\n'));
}
