// A Go DSN with tls=<name> whose tls.Config the same file registers (mysql.RegisterTLSConfig), read
// from the syntax tree as go-sql-driver/mysql's documentation writes it: the CA pool, the client
// pair, InsecureSkipVerify, versions and cipher suites decide the verdict, as they decide what Go
// does (found by the real-client agreement suite: without them a wrong CA was a false all-clear).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readText } from '../../src/engine/dialects';
import { loadGrammarFor } from '../../src/engine/dialects/code';
import { effectiveTls } from '../../src/engine/drivers/effective';

before(async () => {
  assert.ok(await loadGrammarFor('main.go'), 'the Go grammar loads');
});

const program = (config: string, setup = '', dsn = 'app:pw@tcp(db.example.com:3306)/shop?tls=custom') => `package main

import (
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"log"
	"os"

	"github.com/go-sql-driver/mysql"
)

func main() {
	pool := x509.NewCertPool()
	pem, err := os.ReadFile("/etc/mysql/ca.pem")
	if err != nil {
		log.Fatal(err)
	}
	if ok := pool.AppendCertsFromPEM(pem); !ok {
		log.Fatal("failed to append PEM")
	}
${setup}	mysql.RegisterTLSConfig("custom", ${config})
	db, err := sql.Open("mysql", "${dsn}")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
}
`;

const read = (text: string) => {
  const cs = readText('main.go', text).connections;
  assert.equal(cs.length, 1, 'one connection: the DSN');
  return cs[0];
};

test('Go tls=custom with RootCAs from a CA file: the chain and the host name are checked against that file', () => {
  const c = read(program('&tls.Config{RootCAs: pool}'));
  assert.equal(c.tls.ca, '/etc/mysql/ca.pem');
  assert.equal(c.tls.profile, undefined);
  const e = effectiveTls(c);
  assert.deepEqual([e.useTls, e.verifyChain, e.verifyHostname, e.caSource], ['required', true, true, 'file']);
  assert.ok(e.notes.some((n) => n.includes('registered as "custom"')));
});

test('Go tls=custom with a client pair, pinned versions and a cipher suite, without verification', () => {
  const setup = '\tpair, err := tls.LoadX509KeyPair("/etc/mysql/client.pem", "/etc/mysql/client-key.pem")\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n';
  const c = read(program('&tls.Config{Certificates: []tls.Certificate{pair}, InsecureSkipVerify: true, MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}}', setup));
  assert.deepEqual([c.tls.cert, c.tls.key], ['/etc/mysql/client.pem', '/etc/mysql/client-key.pem']);
  assert.deepEqual(c.tls.tlsVersions, ['TLSv1.2']);
  assert.equal(c.tls.cipher, 'ECDHE-RSA-AES256-GCM-SHA384');
  const e = effectiveTls(c);
  assert.deepEqual([e.useTls, e.verifyChain], ['required', false]);
});

test('Go tls=custom whose config is bound to a name first is read the same', () => {
  const c = read(program('cfg', '\tcfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS13}\n'));
  assert.equal(c.tls.ca, '/etc/mysql/ca.pem');
  assert.deepEqual(c.tls.tlsVersions, ['TLSv1.3']);
});

test('Go tls=custom with a check this reader does not follow (VerifyPeerCertificate) stays a configuration it cannot read', () => {
  const c = read(program('&tls.Config{RootCAs: pool, VerifyPeerCertificate: check}'));
  assert.equal(c.tls.profile, 'custom');
  assert.equal(c.tls.ca, undefined);
  assert.equal(effectiveTls(c).caSource, 'profile');
});

test('Go DSN naming another config than the one registered keeps the name out of reach; tls=true is read as before', () => {
  assert.equal(read(program('&tls.Config{RootCAs: pool}', '', 'app:pw@tcp(db:3306)/shop?tls=other')).tls.profile, 'other');
  const c = read(program('&tls.Config{RootCAs: pool}', '', 'app:pw@tcp(db:3306)/shop?tls=true'));
  assert.equal(c.tls.mode, 'VERIFY_IDENTITY');
  assert.equal(c.tls.ca, undefined);
});
