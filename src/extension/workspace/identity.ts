import type { Connection } from '../../engine/model/connection';

/**
 * The one name of a connection in the editor: its file and its position among that file's
 * connections (for the setting, the entry's position). It survives edits elsewhere in the file and
 * every re-read, and it is JSON (a command link's argument). The tree, the diagnostics, the
 * hovers, the code actions, the command arguments, the results and the remembered chains all
 * use it.
 */
export interface ConnectionRef {
  file: string;
  index: number;
}

/** The `file` of the connections from the setting tlsDoctor.connections. */
export const SETTINGS_FILE = 'settings';

/** The ref as a map key: `file#index`. */
export function refKey(ref: ConnectionRef): string {
  return `${ref.file}#${ref.index}`;
}

export function isRef(arg: unknown): arg is ConnectionRef {
  return typeof arg === 'object' && arg !== null && typeof (arg as ConnectionRef).file === 'string' && Number.isInteger((arg as ConnectionRef).index);
}

export function isConnection(arg: unknown): arg is Connection {
  return typeof arg === 'object' && arg !== null && typeof (arg as Connection).label === 'string' && typeof (arg as Connection).tls === 'object' && typeof (arg as Connection).span === 'object';
}

/**
 * What a result was computed from: everything the diagnosis read from the connection, not where
 * it is written. A result whose fingerprint no longer matches is from before an edit.
 */
export function fingerprint(conn: Connection): string {
  return JSON.stringify([conn.dialect, conn.form ?? '', conn.driver, conn.host ?? '', conn.port ?? 0, conn.socket ?? '', conn.user ?? '', conn.database ?? '', conn.tls]);
}
