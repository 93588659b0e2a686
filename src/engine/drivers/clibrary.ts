import type { ClientLibrary, Connection, DriverId } from '../model/connection';

/** The C client library behind a connection, as far as it is known, and whether it verifies by default. */
export interface CLibrary {
  library: ClientLibrary;
  /** MariaDB Connector/C 3.4+ (MariaDB 11.4+ clients) verifies the server certificate by default. */
  verifiesByDefault: boolean;
  /** Whether the library (or its version) was given, or assumed. */
  known: boolean;
  /** "libmysqlclient", "MariaDB Connector/C 3.3", "MariaDB Connector/C 3.4+ (MariaDB 11.4+)"... */
  label: string;
  /** The version as given: a Connector/C one (3.3.8) or a MariaDB release (10.11). */
  version?: string;
}

/** Drivers whose TLS is the C library's: the command-line clients, mysqlclient, the Ruby mysql2 gem. */
export const C_LIBRARY_DRIVERS: ReadonlySet<DriverId> = new Set<DriverId>(['mysql-cli', 'mysqlclient', 'ruby-mysql2', 'unknown']);

/**
 * Reads `--driver-version` as people write it for the C clients: `libmariadb-3.4`, `mariadb-11.4`,
 * `mysql-8.0`, `libmysqlclient 8.0.36`, `3.3.8`. Returns the library named (if any) and the
 * version as written; undefined when nothing readable is there.
 */
export function parseClientVersion(text: string): { library?: ClientLibrary; version?: string } | undefined {
  const m = /^\s*(libmariadb|mariadb(?:-connector-c)?|connector-c|libmysqlclient|mysql)?[-\s@:/]*v?(\d+(?:\.\d+){0,3})?\s*$/i.exec(text);
  if (!m || (!m[1] && !m[2])) return undefined;
  const name = m[1]?.toLowerCase();
  const library: ClientLibrary | undefined =
    name === undefined ? undefined : name.includes('mariadb') || name === 'connector-c' ? 'libmariadb' : 'libmysqlclient';
  return { ...(library ? { library } : {}), ...(m[2] ? { version: m[2] } : {}) };
}

/** The library a C-client connection runs on: given, else assumed libmysqlclient (MySQL's own). */
export function cLibraryOf(conn: Connection): CLibrary {
  const parsed = conn.driverVersion ? parseClientVersion(conn.driverVersion) : undefined;
  const library = conn.clientLibrary ?? parsed?.library;
  if (library === undefined) {
    return { library: 'libmysqlclient', verifiesByDefault: false, known: false, label: 'libmysqlclient (assumed)' };
  }
  if (library === 'libmysqlclient') {
    return { library, verifiesByDefault: false, known: true, label: parsed?.version ? `libmysqlclient ${parsed.version}` : 'libmysqlclient' };
  }
  return mariadbLibrary(parsed?.version);
}

function mariadbLibrary(version: string | undefined): CLibrary {
  if (version === undefined) {
    return { library: 'libmariadb', verifiesByDefault: false, known: false, label: 'MariaDB Connector/C (version not known: assumed before 3.4)' };
  }
  const [major, minor = 0] = version.split('.').map(Number);
  // Connector/C numbers itself 3.x; MariaDB's clients carry the server's numbers (11.4 ships Connector/C 3.4).
  const verifies = major >= 10 ? major > 11 || (major === 11 && minor >= 4) : major > 3 || (major === 3 && minor >= 4);
  const label = major >= 10 ? `MariaDB ${version} client (Connector/C ${verifies ? '3.4+' : 'before 3.4'})` : `MariaDB Connector/C ${version}`;
  return { library: 'libmariadb', verifiesByDefault: verifies, known: true, label, version };
}
