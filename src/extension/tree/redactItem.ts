import * as vscode from 'vscode';

/** The item with its label, description and tooltip passed through `redact` (the extension's Redactor). */
export function redactItem(item: vscode.TreeItem, redact: (s: string) => string): vscode.TreeItem {
  if (typeof item.label === 'string') item.label = redact(item.label);
  else if (item.label) item.label = { ...item.label, label: redact(item.label.label) };
  if (typeof item.description === 'string') item.description = redact(item.description);
  if (typeof item.tooltip === 'string') item.tooltip = redact(item.tooltip);
  else if (item.tooltip) item.tooltip.value = redact(item.tooltip.value);
  return item;
}
