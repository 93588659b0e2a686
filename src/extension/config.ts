import * as vscode from 'vscode';
import { isDriverId, type DriverId } from '../engine/model/connection';
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

/** `tlsDoctor.driver`: the driver to assume where a connection does not say; undefined when unset or not one of the contract's driver ids. */
export function driverSetting(): DriverId | undefined {
  const value = section().get<unknown>('driver');
  return typeof value === 'string' && isDriverId(value) ? value : undefined;
}

export function affectsDriver(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.driver`);
}

export function affectsConnections(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.connections`);
}

/** Raw `tlsDoctor.rules` (severity per finding code, or off); the engine's readRules validates it. */
export function rulesSetting(): unknown {
  return section().get<unknown>('rules');
}

/** `tlsDoctor.exclude`: glob patterns of files whose connections get no offline findings. */
export function excludeGlobs(): string[] {
  const value = section().get<unknown>('exclude');
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/** `tlsDoctor.diagnoseOnSave`: saving a file diagnoses its connections again (default off). */
export function diagnoseOnSave(): boolean {
  return section().get<unknown>('diagnoseOnSave') === true;
}
