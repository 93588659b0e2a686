import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

// Where VS Code (and code-server, VSCodium) keep the ripgrep they search with, newest layout first.
const LAYOUTS = [
  ['node_modules', '@vscode', 'ripgrep', 'bin'],
  ['node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin'],
  ['node_modules', 'vscode-ripgrep', 'bin'],
  ['node_modules.asar.unpacked', 'vscode-ripgrep', 'bin'],
];

/** The ripgrep binary shipped with this editor, or undefined (the scan then searches by itself). */
export function bundledRipgrep(): string | undefined {
  const name = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const dirs of LAYOUTS) {
    const candidate = path.join(vscode.env.appRoot, ...dirs, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
