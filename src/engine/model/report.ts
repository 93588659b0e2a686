import { formatHost, type ClientLibrary, type Dialect, type DriverId, type DriverSource, type SslMode, type TlsVersion } from './connection';
import type { Finding } from './finding';

/** One certificate as presented by the server (docs/CONTRACT.md `server.chain[]`). */
export interface CertSummary {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** `DNS:name` / `IP:addr` entries. */
  san: string[];
  /** Colon-separated upper-case hex, as OpenSSL prints it. */
  sha256: string;
  selfSigned?: boolean;
  isCA?: boolean;
  keyType?: string;
  keyBits?: number;
  signatureAlgorithm?: string;
}

/** What was observed on the server; unknown fields stay absent (docs/CONTRACT.md `server`). */
export interface ServerObservation {
  reachable: boolean;
  /** The resolved address actually connected to. */
  address?: string;
  serverVersion?: string;
  tlsSupported?: boolean;
  /** The authentication plugin the greeting names (the server's default for new accounts). */
  authPlugin?: string;
  protocols?: Partial<Record<TlsVersion, boolean>>;
  ciphers?: Partial<Record<TlsVersion, string[]>>;
  chain?: CertSummary[];
  negotiated?: { protocol: string; cipher: string };
  /** Read once logged in with credentials (mysql2). */
  variables?: Record<string, string>;
  /** The account's REQUIRE clause, e.g. `SSL`, `X509`, `NONE`. */
  accountRequire?: string;
  /** Set when the chain differs from the one seen last time (DiagnoseOptions.previousChain). */
  chainChange?: ChainChange;
}

/** How the presented chain differs from the last one seen for the same connection. */
export interface ChainChange {
  issuerChanged: boolean;
  rootChanged: boolean;
  previousIssuer: string;
  currentIssuer: string;
  /** Plain sentences for the user. */
  note: string;
}

/** docs/CONTRACT.md `target`. */
export interface TargetSummary {
  host: string;
  port: number;
  user?: string;
  dialect: Dialect;
  driver: DriverId;
  /** Where the driver was decided (docs/CONTRACT.md): `dialect`, `option`, `setting` or `project:<file>`. */
  driverSource?: DriverSource;
  /** The driver's version, when a lock file or manifest gives it. */
  driverVersion?: string;
  /** For the C-library clients: the library, when known (`libmysqlclient`, `libmariadb`). */
  clientLibrary?: ClientLibrary;
  sslMode: SslMode;
  /** The Unix socket the client connects over (nothing goes over TCP, so host and port are not used). */
  socket?: string;
  source?: { file: string; line: number };
}

/** `app@db:3306`, or `app via local socket /run/mysqld/mysqld.sock` when nothing goes over TCP. */
export function targetName(t: TargetSummary): string {
  if (t.socket) return `${t.user ? `${t.user} ` : ''}via local socket ${t.socket}`;
  return `${t.user ? `${t.user}@` : ''}${formatHost(t.host)}:${t.port}`;
}

/** The whole `diagnose --json` object. */
export interface DiagnosisReport {
  version: 1;
  /** When the diagnosis ran (ISO 8601, UTC): set on exported reports (the editor's Export Report). */
  diagnosedAt?: string;
  target: TargetSummary;
  server: ServerObservation;
  findings: Finding[];
  durationMs: number;
}
