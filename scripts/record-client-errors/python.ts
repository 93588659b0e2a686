// Debian's PyMySQL and mysqlclient (MySQLdb on MariaDB Connector/C), run by the system python3.
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import type { Scenario } from './run';

/** The exception as an app's log line shows it: type and arguments, no traceback paths. */
const PYMYSQL = `
import json, sys, pymysql
cfg = json.loads(sys.argv[1])
try:
    pymysql.connect(host=cfg['host'], port=cfg['port'], user=cfg['user'], password=cfg['password'], ssl=cfg.get('ssl'), connect_timeout=5)
    print('connected')
except Exception as e:
    print(f'{type(e).__module__}.{type(e).__name__}: {e}')
`;

const MYSQLDB = `
import json, sys, MySQLdb
cfg = json.loads(sys.argv[1])
kw = dict(host=cfg['host'], port=cfg['port'], user=cfg['user'], password=cfg['password'], connect_timeout=5)
if cfg.get('ssl') is not None: kw['ssl'] = cfg['ssl']
if cfg.get('ssl_mode'): kw['ssl_mode'] = cfg['ssl_mode']
try:
    MySQLdb.connect(**kw)
    print('connected')
except Exception as e:
    print(f'{type(e).__module__}.{type(e).__name__}: {e}')
`;

type Lib = 'pymysql' | 'mysqlclient';
type Ssl = (l: LabManifest, lib: Lib) => Record<string, unknown> | undefined;

function s(lib: Lib, situation: string, lab: LabServerName, expect: FindingCode[], ssl: Ssl, opts: { user?: keyof LabManifest['users']; host?: string } = {}): Scenario {
  return {
    client: lib, situation, lab, expect,
    command: (l) => ({
      file: '/usr/bin/python3',
      args: ['-c', lib === 'pymysql' ? PYMYSQL : MYSQLDB, JSON.stringify({ host: opts.host ?? '127.0.0.1', port: l.servers[lab].port, user: l.users[opts.user ?? 'plain'], password: l.password, ssl: ssl(l, lib) })],
    }),
  };
}

// Neither fails against the TLS-disabled server: both fall back to plaintext silently.

/** PyMySQL verifies with `ca` (+ check_hostname); MySQLdb takes `ca` and checks only with ssl_mode. */
const verifyWith = (ca: string) => (_l: LabManifest, lib: Lib) => (lib === 'pymysql' ? { ca, check_hostname: true } : { ca });

export function pythonScenarios(lib: Lib): Scenario[] {
  const list = [
    s(lib, 'expired server certificate', 'expired', ['cert-expired'], (l) => verifyWith(l.files.ca)(l, lib)),
    s(lib, 'server certificate not yet valid', 'not-yet-valid', ['cert-not-yet-valid'], (l) => verifyWith(l.files.ca)(l, lib)),
    s(lib, 'server certificate issued by another CA', 'other-ca', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => verifyWith(l.files.ca)(l, lib)),
    s(lib, 'no intermediate sent, ca holds only the root', 'no-intermediate', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => verifyWith(l.files['root-only'])(l, lib)),
    s(lib, 'host name not in the certificate', 'wrong-san', ['hostname-mismatch'], (l) => verifyWith(l.files.ca)(l, lib), { host: 'localhost' }),
    s(lib, 'TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], (l) => verifyWith(l.files.ca)(l, lib)),
    s(lib, 'cipher the server does not accept', 'one-cipher', ['cipher-mismatch', 'tls-version-mismatch'], (l) => ({ ca: l.files.ca, cipher: 'AES256-SHA' })),
    s(lib, 'no ssl against require_secure_transport=ON', 'secure-transport', ['account-requires-tls'], () => undefined),
    s(lib, 'ca path does not exist', 'healthy', ['file-missing'], (l) => ({ ca: l.files.missing })),
    s(lib, 'ca file is DER', 'healthy', ['file-der-encoded', 'file-wrong-kind', 'file-truncated'], (l) => ({ ca: l.files['ca-der'] })),
    s(lib, 'key does not belong to the certificate', 'healthy', ['key-cert-mismatch'], (l) => ({ ca: l.files.ca, cert: l.files['client-cert'], key: l.files['client-key-mismatched'] })),
  ];
  // MySQLdb 1.4 has no ssl_mode and no host name check; 'localhost' would also mean the socket.
  return lib === 'mysqlclient' ? list.filter((x) => x.lab !== 'wrong-san') : list;
}
