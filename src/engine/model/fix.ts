import type { ParamKey, SslMode, TlsVersion } from './connection';

/**
 * A change that would cure a finding. The engine says WHAT to change; each face (quick fix,
 * CLI text) decides how to show it, and the dialect writers decide how to write it.
 */
export type Fix = FixCost & (
  | { kind: 'set-ssl-mode'; title: string; mode: SslMode; preferred?: boolean }
  | { kind: 'set-ca'; title: string; path?: string; preferred?: boolean }
  | { kind: 'set-host'; title: string; host: string; preferred?: boolean }
  | { kind: 'set-tls-versions'; title: string; versions: TlsVersion[]; preferred?: boolean }
  | { kind: 'convert-der-to-pem'; title: string; file: string; param: ParamKey; preferred?: boolean }
  | { kind: 'generate-certs'; title: string; hosts: string[]; preferred?: boolean }
  /** Something to do on the server or outside the file (SQL, config line, command). */
  | { kind: 'server-change' | 'manual'; title: string; commands?: string[]; preferred?: boolean });

export interface FixCost {
  /**
   * What applying the fix gives up in security (said after "gives up"). finding() fills it on
   * every downgrade (fixes/downgrade.ts); a fix that gives something up is never `preferred`.
   */
  givesUp?: string;
  /** A `set-host` fix whose name does not resolve from this machine: why (never preferred then). */
  unresolved?: string;
}

export type FixKind = Fix['kind'];
