import type * as vscode from 'vscode';
import type { CertSummary } from '../../engine/model/report';

const STATE_KEY = 'tlsDoctor.lastChains';
// Enough for any real workspace; the oldest entries go first so workspaceState stays small.
const MAX_ENTRIES = 200;

type Stored = Record<string, CertSummary[]>;

/**
 * The chain each connection's server presented at its last diagnosis, kept in workspaceState so
 * the next diagnosis (even after a reload) can say "the certificate changed since last time".
 * Keyed by the connection's ref (`file#index`, workspace/identity.ts), not by
 * host:port: a renewal can come with a move to another port, and it is still "this connection".
 * Only the public CertSummary array is stored: never a password or any other setting.
 */
export class ChainMemory {
  constructor(private readonly state: vscode.Memento) {}

  previous(key: string): CertSummary[] | undefined {
    const chain = this.all()[key];
    return Array.isArray(chain) && chain.length > 0 ? chain : undefined;
  }

  async remember(key: string, chain: CertSummary[] | undefined): Promise<void> {
    if (!chain?.length) return; // an unreachable server says nothing about its certificate
    const all = this.all();
    delete all[key];
    all[key] = chain.map(publicFields);
    const keys = Object.keys(all);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete all[old];
    await this.state.update(STATE_KEY, all);
  }

  private all(): Stored {
    const value = this.state.get<unknown>(STATE_KEY);
    return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Stored) } : {};
  }
}

function publicFields(c: CertSummary): CertSummary {
  const { subject, issuer, notBefore, notAfter, san, sha256, selfSigned, isCA, keyType, keyBits, signatureAlgorithm } = c;
  return { subject, issuer, notBefore, notAfter, san: [...san], sha256, selfSigned, isCA, keyType, keyBits, signatureAlgorithm };
}
