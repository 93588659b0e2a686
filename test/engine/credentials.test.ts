// Where a password goes. Recording MySQL servers on 127.0.0.1 (test/helpers/recordingServer.ts) keep
// every byte a client sends after the greeting; the whole diagnosis (probe, then the account check)
// runs against them with a password. Where the connection's own client would refuse the server
// (certificate from another CA, certificate for another name, no TLS offered to a connection that
// requires it, TLS announced then dropped, an RSA password exchange without TLS), the server must
// receive nothing of the login; where the client accepts it, it receives the login (the recorder works).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { accountFindings, checkAccount } from '../../src/engine/checks/account';
import { login } from '../../src/engine/checks/account-login';
import { describeLogin, loginDecision, loginPlan } from '../../src/engine/checks/credentials';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import { effectiveTls } from '../../src/engine/drivers/effective';
import type { DriverId } from '../../src/engine/model/connection';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { Secret } from '../../src/engine/model/secret';
import { renderMarkdown } from '../../src/engine/report/markdown';
import { renderText } from '../../src/engine/report/text';
import { tempDir } from '../helpers';
import { startRecordingServer, type RecordingOptions, type RecordingServer } from '../helpers/recordingServer';

const USER = 'rec_user_7q';
const PASSWORD = 'Rec0rded-pa55word!';

interface Pki {
  caFile: string;
  /** Issued by the CA, for localhost and 127.0.0.1. */
  good: { key: string; cert: string };
  /** Issued by the CA, for db.other.example only. */
  wrongName: { key: string; cert: string };
  /** Self-signed by a CA the client does not trust, for localhost and 127.0.0.1. */
  otherCa: { key: string; cert: string };
}

function makePki(): Pki {
  const dir = tempDir(undefined, 'creds-pki-');
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  for (const k of ['ca', 'good', 'wrong', 'other']) key(k);
  ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Credentials Test CA', '-days', '30', '-out', 'ca.pem');
  const leaf = (name: string, san: string) => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    ssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  };
  leaf('good', 'DNS:localhost,IP:127.0.0.1');
  leaf('wrong', 'DNS:db.other.example');
  writeFileSync(join(dir, 'other.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl('req', '-x509', '-new', '-key', 'other.key', '-subj', '/CN=localhost', '-days', '30', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-out', 'other.pem');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    caFile: join(dir, 'ca.pem'),
    good: { key: read('good.key'), cert: read('good.pem') },
    wrongName: { key: read('wrong.key'), cert: read('wrong.pem') },
    otherCa: { key: read('other.key'), cert: read('other.pem') },
  };
}

