import type { Connection } from '../../engine/model/connection';
import type { Finding } from '../../engine/model/finding';

/**
 * The offline findings (engine/static) last published for each connection, keyed as the results
 * are, by the connection's ref (workspace/identity.ts): the explanation link of an offline
 * diagnostic (tlsDoctor.showFinding, called with the ref) finds its finding here.
 */
export class OfflineFindings {
  private readonly byRef = new Map<string, Finding[]>();

  /** `keyOf` is the index's: the ref of a connection as a string. */
  constructor(private readonly keyOf: (conn: Connection) => string) {}

  set(conn: Connection, findings: Finding[]): void {
    this.byRef.set(this.keyOf(conn), findings);
  }

  get(conn: Connection): Finding[] | undefined {
    return this.byRef.get(this.keyOf(conn));
  }

  clear(): void {
    this.byRef.clear();
  }
}
