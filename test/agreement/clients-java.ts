// The agreement suite's Java client: MariaDB Connector/J 2.7 (Debian's libmariadb-java, JDK 17).
// Its users write a JDBC URL, most often as Spring Boot's spring.datasource.url in
// application.properties, with the 2.x options as its DefaultOptions spells them: useSsl (alias
// useSSL), trustServerCertificate, serverSslCert, disableSslHostnameVerification,
// enabledSslProtocolSuites, enabledSslCipherSuites (Java's IANA names). Version 2.7 is what the
// project's pom.xml would say; diagnose is told it as a user's project tells it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabManifest } from '../lab/manifest';
import { OTHER_CIPHER, type Case, type Setting } from './cases';
import { file, needFile, portOf, userOf, type ClientDef } from './clients';
import { tcpFocus } from './clients-node';
import type { RunnerCommand } from './run';

export const MARIADB_JAVA_JAR = '/usr/share/java/mariadb-java-client.jar';
const SOURCE = join(__dirname, 'runners', 'JdbcRunner.java');

/** Java's (IANA) name of the one cipher the cipher cases pin (OpenSSL: ECDHE-RSA-AES256-GCM-SHA384). */
const JAVA_CIPHER: Record<string, string> = { [OTHER_CIPHER]: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' };

/**
 * 3.x's spelling written for 2.7 (its users follow the current documentation): 2.7 ignores
 * sslMode, so this connects in plaintext. Met by the servers where that makes a difference.
 */
const SSLMODE_3X: Setting = { id: 'sslmode-3x-spelling', mode: 'verify-full', ca: 'ca', user: 'plain' };
const SSLMODE_3X_SERVERS = ['healthy', 'wrong-san', 'other-ca', 'tls-disabled', 'secure-transport'] as const;

function sslMode3xCases(): Case[] {
  return SSLMODE_3X_SERVERS.map((server) => ({ id: `mariadb-java/${SSLMODE_3X.id}/${server}/127.0.0.1`, client: 'mariadb-java', setting: SSLMODE_3X, server, host: '127.0.0.1' }));
}

/** The URL's TLS options for a setting, in Connector/J 2.7's spelling. */
function tlsOptions(s: Setting, lab: LabManifest): string[] {
  if (s.id === SSLMODE_3X.id) return ['sslMode=verify-full', `serverSslCert=${file(lab, s.ca)}`];
  if (s.mode === 'default') return [];
  if (s.mode === 'off') return ['useSsl=false'];
  const o = ['useSsl=true'];
  if (s.mode === 'no-verify') o.push('trustServerCertificate=true');
  if (s.ca) o.push(`serverSslCert=${file(lab, s.ca)}`);
  if (s.mode === 'verify-ca') o.push('disableSslHostnameVerification=true');
  if (s.version) o.push(`enabledSslProtocolSuites=${s.version}`);
  if (s.cipher) o.push(`enabledSslCipherSuites=${JAVA_CIPHER[s.cipher] ?? s.cipher}`);
  return o;
}

function jdbcUrl(c: Case, lab: LabManifest): string {
  const o = tlsOptions(c.setting, lab);
  return `jdbc:mariadb://${c.host}:${portOf(c, lab)}/labdb${o.length ? `?${o.join('&')}` : ''}`;
}

/** The runner's URL: the user's, with short timeouts (they change nothing about TLS). */
function withTimeouts(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}connectTimeout=5000&socketTimeout=10000`;
}

function applicationProperties(c: Case, lab: LabManifest): string {
  return [
    `spring.datasource.url=${jdbcUrl(c, lab)}`,
    `spring.datasource.username=${userOf(c, lab)}`,
    `spring.datasource.password=${lab.password}`,
    'spring.datasource.driver-class-name=org.mariadb.jdbc.Driver',
    '',
  ].join('\n');
}

/** The runner's classes, compiled once per version of its source into the system's temp folder. */
function compiledRunner(): string {
  const source = readFileSync(SOURCE);
  const dir = join(tmpdir(), `tls-doctor-jdbc-runner-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
  if (existsSync(join(dir, 'JdbcRunner.class'))) return dir;
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('javac', ['-d', dir, '-cp', MARIADB_JAVA_JAR, SOURCE], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`javac failed: ${(r.stderr || r.error?.message || '').slice(0, 500)}`);
  return dir;
}

function javaRunner(): RunnerCommand {
  const classes = compiledRunner();
  // A client JVM starts in a second or two; the shared class archive and C1 only keep that short.
  return { cmd: 'java', args: ['-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', `${classes}:${MARIADB_JAVA_JAR}`, 'JdbcRunner'] };
}

function missingJava(): string | undefined {
  const jar = needFile(MARIADB_JAVA_JAR, 'MariaDB Connector/J');
  if (jar) return jar;
  const javac = spawnSync('javac', ['-version'], { encoding: 'utf8' });
  return javac.status === 0 ? undefined : 'javac (a JDK) is not installed; run scripts/install-real-clients.sh';
}

const mariadbJava: ClientDef = {
  id: 'mariadb-java',
  name: 'MariaDB Connector/J 2.7 (JDBC)',
  library: { driverVersion: '2.7.6' },
  writtenAs: '`spring.datasource.url=jdbc:mariadb://…` in application.properties, with `--driver-version 2.7.6` (what a pom.xml would say)',
  writtenNote: '2.7 takes a client certificate only from a Java key store (keyStore=), so the PEM client-certificate cases are left out; 5 cases write 3.x\'s sslMode, which 2.7 ignores (no TLS); `localhost` is met where the names matter',
  socketForLocalhost: false,
  missing: missingJava,
  // 2.7 takes a client certificate only from a Java key store (keyStore=), not PEM files.
  spells: (s) => !s.cert && !s.key,
  keep: tcpFocus,
  extraCases: sslMode3xCases,
  written: (c, lab) => ({ fileName: 'application.properties', text: applicationProperties(c, lab) }),
  item: (c, lab) => ({ url: withTimeouts(jdbcUrl(c, lab)), user: userOf(c, lab), password: lab.password }),
  runner: javaRunner,
};

export const JAVA_CLIENTS: readonly ClientDef[] = [mariadbJava];