let pki: Pki;
const servers: RecordingServer[] = [];
before(() => {
  pki = makePki();
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function recorder(o: RecordingOptions): Promise<RecordingServer> {
  const s = await startRecordingServer(o);
  servers.push(s);
  return s;
}

/** The whole diagnosis of `text` (with {port} and {ca}) as `driver` would connect, password known. */
async function diagnoseWith(text: string, server: RecordingServer, driver?: DriverId): Promise<DiagnosisReport> {
  const { connection, problems } = parseConnectionString(text.replace('{port}', String(server.port)).replace('{ca}', pki.caFile));
  assert.ok(connection, problems.map((p) => p.message).join('; '));
  return diagnose(connection, { timeoutMs: 3000, driver, password: new Secret(PASSWORD) });
}

const codes = (r: DiagnosisReport) => r.findings.map((f) => f.code);

/** The server received nothing of the login, and the report says the account was not checked. */
function assertKeptBack(r: DiagnosisReport, server: RecordingServer): void {
  assert.deepEqual(server.heard(USER, PASSWORD), [], `the server received: ${server.heard(USER, PASSWORD).join(', ')}`);
  assert.equal(server.tlsBytes.length, 0, 'no application data after a TLS handshake');
  const f = r.findings.find((x) => x.code === 'account-not-checked');
  assert.ok(f, `account-not-checked expected, got ${codes(r).join(', ')}`);
  assert.equal(f.severity, 'info');
  assert.ok(!codes(r).includes('login-refused'), 'no login was made, so none was refused');
  assert.match(renderText(r), /account-not-checked/);
  assert.match(renderMarkdown(r), /account was not checked/);
}

describe('a certificate the client would refuse: the password is not sent', () => {
  const VERIFY_CA_DRIVERS: DriverId[] = ['mysql-cli', 'mysql2', 'go', 'pymysql', 'mysql-connector-python', 'php-pdo'];
  for (const driver of VERIFY_CA_DRIVERS) {
    test(`${driver}, ssl-mode=VERIFY_CA with a CA file, server certificate from another CA: nothing received`, async () => {
      const server = await recorder({ tls: pki.otherCa });
      const r = await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=VERIFY_CA&ssl-ca={ca}`, server, driver);
      assert.ok(codes(r).includes('ca-untrusted'), codes(r).join(', '));
      assertKeptBack(r, server);
    });
  }

  const IDENTITY_DRIVERS: DriverId[] = ['mysql-cli', 'go', 'php-pdo', 'mysql-connector-python'];
  // The C clients and PHP take "localhost" to mean the Unix socket: they meet this server on 127.0.0.1 only.
  const SOCKET_FOR_LOCALHOST = new Set<DriverId>(['mysql-cli', 'php-pdo']);
  for (const driver of IDENTITY_DRIVERS) {
    for (const host of SOCKET_FOR_LOCALHOST.has(driver) ? ['127.0.0.1'] : ['localhost', '127.0.0.1']) {
      test(`${driver}, VERIFY_IDENTITY to ${host}, certificate from the trusted CA for another name: nothing received`, async () => {
        const server = await recorder({ tls: pki.wrongName });
        const r = await diagnoseWith(`mysql://${USER}@${host}:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}`, server, driver);
        assert.ok(codes(r).includes('hostname-mismatch'), codes(r).join(', '));
        assertKeptBack(r, server);
      });
    }
  }

  test('a CA directory (ssl-capath) and no CA file, which this tool does not read: nothing received, and the reason names it', async () => {
    const server = await recorder({ tls: pki.good });
    const r = await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=VERIFY_CA&ssl-capath=/etc/mysql/cas`, server, 'mysql-cli');
    assertKeptBack(r, server);
    assert.match(r.findings.find((f) => f.code === 'account-not-checked')?.detail ?? '', /ssl-capath/);
  });

  test('caching_sha2_password full authentication with an RSA key, VERIFY_CA whose TLS check fails: nothing received', async () => {
    const server = await recorder({ tls: pki.otherCa, plugin: 'caching_sha2_password', fullAuth: true });
    const r = await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=VERIFY_CA&ssl-ca={ca}`, server, 'mysql-cli');
    assertKeptBack(r, server);
  });
});

