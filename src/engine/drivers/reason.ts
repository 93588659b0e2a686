import type { Connection } from '../model/connection';
import { driverName } from './effective';

type DriverFacts = Pick<Connection, 'driver' | 'driverSource' | 'driverVersion' | 'clientLibrary'>;

/** Why this driver is assumed, in words, for the CLI, the report, the tree and the hover. */
export function driverReason(c: DriverFacts): string {
  const src = c.driverSource;
  if (src === 'dialect') return 'from how the connection is written';
  if (src === undefined) {
    // Nothing settled it: the readers' fallback is the mysql command-line client.
    return c.driver === 'unknown' || c.driver === 'mysql-cli'
      ? 'nothing says which client opens it: the mysql command-line client is assumed (--driver or tlsDoctor.driver chooses another)'
      : 'from how the connection is written';
  }
  if (src === 'option') return 'chosen explicitly (--driver, or the driver field of the connection)';
  if (src === 'setting') return 'from the setting tlsDoctor.driver';
  return `the project's ${src.slice('project:'.length)} names it`;
}

/** "mysql2 (Node.js) 3.9.7", "mysql client / libmysqlclient (libmariadb)". */
export function driverLabel(c: DriverFacts): string {
  const lib = c.clientLibrary ? ` on ${c.clientLibrary}` : '';
  return `${driverName(c.driver)}${c.driverVersion ? ` ${c.driverVersion}` : ''}${lib}`;
}

/** One line: "mysql2 (Node.js) 3.9.7: the project's package.json names it". */
export function driverLine(c: DriverFacts): string {
  return `${driverLabel(c)}: ${driverReason(c)}`;
}
