import { connectionLabel, DEFAULT_PORT, hostOf, type Connection } from '../model/connection';
import { finding, type Finding } from '../model/finding';
import { readGreeting, type ProbeFailure } from '../probe';

/**
 * Whether the connection's server greets as a MySQL server, asked before anyone is asked for a
 * password (a password prompt for a host that is down, or a port where something else listens, is
 * a question for nothing). Undefined when it greets; else the title of the finding the diagnosis
 * will give. One connection, closed once the greeting is read.
 */
export async function whyNoGreeting(conn: Connection, o: { timeoutMs: number; signal?: AbortSignal }): Promise<string | undefined> {
  const host = hostOf(conn);
  const port = conn.port ?? DEFAULT_PORT;
  const greeted = await readGreeting({ host, port, servername: host }, { timeoutMs: o.timeoutMs, signal: o.signal });
  if (greeted.greeting && !greeted.failure) return undefined;
  const failure = greeted.failure ?? { kind: 'reset' as const, message: 'no greeting' };
  return reachabilityFinding(failure, connectionLabel({ host, port }), o.timeoutMs).title;
}

/** A connection that never reached a MySQL greeting: the one finding that says why. */
export function reachabilityFinding(failure: ProbeFailure, where: string, timeoutMs: number): Finding {
  switch (failure.kind) {
    case 'not-mysql':
      return finding(
        'not-mysql',
        `${where} answers, but not as a MySQL server`,
        `The port accepted the connection, but its first bytes are not a MySQL greeting (${failure.message}). ` +
          'Check the port: another service (HTTP, SSH, a proxy expecting TLS first) listens there.',
        { firstBytes: failure.firstBytes, message: failure.message },
        [],
        'port',
      );
    case 'server-refused':
      return finding(
        'server-refused',
        `${where} refused the connection: ${failure.message}`,
        `The server sent error ${failure.errno} instead of a greeting, before any TLS. ` + refusalAdvice(failure.errno),
        { errno: failure.errno, sqlState: failure.sqlState, message: failure.message },
        refusalFixes(failure.errno),
      );
    default:
      return finding(
        'unreachable',
        `${where} is unreachable (${unreachableWord(failure.kind)})`,
        unreachableAdvice(failure.kind, timeoutMs) + ` (${failure.message})`,
        { kind: failure.kind, message: failure.message },
        [],
        'host',
      );
  }
}

function unreachableWord(kind: string): string {
  return kind === 'dns' ? 'host name not found' : kind === 'refused' ? 'connection refused' : kind === 'timeout' ? 'timed out' : kind;
}

function unreachableAdvice(kind: string, timeoutMs: number): string {
  if (kind === 'dns') return 'The host name does not resolve. Check its spelling and the DNS or /etc/hosts of this machine.';
  if (kind === 'refused') return 'Nothing listens on that port: the server is down, listens on another port, or bind-address excludes this interface.';
  if (kind === 'timeout') return `No MySQL greeting within ${timeoutMs} ms: a firewall drops the packets, or the server is overloaded.`;
  return 'The connection closed before the server greeted.';
}

function refusalAdvice(errno: number): string {
  if (errno === 1129) return 'This host is blocked after too many connection errors: run `FLUSH HOSTS` (or `mariadb-admin flush-hosts`) on the server.';
  if (errno === 1040) return 'The server has reached max_connections.';
  if (errno === 1130) return 'No account may connect from this host: create one for this client host.';
  return 'This happens before TLS, so it is not a certificate problem.';
}

function refusalFixes(errno: number): Finding['fixes'] {
  if (errno === 1129) return [{ kind: 'server-change', title: 'Unblock this host on the server', commands: ['FLUSH HOSTS;'] }];
  if (errno === 1040) return [{ kind: 'server-change', title: 'Raise max_connections or close idle connections', commands: ['SET GLOBAL max_connections = 500;'] }];
  return [];
}