describe('no TLS where the connection requires it: the password is not sent', () => {
  const REQUIRED: [string, string, DriverId][] = [
    ['mysql client, ssl-mode=REQUIRED', `mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=REQUIRED`, 'mysql-cli'],
    ['Connector/Python, ssl-mode=REQUIRED', `mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=REQUIRED`, 'mysql-connector-python'],
    ['Go, tls=skip-verify', `${USER}@tcp(127.0.0.1:{port})/shop?tls=skip-verify`, 'go'],
    ['mysql client, VERIFY_IDENTITY', `mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}`, 'mysql-cli'],
  ];
  for (const [situation, text, driver] of REQUIRED) {
    test(`${situation}, server offers no TLS: nothing received`, async () => {
      const server = await recorder({});
      const r = await diagnoseWith(text, server, driver);
      assert.ok(codes(r).includes('server-tls-disabled'), codes(r).join(', '));
      assertKeptBack(r, server);
    });

    test(`${situation}, server announces TLS and then answers in plaintext: nothing received`, async () => {
      const server = await recorder({ tls: pki.good, dropTls: true });
      const r = await diagnoseWith(text, server, driver);
      assertKeptBack(r, server);
    });
  }

  test('caching_sha2_password full authentication offered with an RSA key to ssl-mode=REQUIRED, no TLS: nothing received', async () => {
    const server = await recorder({ plugin: 'caching_sha2_password', fullAuth: true });
    const r = await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=REQUIRED`, server, 'mysql-cli');
    assertKeptBack(r, server);
  });
});

describe('the login itself: mysql2 stops a refused server before any auth data', () => {
  // Below the rule: even if the probe had seen another server, the login checks again.
  const target = (port: number, host = '127.0.0.1') => ({ host, port, user: USER, password: new Secret(PASSWORD) });
  const tlsLogin = (server: RecordingServer, host: string, chain: boolean, hostCheck: boolean, rules: 'node' | 'openssl' | 'python' = 'openssl') =>
    login(target(server.port, host), {
      channel: 'tls',
      verify: { chain, host: hostCheck, hostRules: rules },
      tls: { ca: [readFileSync(pki.caFile)] },
      deadline: Date.now() + 3000,
    });

  test('chain from another CA: mysql2 refuses it, nothing received', async () => {
    const server = await recorder({ tls: pki.otherCa });
    const r = await tlsLogin(server, '127.0.0.1', true, false);
    assert.ok('error' in r);
    assert.deepEqual(server.heard(USER, PASSWORD), []);
    assert.equal(server.tlsBytes.length, 0);
  });

  for (const [host, rules] of [['127.0.0.1', 'openssl'], ['127.0.0.1', 'node'], ['localhost', 'node'], ['localhost', 'python']] as const) {
    test(`certificate for another name, host ${host} by ${rules} rules: refused before any auth data`, async () => {
      const server = await recorder({ tls: pki.wrongName });
      const r = await tlsLogin(server, host, true, true, rules);
      assert.ok('error' in r, 'the login must fail');
      assert.match(r.error.message, /not issued for/);
      assert.deepEqual(server.heard(USER, PASSWORD), []);
      assert.equal(server.tlsBytes.length, 0);
    });
  }

  for (const [situation, o] of [['offers no TLS', { announceTls: false }], ['announces TLS, then answers in plaintext', { dropTls: true }]] as const) {
    test(`a TLS login to a server that ${situation}: mysql2 sends nothing of the login`, async () => {
      const server = await recorder({ ...o, tls: pki.good });
      const r = await tlsLogin(server, '127.0.0.1', true, true);
      assert.ok('error' in r);
      assert.deepEqual(server.heard(USER, PASSWORD), []);
    });
  }

  test('the rule let the login go, the login\'s own check refuses the server: account-not-checked, not a refused login', async () => {
    const server = await recorder({ tls: pki.wrongName });
    const { connection } = parseConnectionString(`mysql://${USER}@127.0.0.1:${server.port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${pki.caFile}`);
    assert.ok(connection);
    const eff = effectiveTls(connection);
    const check = await checkAccount(target(server.port), {
      timeoutMs: 3000,
      serverHasTls: true,
      // As if the probe had met another server, one the client accepts.
      decision: loginDecision(eff, { offersTls: true, clientHandshakeOk: true, chainTrusted: true, hostMatches: true }),
      tls: { ca: [readFileSync(pki.caFile)] },
    });
    assert.match(check.notChecked ?? '', /TLS check refused the server/);
    assert.deepEqual(accountFindings(check, eff).map((f) => f.code), ['account-not-checked']);
    assert.deepEqual(server.heard(USER, PASSWORD), []);
  });

  test('plaintext login (a client without TLS): caching_sha2_password full authentication is not answered with the RSA-encrypted password', async () => {
    const server = await recorder({ plugin: 'caching_sha2_password', fullAuth: true });
    const r = await login(target(server.port), { channel: 'plaintext', deadline: Date.now() + 3000 });
    assert.ok('error' in r);
    assert.match(r.error.message, /full password exchange/);
    const heard = server.heard(USER, PASSWORD);
    assert.ok(!heard.some((h) => h.includes('RSA')), heard.join(', '));
  });
});

