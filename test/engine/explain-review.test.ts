// Review findings on `explain`: passwords pasted along with the error never reach its output, an
// unknown_ca alert is the SERVER rejecting the client certificate, and a note on one message is
// not shown for another.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { explainError } from '../../src/engine/explain/index';
import { maskSecrets } from '../../src/engine/explain/secrets';
import { assertNoCanary, mariadbClient } from '../helpers';
import { labOrSkip } from '../lab/manifest';

const PW = 'Canary-7Qx-pw';
const ERR = 'ERROR 2026 (HY000): SSL connection error: certificate verify failed';

/** `explain --json` prints exactly this. */
function json(text: string): string {
  return JSON.stringify(explainError(text), null, 2);
}

describe('a user pastes the command line or config along with the error', () => {
  // On the line of the error: the excerpts in `matches` and `evidence.matched` quote that line.
  const forms: Array<[string, string]> = [
    ['mysql -p with the password attached', `mysql -p${PW} -h db ${ERR}`],
    ['mysql -p with a quoted password', `mysql -u app -p'${PW}' -h db ${ERR}`],
    ['mysql --password=', `mysql --password=${PW} -h db ${ERR}`],
    ['mysql --password and the value as the next word', `mysql --password ${PW} -h db ${ERR}`],
    ['CREATE USER ... IDENTIFIED BY', `CREATE USER 'app'@'%' IDENTIFIED BY '${PW}' REQUIRE SSL; ${ERR}`],
    ['ALTER USER ... IDENTIFIED WITH plugin BY', `ALTER USER app IDENTIFIED WITH mysql_native_password BY '${PW}'; ${ERR}`],
    ['a YAML password: line', `database: host: db password: ${PW} ${ERR}`],
    ['an INI password= line', `[client] host=db password=${PW} ${ERR}`],
    ['an INI pass= line', `pass=${PW} ${ERR}`],
    ['a pwd= line', `pwd=${PW} ${ERR}`],
    ['an ADO connection string with Pwd=...;', `Server=db;Uid=app;Pwd=${PW};SslMode=VerifyCA ${ERR}`],
    ['a numbered password1= key', `password1=${PW} ${ERR}`],
    ['a JSON config', `{"host":"db","password": "${PW}"} ${ERR}`],
    ['a PHP array', `'password' => '${PW}', ${ERR}`],
    ['an env file DB_PASSWORD=', `DB_PASSWORD=${PW} ${ERR}`],
  ];
  for (const [what, text] of forms) {
    test(`${what}: explain --json never shows the password`, () => {
      const out = json(text);
      assert.ok(!out.includes(PW), out);
      assert.ok(!out.includes('Canary'), 'not even a part of it');
      assert.ok(explainError(text).matches.length > 0, 'the error is still recognised');
    });
  }

  test('the mysql -p example of the report: the excerpt shows the mask where the password was', () => {
    const x = explainError(`mysql -p${PW} -h db ${ERR}`);
    assert.match(x.matches[0].excerpt, /mysql -p\*\*\*\* -h db/);
    assert.ok(!JSON.stringify(x.findings.map((f) => f.evidence)).includes(PW));
  });

  test('a password with spaces in quotes is masked whole', () => {
    assert.equal(maskSecrets(`password: 'two words'`), `password: '****'`);
    assert.equal(maskSecrets(`mysql -p"two words" -h db`), `mysql -p"****" -h db`);
  });

  test('a Go DSN whose password holds @, : and quotes is masked whole, as the driver splits it', () => {
    const masked = maskSecrets('[mysql] dsn "app:]"u(!v@x7:_*"x@tcp(127.0.0.1:1)/shop?tls=skip-verify": ERROR 2026');
    assert.equal(masked, '[mysql] dsn "app:****@tcp(127.0.0.1:1)/shop?tls=skip-verify": ERROR 2026');
    assert.equal(maskSecrets('app:p@ss:w@unix(/run/mysqld.sock)/db'), 'app:****@unix(/run/mysqld.sock)/db');
  });

  test('what is not a password stays readable', () => {
    assert.equal(maskSecrets('mysql -p -h db -P 3306'), 'mysql -p -h db -P 3306');
    assert.equal(maskSecrets("Access denied for user 'app'@'h' (using password: YES)"), "Access denied for user 'app'@'h' (using password: YES)");
    assert.equal(maskSecrets('ssl_choose_client_version:unsupported protocol'), 'ssl_choose_client_version:unsupported protocol');
  });

  test('hostile input with many keys is masked in linear time', () => {
    for (const unit of ['password=', '-p', 'identified by ', 'pwd: ', '--password ']) {
      const text = unit.repeat(200_000 / unit.length);
      const t0 = performance.now();
      maskSecrets(text);
      explainError(`${text}\n${ERR}`);
      assert.ok(performance.now() - t0 < 3000, `${unit}: ${performance.now() - t0} ms`);
    }
  });
});

