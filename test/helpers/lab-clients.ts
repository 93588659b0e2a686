// The real reference clients, run against lab servers: the `mariadb` command-line client and
// `openssl s_client -starttls mysql`. Both run as child processes without blocking this one.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export interface MariadbOptions {
  user: string;
  password?: string; // passed in MYSQL_PWD, never on the command line
  /** --skip-ssl when false; --ssl when true (then the other ssl options apply) */
  tls: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  verifyServerCert?: boolean;
  tlsVersion?: string;
  cipher?: string;
  timeoutMs?: number;
}

/** `mariadb --no-defaults -h HOST -P PORT ... -N -e SQL`: tab-separated rows in stdout, "ERROR n" in stderr. */
export function mariadbClient(target: { host: string; port: number }, sql: string, o: MariadbOptions): Promise<Ran> {
  const args = ['--no-defaults', `-h${target.host}`, `-P${target.port}`, `-u${o.user}`, '--connect-timeout=10', '-N', '-B'];
  if (!o.tls) args.push('--skip-ssl');
  else {
    args.push('--ssl');
    if (o.ca) args.push(`--ssl-ca=${o.ca}`);
    if (o.cert) args.push(`--ssl-cert=${o.cert}`);
    if (o.key) args.push(`--ssl-key=${o.key}`);
    if (o.verifyServerCert) args.push('--ssl-verify-server-cert');
    if (o.tlsVersion) args.push(`--tls-version=${o.tlsVersion}`);
    if (o.cipher) args.push(`--ssl-cipher=${o.cipher}`);
  }
  args.push('-e', sql);
  const env = { ...process.env, MYSQL_PWD: o.password ?? '' };
  return runTool('mariadb', args, env, o.timeoutMs ?? 20_000);
}

/** The MySQL error number in a client's stderr ("ERROR 2026 (HY000): ..."), or undefined. */
export function mysqlErrorCode(stderr: string): number | undefined {
  const m = /ERROR (\d{4})/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** `openssl s_client -starttls mysql -connect 127.0.0.1:PORT -showcerts ...extra`, stdin closed. */
export function sClient(port: number, extra: string[] = [], timeoutMs = 15_000): Promise<Ran> {
  const args = ['s_client', '-starttls', 'mysql', '-connect', `127.0.0.1:${port}`, '-showcerts', ...extra];
  return runTool('openssl', args, process.env, timeoutMs);
}

/** The certificates a server sends, in order (leaf first), as printed by s_client -showcerts. */
export function chainFrom(sClientOutput: string): X509Certificate[] {
  const pems = sClientOutput.match(/-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g) ?? [];
  return pems.map((pem) => new X509Certificate(pem));
}

/** The protocol s_client negotiated ("TLSv1.3"), or undefined when the handshake failed. */
export function negotiatedProtocol(sClientOutput: string): string | undefined {
  const m = /New, (TLSv[\d.]+|SSLv3), Cipher is (\S+)/.exec(sClientOutput);
  return m && m[2] !== '(NONE)' ? m[1] : undefined;
}

function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', (e) => err.push(Buffer.from(e.message)));
    child.stdin.on('error', () => undefined);
    child.stdin.end();
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
