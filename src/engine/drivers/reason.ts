import type { Connection } from '../model/connection';
import { driverName } from './effective';

type DriverFacts = Pick<Connection, 'driver' | 'driverSource' | 'driverVersion' | 'clientLibrary'>;

/** Why this driver is assumed, in words, for the CLI, the report, the tree and the hover. */
export function driverReason(c: DriverFacts): string {
  const src = c.driverSource;
  if (src === undefined || src === 'dialect') {
    return c.driver === 'unknown' ? 'nothing says which client opens it: the mysql command-line client is assumed' : 'from how the connection is written';
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
