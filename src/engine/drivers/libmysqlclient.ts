import type { Connection, SslMode } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, result, versionsOf, withExplicitVerify } from './common';
import { cLibraryOf, type CLibrary } from './clibrary';
import type { EffectiveTls, TlsBehaviour } from './types';

const NEVER: TlsBehaviour = { useTls: 'never', verifyChain: false, verifyHostname: false };

/**
 * The mysql/mariadb command-line clients and everything built on a C client library
 * (mysqlclient/MySQLdb, the Ruby mysql2 gem). Which library decides the defaults:
 * MySQL's libmysqlclient defaults to ssl-mode=PREFERRED (and its programs turn --ssl-ca into
 * VERIFY_CA); MariaDB Connector/C before 3.4 uses TLS only when an ssl option is given, checks
 * the chain only when a CA is given and the host only with ssl-verify-server-cert; from 3.4
 * (MariaDB 11.4 clients) it verifies chain and host by default.
 */
export function libmysqlclientTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const lib = cLibraryOf(conn);
  const notes = libraryNotes(conn, lib);
  const b = lib.library === 'libmariadb' ? mariadbBehaviour(conn, lib, notes) : mysqlBehaviour(conn, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, 'MySQL 8.0.28+ clients (and MariaDB clients) built with OpenSSL 3 offer', notes),
    caSource: caSource(conn, lib, b.verifyChain, notes),
    notes,
    secureSetting: secureSetting(conn, lib),
  });
}

function libraryNotes(conn: Connection, lib: CLibrary): string[] {
  const notes: string[] = [];
  if (conn.driver === 'unknown') {
    notes.push("The client library is not known: assumed the mysql command-line client's behaviour.");
  }
  if (lib.known) notes.push(`Client library: ${lib.label}.`);
  return notes;
}

// ---- MySQL's libmysqlclient ----

function mysqlBehaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  const mode = tls.mode ?? defaultMysqlMode(conn, notes);
  return withVerifyServerCertOption(conn, withExplicitVerify(MODE_BEHAVIOUR[mode], tls, notes), notes);
}

/** MySQL's programs (include/sslopt-case.h) turn --ssl-ca/--ssl-capath without --ssl-mode into VERIFY_CA. */
function defaultMysqlMode(conn: Connection, notes: string[]): SslMode {
  const program = conn.driver === 'mysql-cli' || conn.driver === 'unknown';
  if (program && (conn.tls.ca !== undefined || conn.tls.capath !== undefined)) {
    notes.push(
      "No ssl-mode but ssl-ca: MySQL's command-line programs then use VERIFY_CA (the chain is checked, not the host name); " +
        'programs on MariaDB Connector/C also check the chain, but fall back to plaintext when the server offers no TLS.',
    );
    return 'VERIFY_CA';
  }
  notes.push(
    'No ssl-mode: the mysql client and libmysqlclient default to PREFERRED (TLS if the server offers it, ' +
      'otherwise plaintext; the certificate is not checked).',
  );
  notes.push(
    "MariaDB's client (mariadb, libmariadb) has no ssl-mode: before 11.4 it does not verify unless " +
      '--ssl-verify-server-cert is given; from 11.4 it verifies the server certificate by default.',
  );
  return 'PREFERRED';
}

/** MariaDB's (and old MySQL's) --ssl-verify-server-cert turns TLS on and checks the host name too. */
function withVerifyServerCertOption(conn: Connection, b: TlsBehaviour, notes: string[]): TlsBehaviour {
  if (!writtenVerifyServerCert(conn) || conn.tls.verifyIdentity === false) return b;
  if (b.useTls === 'never') return b;
  notes.push('ssl-verify-server-cert checks the host name as well as the chain.');
  return { useTls: 'required', verifyChain: true, verifyHostname: true };
}

function writtenVerifyServerCert(conn: Connection): boolean {
  const written = conn.params.verifyServerCert?.key.toLowerCase().replace(/[-_]/g, '');
  return conn.tls.verifyServerCert === true && written === 'sslverifyservercert';
}

// ---- MariaDB Connector/C (libmariadb) ----

/**
 * Read from Connector/C's send_client_reply_packet and ma_tls_init: any ssl option sets use_ssl;
 * a server without TLS is then used in plaintext unless the server certificate must be verified;
 * OpenSSL verifies the peer only when a CA file or path is given; the host name only with
 * MYSQL_OPT_SSL_VERIFY_SERVER_CERT (on by default from 3.4).
 */
