import type { Connection } from '../../engine/model/connection';
import type { Finding } from '../../engine/model/finding';
import type { CertSummary, ChainChange } from '../../engine/model/report';
import type { FileConnections } from '../workspace/connectionIndex';

/** The kinds of rows in the connections view. */
export type Node =
  | { kind: 'file'; entry: FileConnections }
  | { kind: 'settings' }
  | { kind: 'connection'; conn: Connection }
  | { kind: 'finding'; conn: Connection; finding: Finding }
  | { kind: 'chain'; conn: Connection; chain: CertSummary[] }
  | { kind: 'chainChange'; conn: Connection; change: ChainChange }
  | { kind: 'cert'; conn: Connection; cert: CertSummary; position: number }
  /** The rest of a long chain, as one row ("and 294 more certificates"). */
  | { kind: 'moreCerts'; conn: Connection; count: number }
  | { kind: 'problem'; message: string; severity: 'error' | 'warning' };
