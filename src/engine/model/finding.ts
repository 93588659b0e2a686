import { markDowngrade } from '../fixes/downgrade';
import type { ParamKey } from './connection';
import type { Fix } from './fix';
import type { Span } from './span';

export type { Fix, FixCost, FixKind } from './fix';

/** Finding codes: stable public API (docs/CONTRACT.md), used as `Diagnostic.code` by the extension. */
export type FindingCode =
  | 'tls-ok'
  | 'cert-expired'
  | 'cert-not-yet-valid'
  | 'client-cert-expired'
  | 'cert-expiring-soon'
  | 'ca-untrusted'
  | 'intermediate-missing'
  | 'ca-not-configured'
  | 'hostname-mismatch'
  | 'tls-version-mismatch'
  | 'cipher-mismatch'
  | 'server-tls-disabled'
  | 'file-missing'
  | 'file-unreadable'
  | 'file-der-encoded'
  | 'file-truncated'
  | 'file-wrong-kind'
  | 'key-encrypted'
  | 'key-cert-mismatch'
  | 'account-requires-tls'
  | 'plaintext-fallback'
  | 'verification-disabled'
  | 'legacy-tls-enabled'
  | 'cloud-ca-bundle'
  | 'unreachable'
  | 'not-mysql'
  | 'server-refused'
  /** Added: the server announces TLS, but no handshake with any version completes. */
  | 'tls-handshake-failed'
  /** Added: the server refused the account check's login (wrong password, REQUIRE X509 without a client certificate, host not allowed...). */
  | 'login-refused'
  /** Added: the client's own settings turn TLS off (DISABLED, useSSL=false, a Go DSN without tls=) while the server offers it. */
  | 'tls-not-used'
  /** Added: the connection goes over a local Unix socket: no TLS there, nothing was probed. */
  | 'local-socket'
  /** caching_sha2_password / sha256_password without TLS, and a client that will not fetch the server's RSA key. */
  | 'auth-needs-tls'
  /** Added: a password was known, but this client would not send it to this server (credentials rule): no login, the account is not checked. */
  | 'account-not-checked'
  /** Added: the client uses TLS only if the server offers it (PREFERRED or a driver default). */
  | 'tls-optional'
  /** Added: a TLS setting this client does not read (another driver's or database's option), so it has no effect. */
  | 'setting-ignored'
  /** Added: a TLS setting this client has deprecated or will drop, with its replacement. */
  | 'setting-deprecated'
  /** Added: a value the reader cannot read (an unknown ssl-mode, a bad port, a placeholder). */
  | 'unreadable-value';

export type Severity = 'error' | 'warning' | 'info';

/** The seven causes of docs/CONTRACT.md. */
export type Cause = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Severity and cause per code, as docs/CONTRACT.md fixes them. */
export const FINDING_CODES: Readonly<Record<FindingCode, { severity: Severity; cause?: Cause }>> = {
  'tls-ok': { severity: 'info' },
  'cert-expired': { severity: 'error', cause: 1 },
  'cert-not-yet-valid': { severity: 'error', cause: 1 },
  'client-cert-expired': { severity: 'error', cause: 1 },
  'cert-expiring-soon': { severity: 'warning', cause: 1 },
  'ca-untrusted': { severity: 'error', cause: 2 },
  'intermediate-missing': { severity: 'error', cause: 2 },
  'ca-not-configured': { severity: 'error', cause: 2 },
  'hostname-mismatch': { severity: 'error', cause: 3 },
  'tls-version-mismatch': { severity: 'error', cause: 4 },
  'cipher-mismatch': { severity: 'error', cause: 5 },
  'server-tls-disabled': { severity: 'error', cause: 6 },
  'file-missing': { severity: 'error', cause: 7 },
  'file-unreadable': { severity: 'error', cause: 7 },
  'file-der-encoded': { severity: 'error', cause: 7 },
  'file-truncated': { severity: 'error', cause: 7 },
  'file-wrong-kind': { severity: 'error', cause: 7 },
  'key-encrypted': { severity: 'error', cause: 7 },
  'key-cert-mismatch': { severity: 'error', cause: 7 },
  'account-requires-tls': { severity: 'error' },
  'plaintext-fallback': { severity: 'warning', cause: 6 },
  'verification-disabled': { severity: 'warning' },
  'legacy-tls-enabled': { severity: 'warning' },
  'cloud-ca-bundle': { severity: 'info', cause: 2 },
  unreachable: { severity: 'error' },
  'not-mysql': { severity: 'error' },
  'server-refused': { severity: 'error' },
  'tls-handshake-failed': { severity: 'error' },
  'login-refused': { severity: 'error' },
  'tls-not-used': { severity: 'warning' },
  'local-socket': { severity: 'info' },
  'auth-needs-tls': { severity: 'error' },
  'account-not-checked': { severity: 'info' },
  'tls-optional': { severity: 'warning' },
  'setting-ignored': { severity: 'warning' },
  'setting-deprecated': { severity: 'info' },
  'unreadable-value': { severity: 'error' },
};

export interface Finding {
  code: FindingCode;
  severity: Severity;
  cause?: Cause;
  /** One line, e.g. "Server certificate expired 2021-01-01". */
  title: string;
  /** What it means for this client, what was checked, what to do. Plain text, may span lines. */
  detail: string;
  /** The observed facts behind the finding (dates, names, versions...). JSON-safe, no secrets. */
  evidence: Record<string, unknown>;
  fixes: Fix[];
  /** The parameter whose span a diagnostic should underline; absent: the whole connection. */
  param?: ParamKey;
  /** Where in the connection's file the finding points when it is no parameter the reader keeps
   *  (a setting the driver ignores, say); wins over `param`. */
  span?: Span;
}

/** Builds a finding with the severity and cause docs/CONTRACT.md fixes for its code. */
export function finding(
  code: FindingCode,
  title: string,
  detail: string,
  evidence: Record<string, unknown> = {},
  fixes: Fix[] = [],
  param?: ParamKey,
): Finding {
  const { severity, cause } = FINDING_CODES[code];
  const f: Finding = { code, severity, title, detail, evidence, fixes: fixes.map(markDowngrade) };
  if (cause !== undefined) f.cause = cause;
  if (param !== undefined) f.param = param;
  return f;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
}
