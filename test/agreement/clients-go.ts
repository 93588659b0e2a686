// go-sql-driver/mysql (Debian's 1.5 with Go 1.19) in the agreement suite, spelled as its source
// (dsn.go, utils.go) reads it: no tls= means no TLS; tls=false too; tls=skip-verify encrypts
// without checks; tls=preferred does the same when the server offers TLS, else plaintext;
// tls=true checks chain and host name against the system roots; any other name is a tls.Config
// the program registered with mysql.RegisterTLSConfig (its RootCAs, InsecureSkipVerify,
// MinVersion/MaxVersion, CipherSuites, Certificates), the host name checked unless it skips
// verification. Users write a main.go: the DSN in sql.Open and the registered config beside it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabManifest } from '../lab/manifest';
import type { Case, Setting } from './cases';
import { file, needFile, portOf, userOf, type ClientDef } from './clients';
import { ownCases } from './clients-python';
import type { RunnerCommand } from './run';

const SOURCE = join(__dirname, 'runners', 'go-mysql.go');
const GOPATH = '/usr/share/gocode';
const DRIVER = join(GOPATH, 'src', 'github.com', 'go-sql-driver', 'mysql');

/** The tls.Config a case registers, in the runner's terms (file paths, version names, IANA names). */
interface GoConfig {
  name: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  min?: string;
  max?: string;
  ciphers?: string[];
}

