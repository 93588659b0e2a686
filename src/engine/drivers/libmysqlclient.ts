import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, result, versionsOf, withExplicitVerify } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * The mysql/mariadb command-line clients and everything built on libmysqlclient or
 * libmariadb (mysqlclient/MySQLdb too). MySQL's client defaults to ssl-mode=PREFERRED.
 */
export function libmysqlclientTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes = defaultNotes(conn);
  const b = withVerifyServerCertOption(conn, withExplicitVerify(MODE_BEHAVIOUR[tls.mode ?? 'PREFERRED'], tls, notes), notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, 'MySQL 8.0.28+ clients (and MariaDB clients) built with OpenSSL 3 offer', notes),
    caSource: caSource(conn, b.verifyChain, notes),
    notes,
    secureSetting: secureSetting(conn),
  });
}

function defaultNotes(conn: Connection): string[] {
  const notes: string[] = [];
  if (conn.driver === 'unknown') {
    notes.push("The client library is not known: assumed the mysql command-line client's behaviour.");
  }
  if (conn.tls.mode !== undefined) return notes;
  notes.push(
    'No ssl-mode: the mysql client and libmysqlclient default to PREFERRED (TLS if the server offers it, ' +
      'otherwise plaintext; the certificate is not checked).',
  );
  notes.push(
    "MariaDB's client (mariadb, libmariadb) has no ssl-mode: before 11.4 it does not verify unless " +
      '--ssl-verify-server-cert is given; from 11.4 it verifies the server certificate by default.',
  );
  return notes;
}

/** MariaDB's (and old MySQL's) --ssl-verify-server-cert turns TLS on and checks the host name too. */
function withVerifyServerCertOption(conn: Connection, b: TlsBehaviour, notes: string[]): TlsBehaviour {
  const written = conn.params.verifyServerCert?.key.toLowerCase().replace(/[-_]/g, '');
  if (conn.tls.verifyServerCert !== true || written !== 'sslverifyservercert' || conn.tls.verifyIdentity === false) return b;
  if (b.useTls === 'never') return b;
  notes.push('ssl-verify-server-cert checks the host name as well as the chain.');
  return { useTls: 'required', verifyChain: true, verifyHostname: true };
}

function caSource(conn: Connection, verifyChain: boolean, notes: string[]): EffectiveTls['caSource'] {
  if (conn.tls.ca !== undefined || conn.tls.capath !== undefined) return 'file';
  if (!verifyChain) return 'none';
  notes.push(
    "Verification without ssl-ca/ssl-capath: MySQL's client stops with \"CA certificate is required if ssl-mode " +
      "is VERIFY_CA or VERIFY_IDENTITY\"; MariaDB's client falls back to OpenSSL's default CA paths.",
  );
  return 'none';
}

function secureSetting(conn: Connection): string {
  const ca = caPathFor(conn.tls);
  if (conn.driver === 'mysqlclient') {
    return `MySQLdb.connect(..., ssl_mode="VERIFY_IDENTITY", ssl={"ca": "${ca}"})`;
  }
  return (
    `ssl-mode=VERIFY_IDENTITY and ssl-ca=${ca} (command line: --ssl-mode=VERIFY_IDENTITY --ssl-ca=${ca}; ` +
    `MariaDB's client: --ssl-verify-server-cert --ssl-ca=${ca})`
  );
}

