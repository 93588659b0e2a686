// Edits go-sql-driver/mysql DSNs: only tls= and the address can be written in the string.
import type { Connection, SslMode } from '../../model/connection';
import { locateGo } from '../goDsn';
import { parseQuery } from '../urlParts';
import { fail, QueryEdits, type EditResult, type ParamChange } from './common';
import { hostEdit } from './uriWriter';

const GO_TLS: Record<SslMode, string | undefined> = {
  DISABLED: 'false',
  PREFERRED: 'preferred',
  REQUIRED: 'skip-verify',
  VERIFY_CA: undefined,
  VERIFY_IDENTITY: 'true',
};

const REGISTER = 'register a tls.Config with mysql.RegisterTLSConfig("custom", cfg) in the Go code and write tls=custom';

export function goEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const parts = locateGo(text, conn.span.start, conn.span.end);
  if (!parts) return fail('the Go DSN could not be read again: read the file again');
  const query = parts.query ? parseQuery(text, parts.query.start, parts.query.end) : [];
  const q = new QueryEdits(text, query, conn.span.end, parts.query !== undefined);
  switch (change.param) {
    case 'mode': {
      const word = GO_TLS[change.value];
      if (!word) return fail(`go-sql-driver/mysql has no VERIFY_CA spelling: tls=true also checks the host name; to check only the CA, ${REGISTER} (with RootCAs and a VerifyPeerCertificate that skips the name)`);
      const custom = conn.tls.profile;
      if (custom !== undefined) {
        return fail(`tls=${custom} names a tls.Config registered in the Go code (its CA and checks live there): change that config, or write tls=${word} to use the system's CAs instead`);
      }
      q.set(['tls'], 'tls', word);
      return q.result();
    }
    case 'ca':
    case 'cert':
    case 'key':
      return fail(`a Go DSN cannot name certificate files: load ${change.value} into a tls.Config (${change.param === 'ca' ? 'RootCAs' : 'Certificates'}), ${REGISTER}`);
    case 'tlsVersions':
      return fail(`a Go DSN cannot name TLS versions: set MinVersion/MaxVersion in a tls.Config, ${REGISTER}`);
    case 'host':
      if (conn.socket !== undefined) return fail('this DSN connects over a unix socket: write tcp(host:port) to use a host');
      return hostEdit(conn, parts.addr.start, change.value);
  }
}
