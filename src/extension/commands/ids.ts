import type { FindingCode } from '../../engine/model/finding';
import type { ParamKey } from '../../engine/model/connection';
import type { Node } from '../tree/nodes';
import type { ConnectionRef } from '../workspace/identity';

/**
 * Every command the extension registers, with the arguments it takes. A connection is always a
 * ConnectionRef (workspace/identity.ts); from the tree it is the row's node, from the palette
 * nothing (a picker asks). package.json's `contributes.commands` lists the same ids (a host test
 * checks it).
 */
export interface CommandArgs {
  'tlsDoctor.diagnose': [target?: Target];
  'tlsDoctor.diagnoseAll': [];
  'tlsDoctor.diagnoseAtCursor': [];
  'tlsDoctor.explainError': [text?: string];
  'tlsDoctor.showCertificate': [target?: Target];
  'tlsDoctor.refresh': [];
  'tlsDoctor.goToDefinition': [target?: Target];
  'tlsDoctor.showFinding': [target: ConnectionRef, code: FindingCode];
  'tlsDoctor.chooseCa': [target: ConnectionRef];
  'tlsDoctor.convertDerToPem': [target: ConnectionRef, file: string, param: ParamKey];
  'tlsDoctor.applyFix': [target: ConnectionRef, code: FindingCode, fixIndex: number];
  'tlsDoctor.forgetPassword': [target?: Target];
  'tlsDoctor.generateCertificates': [target?: Target, args?: GenerateArgs];
  'tlsDoctor.exportReport': [target?: Target, path?: string];
}

export type CommandId = keyof CommandArgs;

/** A connection as commands receive it: its ref, or the tree row it was invoked on. */
export type Target = ConnectionRef | Node;

/** What Generate Certificates can be given instead of asking (code actions prefill hosts; tests skip every dialog). */
export interface GenerateArgs {
  /** Use these hosts without asking. */
  hosts?: string[];
  /** Ask for the hosts, with these as the proposal (a finding's `generate-certs` fix). */
  suggestedHosts?: string[];
  outDir?: string;
  client?: boolean;
  /** Point connections at the new CA without asking: true (those the new certificate is for), the
   *  refs to point, or false (none). */
  useCa?: boolean | ConnectionRef[];
  /** Replace a set already in the folder without asking (true), or keep it (false). */
  replace?: boolean;
}

export const COMMAND_IDS: readonly CommandId[] = [
  'tlsDoctor.diagnose',
  'tlsDoctor.diagnoseAll',
  'tlsDoctor.diagnoseAtCursor',
  'tlsDoctor.explainError',
  'tlsDoctor.showCertificate',
  'tlsDoctor.refresh',
  'tlsDoctor.goToDefinition',
  'tlsDoctor.showFinding',
  'tlsDoctor.chooseCa',
  'tlsDoctor.convertDerToPem',
  'tlsDoctor.applyFix',
  'tlsDoctor.forgetPassword',
  'tlsDoctor.generateCertificates',
  'tlsDoctor.exportReport',
];

/** A vscode.Command (tree rows, code actions) with its arguments checked against the table. */
export function commandOf<K extends CommandId>(command: K, title: string, ...args: CommandArgs[K]): { command: K; title: string; arguments: CommandArgs[K] } {
  return { command, title, arguments: args };
}

/** A `command:` link for trusted Markdown (hovers) and diagnostic code targets. */
export function commandLink<K extends CommandId>(command: K, ...args: CommandArgs[K]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
