import type { Connection } from '../../engine/model/connection';
import type { Finding } from '../../engine/model/finding';
import type { CertSummary, ChainChange } from '../../engine/model/report';
import type { FileConnections } from '../workspace/connectionIndex';
import type { ConnectionRef } from '../workspace/identity';

/** The kinds of rows in the connections view; every row under a connection carries its ref. */
export type Node =
  | { kind: 'reading' }
  | { kind: 'file'; entry: FileConnections }
  | { kind: 'settings' }
  | { kind: 'connection'; ref: ConnectionRef; conn: Connection }
  | { kind: 'finding'; ref: ConnectionRef; conn: Connection; finding: Finding }
  | { kind: 'chain'; ref: ConnectionRef; conn: Connection; chain: CertSummary[] }
  | { kind: 'chainChange'; ref: ConnectionRef; conn: Connection; change: ChainChange }
  | { kind: 'cert'; ref: ConnectionRef; conn: Connection; cert: CertSummary; position: number }
  /** The rest of a long chain, as one row ("and 294 more certificates"). */
  | { kind: 'moreCerts'; ref: ConnectionRef; conn: Connection; count: number }
  | { kind: 'problem'; message: string; severity: 'error' | 'warning' };
