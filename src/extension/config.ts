import * as vscode from 'vscode';
import { clampTimeout } from '../engine/model/timeout';

/** Typed reads of the extension's settings (package.json "contributes.configuration"). */
const SECTION = 'tlsDoctor';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** Raw entries of `tlsDoctor.connections`; the engine's settings reader validates them. */
export function settingsConnections(): unknown[] {
  const value = section().get<unknown>('connections');
  return Array.isArray(value) ? value : [];
}

/** Clamped as the engine clamps it: a value past Node's timer range would skip the account check. */
export function connectTimeoutMs(): number {
  return clampTimeout(section().get<unknown>('connectTimeoutMs'));
}

export function expiryWarningDays(): number {
  return positiveInt(section().get<unknown>('expiryWarningDays'), 30);
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

export function affectsConnections(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.connections`);
}