describe('the server rejects the client certificate (tlsv1 alert unknown ca)', () => {
  const texts = [
    'ERROR 2026 (HY000): SSL connection error: error:0A000418:SSL routines::tlsv1 alert unknown ca',
    'ERROR 2026 (HY000): SSL connection error: tlsv1 alert unknown ca',
    'javax.net.ssl.SSLHandshakeException: Received fatal alert: unknown_ca',
  ];
  for (const text of texts) {
    test(`"${text.slice(-40)}" is about the client certificate against the server's ssl_ca`, () => {
      const f = explainError(text).findings[0];
      assert.equal(f.code, 'ca-untrusted');
      assert.equal(f.param, 'cert');
      assert.match(f.title, /server rejected the client certificate/i);
      assert.match(f.title, /ssl_ca/);
      assert.doesNotMatch(f.title, /CA the client trusts/);
      assert.match(f.detail, /issuer of the client certificate/);
      assert.ok(f.fixes.every((x) => x.kind !== 'set-ca'), 'the client CA file is not what to change');
      assert.match(explainError(text).misleading.join(' '), /sent BY THE SERVER/);
    });
  }

  test('recorded on the lab: the mariadb client with a certificate from another CA (REQUIRE X509 account)', async (t) => {
    const lab = labOrSkip(t);
    if (!lab) return;
    const healthy = lab.servers.healthy;
    const files = join(lab.files.ca, '..');
    const ran = await mariadbClient(healthy, 'SELECT 1', {
      user: lab.users.requireX509, password: lab.password, tls: true, ca: lab.files.ca, tlsVersion: 'TLSv1.2',
      cert: join(files, 'server-other-ca-cert.pem'), key: join(files, 'server-other-ca-key.pem'),
    });
    assert.notEqual(ran.code, 0, 'the server refuses a client certificate it did not issue');
    assert.match(ran.stderr, /unknown ca/i);
    // Pasted as users do: the command line (password attached) and the error, on one line.
    const pasted = `$ mariadb -h ${healthy.host} -P ${healthy.port} -u ${lab.users.requireX509} -p${lab.password} --ssl-cert=other.pem ${ran.stderr}`;
    const x = explainError(pasted);
    assert.equal(x.findings[0].code, 'ca-untrusted');
    assert.match(x.findings[0].title, /server rejected the client certificate/i);
    assertNoCanary(JSON.stringify(x, null, 2), 'explain --json', lab.password);
  });

  test('a server certificate the client distrusts keeps the client-side advice', () => {
    const f = explainError('ERROR 2026 (HY000): SSL connection error: self-signed certificate in certificate chain').findings[0];
    assert.equal(f.code, 'ca-untrusted');
    assert.match(f.title, /CA the client trusts/);
    assert.equal(f.param, undefined);
  });
});

describe('the server refuses the TLS version (tlsv1 alert protocol version)', () => {
  test('no note about "unsupported protocol" is shown for it', () => {
    for (const text of [
      'ERROR 2026 (HY000): TLS/SSL error: tlsv1 alert protocol version',
      'Error: write EPROTO C0975E2F8E7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version',
    ]) {
      const x = explainError(text);
      assert.deepEqual(x.findings.map((f) => f.code), ['tls-version-mismatch']);
      assert.ok(!x.misleading.some((m) => m.includes('unsupported protocol')), x.misleading.join('\n'));
      assert.match(x.findings[0].detail, /protocol_version alert/);
    }
  });

  test('"unsupported protocol" itself still gets its note', () => {
    const x = explainError('SSL connection error: error:1425F102:SSL routines:ssl_choose_client_version:unsupported protocol');
    assert.ok(x.misleading.some((m) => m.includes('"unsupported protocol"')));
  });
});
