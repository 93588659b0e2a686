// MariaDB Connector/J from Debian (libmariadb-java) on the JDK's TLS (JSSE).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import { type Scenario, scratchDir } from './run';

const JAR = '/usr/share/java/mariadb-java-client.jar';

/** Prints the exception and its causes as a log does ("Caused by: ..."), without stack frames. */
const MAIN_JAVA = `
import java.sql.DriverManager;

public class Record {
  public static void main(String[] args) {
    try (var c = DriverManager.getConnection(args[0])) {
      System.out.println("connected");
    } catch (Throwable t) {
      System.out.println(t);
      for (Throwable c = t.getCause(); c != null; c = c.getCause()) System.out.println("Caused by: " + c);
    }
  }
}
`;

let classes: string | undefined;

function compiled(): string {
  if (classes) return classes;
  const dir = scratchDir('java');
  writeFileSync(join(dir, 'Record.java'), MAIN_JAVA);
  const r = spawnSync('javac', ['-cp', JAR, '-d', dir, join(dir, 'Record.java')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`javac failed: ${r.stderr}`);
  classes = dir;
  return dir;
}

type Params = (l: LabManifest) => Record<string, string>;

function s(situation: string, lab: LabServerName, expect: FindingCode[], params: Params, opts: { user?: keyof LabManifest['users']; host?: string } = {}): Scenario {
  return {
    client: 'connector-j', situation, lab, expect,
    command: (l) => {
      // Connector/J 2.7 does not percent-decode option values: paths go in as written.
      const q = Object.entries({ user: l.users[opts.user ?? 'plain'], password: l.password, connectTimeout: '5000', ...params(l) }).map(([k, v]) => `${k}=${v}`).join('&');
      return { file: 'java', args: ['-cp', `${compiled()}:${JAR}`, 'Record', `jdbc:mariadb://${opts.host ?? '127.0.0.1'}:${l.servers[lab].port}/?${q}`] };
    },
  };
}

const trust = (file: string): Record<string, string> => ({ useSsl: 'true', serverSslCert: file });

export function javaScenarios(): Scenario[] {
  return [
    s('expired server certificate', 'expired', ['cert-expired'], (l) => trust(l.files.ca)),
    s('server certificate not yet valid', 'not-yet-valid', ['cert-not-yet-valid'], (l) => trust(l.files.ca)),
    s('server certificate issued by another CA', 'other-ca', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => trust(l.files.ca)),
    s('no intermediate sent, serverSslCert holds only the root', 'no-intermediate', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => trust(l.files['root-only'])),
    s('useSsl=true without serverSslCert on a private CA', 'healthy', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], () => ({ useSsl: 'true' })),
    s('host name not in the certificate', 'wrong-san', ['hostname-mismatch'], (l) => trust(l.files.ca), { host: 'localhost' }),
    s('by name to a certificate with only an IP SAN', 'ip-only-san', ['hostname-mismatch'], (l) => trust(l.files.ca), { host: 'localhost' }),
    s('enabledSslProtocolSuites=TLSv1.2 against a TLS 1.3-only server', 'tls13-only', ['tls-version-mismatch'], (l) => ({ ...trust(l.files.ca), enabledSslProtocolSuites: 'TLSv1.2' })),
    s('enabledSslProtocolSuites=TLSv1.3 against a TLS 1.2-only server', 'tls12-only', ['tls-version-mismatch'], (l) => ({ ...trust(l.files.ca), enabledSslProtocolSuites: 'TLSv1.3' })),
    s('default protocols against a TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], (l) => trust(l.files.ca)),
    s('enabledSslCipherSuites the server does not accept', 'one-cipher', ['cipher-mismatch', 'tls-version-mismatch'], (l) => ({ ...trust(l.files.ca), enabledSslProtocolSuites: 'TLSv1.2', enabledSslCipherSuites: 'TLS_RSA_WITH_AES_256_CBC_SHA256' })),
    s('useSsl=true against a server with TLS disabled', 'tls-disabled', ['server-tls-disabled'], (l) => trust(l.files.ca)),
    s('no TLS against require_secure_transport=ON', 'secure-transport', ['account-requires-tls'], () => ({})),
    s('serverSslCert does not exist', 'healthy', ['file-missing'], (l) => trust(l.files.missing)),
    s('serverSslCert is a private key', 'healthy', ['file-wrong-kind'], (l) => trust(l.files['key-as-ca'])),
  ];
}