describe('where the client accepts the server, the login goes there (the recorder hears it)', () => {
  // 127.0.0.1: the mysql client takes "localhost" to mean the Unix socket, not this server.
  test('VERIFY_IDENTITY to 127.0.0.1, certificate from the trusted CA for it: the login arrives inside TLS', async () => {
    const server = await recorder({ tls: pki.good });
    const r = await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}`, server, 'mysql-cli');
    assert.ok(server.heard(USER, PASSWORD).includes('password token'), server.heard(USER, PASSWORD).join(', '));
    assert.equal(server.plainBytes.some((b) => b.includes(Buffer.from(USER))), false, 'the user name went only inside TLS');
    assert.ok(codes(r).includes('login-refused'), codes(r).join(', '));
    assert.ok(!codes(r).includes('account-not-checked'));
  });

  test('caching_sha2_password full authentication over verified TLS: the password arrives, inside TLS only', async () => {
    const server = await recorder({ tls: pki.good, plugin: 'caching_sha2_password', fullAuth: true });
    await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}`, server, 'mysql-cli');
    assert.ok(server.heard(USER, PASSWORD).includes('password'), server.heard(USER, PASSWORD).join(', '));
    assert.ok(!Buffer.concat(server.plainBytes).includes(Buffer.from(PASSWORD)));
  });

  test('ssl-mode=REQUIRED (no certificate check) to a certificate from another CA: the client sends it, so the login goes', async () => {
    const server = await recorder({ tls: pki.otherCa });
    await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=REQUIRED`, server, 'mysql-cli');
    assert.ok(server.heard(USER, PASSWORD).includes('password token'), server.heard(USER, PASSWORD).join(', '));
  });

  test('ssl-mode=PREFERRED and a server without TLS: the client goes plaintext, and so does the login', async () => {
    const server = await recorder({});
    await diagnoseWith(`mysql://${USER}@127.0.0.1:{port}/shop?ssl-mode=PREFERRED`, server, 'mysql-cli');
    assert.ok(server.heard(USER, PASSWORD).includes('password token'), server.heard(USER, PASSWORD).join(', '));
  });
});

describe('the rule as the extension shows it before connecting', () => {
  const plan = (text: string, driver?: DriverId) => {
    const { connection } = parseConnectionString(text);
    assert.ok(connection);
    const conn = driver ? { ...connection, driver } : connection;
    return loginPlan(conn, effectiveTls(conn));
  };

  test('VERIFY_IDENTITY: a login at host:port over verified TLS only, never in plaintext', () => {
    const p = plan('mysql://app@db.example.com:3307/shop?ssl-mode=VERIFY_IDENTITY');
    assert.ok(p);
    const s = describeLogin(p);
    assert.match(s, /^A login as app will be attempted at db\.example\.com:3307 over verified TLS only/);
    assert.match(s, /never in plaintext/);
  });

  test('DISABLED: says the password goes in plaintext, as the client sends it', () => {
    const p = plan('mysql://app@db.example.com/shop?ssl-mode=DISABLED');
    assert.ok(p);
    assert.match(describeLogin(p), /db\.example\.com:3306 .*plaintext/);
  });

  test('PREFERRED with a CA (PyMySQL): verified TLS when offered, plaintext when not, as that client does', () => {
    const p = plan('mysql://app@db.example.com/shop?ssl-ca=/etc/mysql/ca.pem', 'pymysql');
    assert.ok(p);
    const s = describeLogin(p);
    assert.match(s, /over verified TLS when the server offers TLS/);
    assert.match(s, /in plaintext when it offers none/);
    assert.doesNotMatch(s, /never in plaintext/);
  });

  test('no user: no login is planned', () => {
    assert.equal(plan('mysql://db.example.com/shop'), undefined);
  });

  test('a Java trust store this tool cannot read: the login is refused, with the reason', () => {
    const { connection } = parseConnectionString('jdbc:mysql://db.example.com/shop?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/etc/trust.jks&user=app');
    assert.ok(connection);
    const d = loginDecision(effectiveTls(connection), { offersTls: true, clientHandshakeOk: true, chainTrusted: true, hostMatches: true });
    assert.equal(d.attempt, false);
    assert.match(!d.attempt ? d.reason : '', /trust store/);
  });
});

describe('the recorder sees an RSA password exchange when a client makes one', () => {
  test('mysql2 on its own, without TLS, answers full authentication with the RSA-encrypted password', async () => {
    const server = await recorder({ plugin: 'caching_sha2_password', fullAuth: true });
    const { createConnection } = await import('mysql2');
    const conn = createConnection({ host: '127.0.0.1', port: server.port, user: USER, password: PASSWORD, connectTimeout: 3000 });
    conn.on('error', () => undefined);
    await new Promise<void>((resolve) => conn.connect(() => resolve()));
    conn.destroy();
    assert.ok(server.heard(USER, PASSWORD).includes('RSA-encrypted password'), server.heard(USER, PASSWORD).join(', '));
  });
});
