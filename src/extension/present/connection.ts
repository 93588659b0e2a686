import { DEFAULT_PORT, type Connection } from '../../engine/model/connection';
import { MASK } from '../../engine/model/secret';
import { driverReason } from '../../engine/drivers/reason';

/** `mysql2 3.9.7 (the project's package.json names it)`. */
function driverFact(conn: Connection): string {
  return `${conn.driver}${conn.driverVersion ? ` ${conn.driverVersion}` : ''} (${driverReason(conn)})`;
}

/** `name: value` lines describing a parsed connection; the password only ever as a mask. */
export function connectionFacts(conn: Connection): Array<[string, string]> {
  const facts: Array<[string, string]> = [['dialect', conn.form ? `${conn.dialect} (${conn.form})` : conn.dialect], ['driver', driverFact(conn)]];
  if (conn.socket) facts.push(['socket', conn.socket]);
  if (conn.host || !conn.socket) facts.push(['host', conn.host ?? 'localhost'], ['port', String(conn.port ?? DEFAULT_PORT)]);
  if (conn.user) facts.push(['user', conn.user]);
  if (conn.password) facts.push(['password', MASK]);
  if (conn.database) facts.push(['database', conn.database]);
  const t = conn.tls;
  facts.push(['ssl-mode', t.mode ?? 'driver default']);
  if (t.verifyServerCert !== undefined) facts.push(['verify server certificate', String(t.verifyServerCert)]);
  if (t.verifyIdentity !== undefined) facts.push(['verify host name', String(t.verifyIdentity)]);
  const files: Array<[string, string | undefined]> = [['ca', t.ca], ['capath', t.capath], ['crl', t.crl], ['cert', t.cert], ['key', t.key], ['trust store', t.trustStore]];
  for (const [name, value] of files) if (value) facts.push([name, value]);
  if (t.tlsVersions?.length) facts.push(['tls versions', t.tlsVersions.join(', ')]);
  if (t.cipher) facts.push(['cipher', t.cipher]);
  if (t.ciphersuites) facts.push(['ciphersuites', t.ciphersuites]);
  if (t.profile) facts.push(['profile', t.profile]);
  return facts;
}
