// go-sql-driver/mysql from Debian (GOPATH mode, no module download) with Go's crypto/tls.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import { type Scenario, scratchDir } from './run';

/** A tiny client: DSN from argv[1]; a custom tls config "custom" from the flags after it. */
const MAIN_GO = `package main

import (
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"fmt"
	"os"

	"github.com/go-sql-driver/mysql"
)

func main() {
	dsn := os.Args[1]
	cfg := &tls.Config{}
	for i := 2; i+1 < len(os.Args); i += 2 {
		switch os.Args[i] {
		case "ca":
			pem, err := os.ReadFile(os.Args[i+1])
			if err != nil {
				fmt.Println(err)
				return
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				fmt.Println("Failed to append PEM.")
				return
			}
			cfg.RootCAs = pool
		case "name":
			cfg.ServerName = os.Args[i+1]
		case "max":
			cfg.MaxVersion = map[string]uint16{"1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13}[os.Args[i+1]]
		case "min":
			cfg.MinVersion = map[string]uint16{"1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13}[os.Args[i+1]]
		case "cipher":
			cfg.CipherSuites = []uint16{tls.TLS_RSA_WITH_AES_256_CBC_SHA}
		}
	}
	mysql.RegisterTLSConfig("custom", cfg)
	db, err := sql.Open("mysql", dsn)
	if err == nil {
		err = db.Ping()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("connected")
}
`;

let built: string | undefined;

/** Builds the client once per run, in GOPATH mode against Debian's packaged driver. */
function binary(): string {
  if (built) return built;
  const gopath = scratchDir('go');
  const dir = join(gopath, 'src', 'recordclient');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.go'), MAIN_GO);
  const out = join(gopath, 'recordclient');
  const env = { ...process.env, GOPATH: `${gopath}:/usr/share/gocode`, GO111MODULE: 'off', GOFLAGS: '-mod=mod', GOCACHE: join(gopath, 'cache') };
  const r = spawnSync('go', ['build', '-o', out, 'recordclient'], { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`);
  built = out;
  return out;
}

type Tls = (l: LabManifest) => string[];

function s(situation: string, lab: LabServerName, expect: FindingCode[], tlsParam: string, flags: Tls, opts: { user?: keyof LabManifest['users']; host?: string } = {}): Scenario {
  return {
    client: 'go', situation, lab, expect,
    command: (l) => ({
      file: binary(),
      args: [`${l.users[opts.user ?? 'plain']}:${l.password}@tcp(${opts.host ?? '127.0.0.1'}:${l.servers[lab].port})/?tls=${tlsParam}&timeout=5s`, ...flags(l)],
    }),
  };
}

const ca = (file: string, name = 'localhost'): string[] => ['ca', file, 'name', name];

export function goScenarios(): Scenario[] {
  return [
    s('expired server certificate', 'expired', ['cert-expired'], 'custom', (l) => ca(l.files.ca)),
    s('server certificate not yet valid', 'not-yet-valid', ['cert-not-yet-valid'], 'custom', (l) => ca(l.files.ca)),
    s('server certificate issued by another CA', 'other-ca', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], 'custom', (l) => ca(l.files.ca)),
    s('no intermediate sent, RootCAs hold only the root', 'no-intermediate', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], 'custom', (l) => ca(l.files['root-only'])),
    s('tls=true on a private CA (system roots)', 'healthy', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], 'true', () => []),
    s('ServerName not in the certificate', 'wrong-san', ['hostname-mismatch'], 'custom', (l) => ca(l.files.ca)),
    s('ServerName is a name, certificate has only an IP SAN', 'ip-only-san', ['hostname-mismatch'], 'custom', (l) => ca(l.files.ca)),
    s('MaxVersion TLS 1.2 against a TLS 1.3-only server', 'tls13-only', ['tls-version-mismatch'], 'custom', (l) => [...ca(l.files.ca), 'max', '1.2']),
    s('MinVersion TLS 1.3 against a TLS 1.2-only server', 'tls12-only', ['tls-version-mismatch'], 'custom', (l) => [...ca(l.files.ca), 'min', '1.3']),
    s('default versions against a TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], 'custom', (l) => ca(l.files.ca)),
    s('cipher suites the server does not accept', 'one-cipher', ['cipher-mismatch', 'tls-version-mismatch'], 'custom', (l) => [...ca(l.files.ca), 'cipher', 'x']),
    s('tls=true against a server with TLS disabled', 'tls-disabled', ['server-tls-disabled'], 'true', () => []),
    s('no TLS against require_secure_transport=ON', 'secure-transport', ['account-requires-tls'], 'false', () => []),
    s('CA file is DER', 'healthy', ['file-der-encoded', 'file-wrong-kind', 'file-truncated'], 'custom', (l) => ca(l.files['ca-der'])),
    s('CA file does not exist', 'healthy', ['file-missing'], 'custom', (l) => ca(l.files.missing)),
  ];
}