function mariadbBehaviour(conn: Connection, lib: CLibrary, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === 'DISABLED') return NEVER;
  const mode = modeMariadbReads(conn, notes);
  if (lib.verifiesByDefault) return mariadbVerifyingDefault(conn, notes);
  if (tls.verifyServerCert === true || (mode === 'VERIFY_IDENTITY' && tls.verifyServerCert !== false)) {
    notes.push('ssl-verify-server-cert: TLS is required and the chain and the host name are checked.');
    return { useTls: 'required', verifyChain: true, verifyHostname: tls.verifyIdentity !== false };
  }
  const hasCa = tls.ca !== undefined || tls.capath !== undefined;
  const anySsl = mode !== undefined || hasCa || tls.cert !== undefined || tls.key !== undefined || tls.cipher !== undefined;
  if (!anySsl && programUsesTlsByDefault(conn, lib)) {
    notes.push(
      "No ssl option: MariaDB's command-line programs from 10.10 use --ssl by default (MDEV-27105) without checking " +
        'the certificate: TLS if the server offers it, plaintext otherwise (measured with the mariadb client 10.11).',
    );
    return { useTls: 'if-offered', verifyChain: false, verifyHostname: false };
  }
  if (!anySsl) {
    notes.push('No ssl option: MariaDB Connector/C before 3.4 does not use TLS (its programs before 10.10 neither).');
    return NEVER;
  }
  notes.push(
    'An ssl option without ssl-verify-server-cert: MariaDB Connector/C before 3.4 uses TLS only if the server offers it ' +
      '(plaintext otherwise, silently) and checks no host name' +
      (hasCa ? '; the ssl-ca given makes it check the chain.' : '; without ssl-ca it accepts any certificate.'),
  );
  return { useTls: 'if-offered', verifyChain: hasCa, verifyHostname: false };
}

/**
 * MariaDB's programs (mariadb, mariadb-dump...) turned --ssl on by default in 10.10 (MDEV-27105),
 * the library did not: mysqlclient or the mysql2 gem on Connector/C 3.3 ask for TLS only when told.
 * A Connector/C version alone stands for the programs it ships with (3.3 with 10.10 and later).
 */
function programUsesTlsByDefault(conn: Connection, lib: CLibrary): boolean {
  if (conn.driver !== 'mysql-cli' && conn.driver !== 'unknown') return false;
  const [major, minor = 0] = (lib.version ?? '').split('.').map(Number);
  if (!Number.isFinite(major) || lib.version === undefined) return true;
  return major >= 10 ? major > 10 || minor >= 10 : major > 3 || (major === 3 && minor >= 3);
}

/** The mode as MariaDB reads it: its clients have no ssl-mode (the command line stops on it as unknown). */
function modeMariadbReads(conn: Connection, notes: string[]): SslMode | undefined {
  const key = conn.params.mode?.key.toLowerCase().replace(/[-_]/g, '');
  if (key !== 'sslmode') return conn.tls.mode;
  notes.push(
    `MariaDB's clients have no ssl-mode: "${conn.params.mode?.key}" is not read by Connector/C, and the mariadb ` +
      'command-line client stops on it ("unknown variable") unless written loose-ssl-mode.',
  );
  return undefined;
}

function mariadbVerifyingDefault(conn: Connection, notes: string[]): TlsBehaviour {
  if (conn.tls.verifyServerCert === false) {
    notes.push('--skip-ssl-verify-server-cert (or --disable-ssl-verify-server-cert): TLS if offered, any certificate accepted.');
    return { useTls: 'if-offered', verifyChain: false, verifyHostname: false };
  }
  notes.push(
    'MariaDB Connector/C 3.4+ (MariaDB 11.4+ clients) verifies the server certificate and host name by default; ' +
      'a self-signed certificate of a MariaDB 11.4+ server is still accepted when a password is used and the server ' +
      "proves it (zero-configuration TLS).",
  );
  return { useTls: 'required', verifyChain: true, verifyHostname: conn.tls.verifyIdentity !== false };
}

// ---- both ----

function caSource(conn: Connection, lib: CLibrary, verifyChain: boolean, notes: string[]): EffectiveTls['caSource'] {
  if (conn.tls.ca !== undefined || conn.tls.capath !== undefined) return 'file';
  if (!verifyChain) return 'none';
  if (lib.library === 'libmariadb') {
    notes.push("Verification without ssl-ca/ssl-capath: MariaDB Connector/C checks against OpenSSL's default CA paths.");
    return 'system';
  }
  notes.push(
    "Verification without ssl-ca/ssl-capath: MySQL's client stops with \"CA certificate is required if ssl-mode " +
      "is VERIFY_CA or VERIFY_IDENTITY\"; MariaDB's client falls back to OpenSSL's default CA paths.",
  );
  return 'none';
}

function secureSetting(conn: Connection, lib: CLibrary): string {
  const ca = caPathFor(conn.tls);
  if (conn.driver === 'mysqlclient') {
    return lib.library === 'libmariadb'
      ? `MySQLdb.connect(..., ssl={"ca": "${ca}"}) with MYSQL_OPT_SSL_VERIFY_SERVER_CERT (mysqlclient on MariaDB Connector/C 3.4+ verifies by default)`
      : `MySQLdb.connect(..., ssl_mode="VERIFY_IDENTITY", ssl={"ca": "${ca}"})`;
  }
  if (conn.driver === 'ruby-mysql2') {
    return lib.library === 'libmariadb'
      ? `Mysql2::Client.new(..., sslca: '${ca}', sslverify: true)`
      : `Mysql2::Client.new(..., ssl_mode: :verify_identity, sslca: '${ca}')`;
  }
  if (lib.library === 'libmariadb') return `--ssl-verify-server-cert --ssl-ca=${ca} (option file: ssl-verify-server-cert and ssl-ca=${ca})`;
  return (
    `ssl-mode=VERIFY_IDENTITY and ssl-ca=${ca} (command line: --ssl-mode=VERIFY_IDENTITY --ssl-ca=${ca}; ` +
    `MariaDB's client: --ssl-verify-server-cert --ssl-ca=${ca})`
  );
}
