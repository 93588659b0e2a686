/** Public types of the probe (see index.ts for the functions). */

export interface ProbeTarget {
  host: string;
  port: number;
  /** SNI, and the host name later checks use; defaults to `host` when it is a DNS name. */
  servername?: string;
}

export interface ProbeOptions {
  /** Bound for each connection: TCP connect, greeting and TLS together. */
  timeoutMs: number;
  /** Aborting closes every socket the probe has open. */
  signal?: AbortSignal;
  /** Receives a step log, one line per step, like `openssl s_client` would show. */
  log?: (line: string) => void;
}

export type ProbeFailure =
  | { kind: 'dns' | 'refused' | 'timeout' | 'reset' | 'unreachable'; message: string }
  | { kind: 'not-mysql'; message: string; firstBytes: string /* hex, at most 32 bytes */ }
  | { kind: 'server-refused'; message: string; errno: number; sqlState?: string };

export interface Greeting {
  protocolVersion: number;
  serverVersion: string;
  connectionId: number;
  capabilities: number;
  /** The server announces CLIENT_SSL. */
  tlsSupported: boolean;
  authPlugin?: string;
  charset?: number;
  status?: number;
}
