import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, result, versionsOf, withExplicitVerify } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * MySqlConnector (.NET): SslMode=None|Preferred|Required|VerifyCA|VerifyFull, default Preferred.
 * Its ValidateRemoteCertificate returns true for Preferred and Required whatever the chain, so
 * only VerifyCA (chain) and VerifyFull (chain and name) check anything; SslCa or the OS store.
 */
export function mysqlConnectorTls(conn: Connection): EffectiveTls {
  return dotnetTls(conn, 'MySqlConnector');
}

/**
 * MySQL Connector/NET (MySql.Data) 8+: the same SslMode names (None/Disabled, Preferred,
 * Required, VerifyCA, VerifyFull), default Preferred; Preferred and Required check no certificate.
 * Documented, not measured here (.NET is not installed on this machine).
 */
export function connectorNetTls(conn: Connection): EffectiveTls {
  return dotnetTls(conn, 'Connector/NET', connectorNetDefault(conn.driverVersion));
}

/** Connector/NET 8.0.8 to 8.0.12 had no Preferred: Required was the default (release notes of 8.0.13). */
export function connectorNetDefault(version: string | undefined): 'PREFERRED' | 'REQUIRED' {
  const m = version ? /(\d+)\.(\d+)\.(\d+)/.exec(version) : null;
  if (!m) return 'PREFERRED';
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return major === 8 && minor === 0 && patch >= 8 && patch <= 12 ? 'REQUIRED' : 'PREFERRED';
}

function dotnetTls(conn: Connection, name: string, fallback: 'PREFERRED' | 'REQUIRED' = 'PREFERRED'): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = behaviour(conn, name, fallback, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "the operating system's TLS defaults through .NET's SslStream", notes),
    caSource: tls.ca !== undefined ? 'file' : b.verifyChain ? 'system' : 'none',
    notes,
    secureSetting: `SslMode=VerifyFull;SslCa=${caPathFor(tls)}`,
  });
}

function behaviour(conn: Connection, name: string, fallback: 'PREFERRED' | 'REQUIRED', notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === undefined) {
    notes.push(
      fallback === 'PREFERRED'
        ? `No SslMode: ${name} defaults to Preferred (TLS if the server offers it, no certificate check, plaintext fallback).`
        : `No SslMode: ${name} ${conn.driverVersion} defaults to Required (TLS, no certificate check; Preferred came back in 8.0.13).`,
    );
  }
  const b = withExplicitVerify(MODE_BEHAVIOUR[tls.mode ?? fallback], tls, notes);
  if (b.useTls !== 'never' && !b.verifyChain) {
    notes.push(
      `SslMode ${(tls.mode ?? fallback) === 'REQUIRED' ? 'Required' : 'Preferred'}: ${name} accepts any certificate` +
        `${tls.ca !== undefined ? ' (the SslCa given is not used to check it)' : ''}; VerifyCA or VerifyFull checks it.`,
    );
  }
  if (b.verifyChain && tls.ca === undefined) notes.push(`No SslCa: ${name} checks the chain against the operating system's trusted roots.`);
  return b;
}
