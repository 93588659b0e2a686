// A value a reader does not know reads the same in every dialect: the key as written, the value
// (cut and escaped), what is expected; and it underlines exactly the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionsFromSettings, parseConnectionString, readText } from '../../src/engine/dialects';
import type { ParseProblem } from '../../src/engine/model/connection';

const MODES = 'DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY';
const VERSIONS = 'TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3';

/** The one problem of the one connection in `text`, with the text it underlines. */
function problemIn(file: string, text: string): { message: string; underlined: string } {
  const r = readText(file, text);
  const all: ParseProblem[] = [...r.problems, ...r.connections.flatMap((c) => c.problems)];
  assert.equal(all.length, 1, JSON.stringify(all));
  return { message: all[0].message, underlined: text.slice(all[0].span.start, all[0].span.end) };
}

test('a mistyped ssl-mode says the same thing in a URI, JDBC URL, option file and .env', () => {
  const cases: [string, string, string][] = [
    ['app.ts', 'const u = "mysql://h/db?sslmode=VERIFY_FULLY";', 'sslmode'],
    ['App.java', 'String u = "jdbc:mysql://h/db?sslMode=VERIFY_FULLY";', 'sslMode'],
    ['my.cnf', '[client]\nhost=h\nssl_mode = VERIFY_FULLY\n', 'ssl_mode'],
    ['.env', 'MYSQL_HOST=h\nMYSQL_SSL_MODE=VERIFY_FULLY\n', 'MYSQL_SSL_MODE'],
  ];
  for (const [file, text, key] of cases) {
    const p = problemIn(file, text);
    assert.equal(p.message, `${key}: unknown SSL mode "VERIFY_FULLY" (expected ${MODES})`, file);
    assert.equal(p.underlined, 'VERIFY_FULLY', file);
  }
});

test('a TLS version nobody knows is named with the list of real ones, in every reader', () => {
  const cases: [string, string, string][] = [
    ['app.ts', 'const u = "mysql://h/db?tls-version=TLSv1.2,SSLv3";', 'tls-version'],
    ['App.java', 'String u = "jdbc:mysql://h/db?enabledTLSProtocols=TLSv1.2,SSLv3";', 'enabledTLSProtocols'],
    ['my.cnf', '[client]\nhost=h\ntls-version=TLSv1.2,SSLv3\n', 'tls-version'],
    ['.env', 'MYSQL_HOST=h\nMYSQL_TLS_VERSION=TLSv1.2,SSLv3\n', 'MYSQL_TLS_VERSION'],
  ];
  for (const [file, text, key] of cases) {
    const p = problemIn(file, text);
    assert.equal(p.message, `${key}: unknown TLS version "SSLv3" (expected ${VERSIONS})`, file);
    assert.equal(p.underlined, 'TLSv1.2,SSLv3', file);
  }
});

test('the settings entry gets the same wording, named by its place in tlsDoctor.connections', () => {
  const r = connectionsFromSettings([{ name: 'a', host: 'h', sslMode: 'strict', tlsVersions: ['TLSv1.2', 'TLS1.4'] }]);
  assert.deepEqual(r.problems, [
    `tlsDoctor.connections[0].sslMode: unknown SSL mode "strict" (expected ${MODES})`,
    `tlsDoctor.connections[0].tlsVersions: unknown TLS version "TLS1.4" (expected ${VERSIONS})`,
  ]);
});

test('MariaDB Connector/J lists its own sslMode words', () => {
  const p = problemIn('App.java', 'jdbc:mariadb://h/db?sslMode=maybe');
  assert.equal(p.message, 'sslMode: unknown SSL mode "maybe" (expected disable, trust, verify-ca or verify-full)');
});

test('a pasted blob in ssl-mode is cut short and its line breaks do not break the message', () => {
  const blob = 'VERIFY%0AIDENTITY' + 'x'.repeat(500);
  const r = parseConnectionString(`mysql://h/db?ssl-mode=${blob}`);
  const m = r.problems[0].message;
  assert.ok(m.length < 160, m);
  assert.ok(!m.includes('\n'), m);
  assert.match(m, /^ssl-mode: unknown SSL mode "VERIFY\\nIDENTITYx+…" \(expected/);
});

test('words that name Object properties (constructor, toString) are unknown values, not modes', () => {
  const mariadb = parseConnectionString('jdbc:mariadb://h/db?sslMode=constructor');
  assert.equal(mariadb.connection?.tls.mode, undefined);
  assert.match(mariadb.problems[0].message, /unknown SSL mode "constructor"/);
  // Go: an unknown tls= word is a registered config name, so TLS is on with that profile.
  const go = parseConnectionString('u@tcp(h:3306)/db?tls=constructor');
  assert.equal(go.connection?.tls.mode, 'REQUIRED');
  assert.equal(go.connection?.tls.profile, 'constructor');
  const driver = (scheme: string) => parseConnectionString(`${scheme}://u@h/db`).connection?.driver;
  assert.equal(driver('mysql+constructor'), driver('mysql+nosuchdriver'));
  assert.match(problemIn('my.cnf', '[client]\nhost=h\ntls-version=constructor\n').message, /unknown TLS version "constructor"/);
  const c = readText('my.cnf', '[client]\nhost=h\nconstructor=x\n').connections[0];
  assert.deepEqual(Object.keys(c.params), ['host']);
  assert.deepEqual(c.tls, {});
});

test('a port that is not a number reads the same in a .env group and an option file', () => {
  assert.deepEqual(problemIn('.env', 'MYSQL_HOST=h\nMYSQL_PORT=33o6\n'), { message: 'MYSQL_PORT: "33o6" is not a port number (1 to 65535)', underlined: '33o6' });
  assert.deepEqual(problemIn('my.cnf', '[client]\nhost=h\nport = 33o6\n'), { message: 'port: "33o6" is not a port number (1 to 65535)', underlined: '33o6' });
});
