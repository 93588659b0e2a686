import * as vscode from 'vscode';
import { loginNotice } from '../../engine/checks/credentials';
import { localSocketOf } from '../../engine/drivers/effective';
import { DEFAULT_PORT, hostOf, type Connection } from '../../engine/model/connection';
import { Secret } from '../../engine/model/secret';

/** What a diagnosis run may log in with. `auth: false` probes TLS without logging in. */
export interface Credentials {
  password?: Secret;
  auth: boolean;
  /** Why no password was asked for although one would have been (the server does not answer). */
  notAsked?: string;
  /** Asked, and none given: TLS is checked without logging in. */
  declined?: boolean;
}

/** Before a prompt: undefined when the server answers, else why it does not (nothing is asked then). */
export type BeforeAsking = () => Promise<string | undefined>;

/**
 * Passwords for connections that name a user but write no password. Asked once, kept in VS Code's
 * SecretStorage (never in settings or logs), keyed by host/port/user. Declining ("skip") is
 * remembered for the session so a "diagnose all" does not ask again.
 */
export class Passwords {
  private readonly skipped = new Set<string>();

  constructor(private readonly storage: vscode.SecretStorage) {}

  /**
   * The password written, stored, or asked for. `beforeAsking` runs only when a prompt would
   * follow: a server that does not answer is not worth a password (the diagnosis says why).
   */
  async forRun(conn: Connection, ask = true, beforeAsking?: BeforeAsking): Promise<Credentials> {
    if (conn.password && !conn.password.isEmpty) return { password: conn.password, auth: true };
    if (!conn.user || localSocketOf(conn)) return { auth: false }; // a socket run logs in nowhere
    const key = storageKey(conn);
    const stored = await this.storage.get(key);
    if (stored !== undefined) return { password: new Secret(stored), auth: true };
    if (this.skipped.has(key) || !ask) return { auth: false };
    const notAsked = await beforeAsking?.();
    if (notAsked) return { auth: false, notAsked };
    return this.prompt(conn, key);
  }

  async remember(conn: Connection, password: string): Promise<void> {
    await this.storage.store(storageKey(conn), password);
  }

  /** Drops the stored password (and a "skip"); true when there was one to drop. */
  async forget(conn: Connection): Promise<boolean> {
    const key = storageKey(conn);
    const had = (await this.storage.get(key)) !== undefined;
    this.skipped.delete(key);
    if (had) await this.storage.delete(key);
    return had;
  }

  private async prompt(conn: Connection, key: string): Promise<Credentials> {
    const answer = await vscode.window.showInputBox({
      title: `Password for ${conn.label}`,
      // Where the password would go, as the engine's credentials rule will decide it.
      prompt: `${loginNotice(conn) ?? ''} It is used to read the account's TLS requirements and kept in VS Code's secret storage. Leave empty (or press Escape) to check TLS without logging in.`.trim(),
      password: true,
      ignoreFocusOut: true,
    });
    if (!answer) {
      this.skipped.add(key);
      return { auth: false, declined: true };
    }
    await this.storage.store(key, answer);
    return { password: new Secret(answer), auth: true };
  }
}

export function storageKey(conn: Pick<Connection, 'host' | 'port' | 'user'>): string {
  return `tlsDoctor.password:${hostOf(conn)}:${conn.port ?? DEFAULT_PORT}:${conn.user ?? ''}`;
}