/** OpenSSL's name of the pinned cipher, and Go's (IANA) name for it. */
const GO_CIPHER: Record<string, string> = { 'ECDHE-RSA-AES256-GCM-SHA384': 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' };

const PREFERRED: Setting = { id: 'preferred', mode: 'no-verify', user: 'plain' };

/** How the case is spelled: the DSN's tls= value and the config registered for it, if any. */
function spelling(s: Setting, lab: LabManifest): { tls?: string; config?: GoConfig } {
  if (s.id === PREFERRED.id) return { tls: 'preferred' };
  if (s.mode === 'default') return {};
  if (s.mode === 'off') return { tls: 'false' };
  const custom = !!(s.ca || s.cert || s.version || s.cipher);
  if (!custom) return { tls: s.mode === 'no-verify' ? 'skip-verify' : 'true' };
  const config: GoConfig = { name: 'custom' };
  if (s.ca) config.ca = file(lab, s.ca);
  if (s.cert) config.cert = file(lab, s.cert);
  if (s.key) config.key = file(lab, s.key);
  if (s.mode === 'no-verify') config.insecure = true;
  if (s.version) config.min = config.max = s.version;
  if (s.cipher) config.ciphers = [GO_CIPHER[s.cipher] ?? s.cipher];
  return { tls: 'custom', config };
}

function dsn(c: Case, lab: LabManifest, tls: string | undefined): string {
  return `${userOf(c, lab)}:${lab.password}@tcp(${c.host}:${portOf(c, lab)})/labdb${tls ? `?tls=${tls}` : ''}`;
}

const GO_VERSION: Record<string, string> = { 'TLSv1.2': 'tls.VersionTLS12', 'TLSv1.3': 'tls.VersionTLS13' };

/** main.go as the driver's documentation has users write it (RegisterTLSConfig, then sql.Open). */
function mainGo(dsnText: string, config: GoConfig | undefined): string {
  const imports = ['"database/sql"', '"log"', ...(config ? ['"crypto/tls"', '"github.com/go-sql-driver/mysql"'] : ['_ "github.com/go-sql-driver/mysql"'])];
  if (config?.ca) imports.push('"crypto/x509"', '"os"');
  const body: string[] = [];
  if (config) {
    const fields: string[] = [];
    if (config.ca) {
      body.push('\tpool := x509.NewCertPool()', `\tpem, err := os.ReadFile(${JSON.stringify(config.ca)})`, '\tif err != nil {', '\t\tlog.Fatal(err)', '\t}',
        '\tif ok := pool.AppendCertsFromPEM(pem); !ok {', '\t\tlog.Fatal("failed to append PEM")', '\t}');
      fields.push('RootCAs: pool');
    }
    if (config.cert) {
      body.push(`\tpair, err := tls.LoadX509KeyPair(${JSON.stringify(config.cert)}, ${JSON.stringify(config.key ?? '')})`, '\tif err != nil {', '\t\tlog.Fatal(err)', '\t}');
      fields.push('Certificates: []tls.Certificate{pair}');
    }
    if (config.insecure) fields.push('InsecureSkipVerify: true');
    if (config.min) fields.push(`MinVersion: ${GO_VERSION[config.min]}`);
    if (config.max) fields.push(`MaxVersion: ${GO_VERSION[config.max]}`);
    if (config.ciphers) fields.push(`CipherSuites: []uint16{${config.ciphers.map((n) => `tls.${n}`).join(', ')}}`);
    body.push(`\tmysql.RegisterTLSConfig(${JSON.stringify(config.name)}, &tls.Config{${fields.join(', ')}})`);
  }
  body.push(`\tdb, err := sql.Open("mysql", ${JSON.stringify(dsnText)})`, '\tif err != nil {', '\t\tlog.Fatal(err)', '\t}', '\tdefer db.Close()',
    '\tvar one int', '\tif err := db.QueryRow("SELECT 1").Scan(&one); err != nil {', '\t\tlog.Fatal(err)', '\t}');
  return ['package main', '', 'import (', ...imports.map((i) => `\t${i}`), ')', '', 'func main() {', ...body, '}', ''].join('\n');
}

let built: string | undefined;

/** The runner, built once per source version (Go builds offline from Debian's GOPATH tree). */
function goRunner(): RunnerCommand {
  if (!built) {
    const source = readFileSync(SOURCE);
    const dir = join(tmpdir(), `tls-doctor-agreement-go-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
    const bin = join(dir, 'runner');
    if (!existsSync(bin)) {
      mkdirSync(dir, { recursive: true });
      // Its own build cache: a CI job may have no HOME for Go's default one.
      const env = { ...process.env, GOPATH, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(tmpdir(), 'tls-doctor-agreement-go-cache') };
      const r = spawnSync('go', ['build', '-o', bin, SOURCE], { env, encoding: 'utf8', timeout: 240_000 });
      if (r.status !== 0) throw new Error(`go build of the agreement runner failed: ${(r.stderr || r.error?.message || '').slice(0, 500)}`);
    }
    built = bin;
  }
  return { cmd: built, args: [] };
}

function goMissing(): string | undefined {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return 'Go is not installed (golang-go); run scripts/install-real-clients.sh';
  return needFile(DRIVER, 'go-sql-driver/mysql (golang-github-go-sql-driver-mysql-dev)');
}

/** The host name is checked with tls=true and with a registered config that does not skip verification. */
const checksHost = (s: Setting) => s.mode === 'verify-full';

const goMysql: ClientDef = {
  id: 'go',
  name: 'go-sql-driver/mysql (Go)',
  writtenAs: '`main.go`: `sql.Open("mysql", "user:pass@tcp(host:port)/db?tls=...")`, with `mysql.RegisterTLSConfig("custom", &tls.Config{...})` for a CA, a client certificate or pins',
  writtenNote: 'Go has no "verify the chain only" setting (a registered config checks the host name too); "TLS without verification" is tls=skip-verify, version and cipher pins a registered config with InsecureSkipVerify; 6 more cases write tls=preferred; `localhost` is met where the host name is checked',
  socketForLocalhost: false,
  missing: goMissing,
  spells: (s) => s.mode !== 'verify-ca',
  keep: (c) => c.host === '127.0.0.1' || checksHost(c.setting),
  extraCases: () => ownCases('go', [[PREFERRED, ['healthy', 'expired', 'tls-disabled', 'secure-transport', 'legacy-only', 'tls13-only']]]),
  written: (c, lab) => {
    const { tls, config } = spelling(c.setting, lab);
    return { fileName: 'main.go', text: mainGo(dsn(c, lab, tls), config) };
  },
  item: (c, lab) => {
    const { tls, config } = spelling(c.setting, lab);
    return { dsn: dsn(c, lab, tls), ...(config ? { config } : {}) };
  },
  runner: goRunner,
};

export const GO_CLIENTS: readonly ClientDef[] = [goMysql];
