// PyMySQL, mysqlclient and SQLAlchemy URLs as the drivers themselves read them (their sources:
// pymysql/connections.py, MySQLdb/_mysql.c, sqlalchemy/dialects/mysql/mysqldb.py), each case one the
// real-client agreement suite (test/agreement) met on the lab: what the code or URL looks like it
// asks for and what the driver really does differ.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConnectionString, planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { applyEdits } from '../../src/engine/model/span';
import { loadGrammarFor } from '../../src/engine/dialects/code';
import { envFromText } from '../../src/engine/dialects/code/env';
import { effectiveTls } from '../../src/engine/drivers/effective';
import type { Connection } from '../../src/engine/model/connection';
import { analyzeStatic } from '../../src/engine/static/analyze';

before(async () => {
  assert.ok(await loadGrammarFor('x.py'), 'the Python grammar loads');
});

const code = (args: string, module = 'pymysql', imports = ''): Connection => {
  const [c] = readText('app.py', `import ${module}\n${imports}\nconn = ${module}.connect(host="db.example.com", user="app", ${args})\n`, { env: envFromText('') }).connections;
  assert.ok(c, 'the connect call is read');
  return c;
};
const url = (text: string): Connection => parseConnectionString(text).connection!;
const checks = (c: Connection) => {
  const e = effectiveTls(c);
  return { useTls: e.useTls, chain: e.verifyChain, host: e.verifyHostname };
};

test('PyMySQL ssl_ca alone encrypts without checking anything (the keyword form defaults verify_mode to False)', () => {
  assert.deepEqual(checks(code('ssl_ca="/etc/ssl/ca.pem"')), { useTls: 'if-offered', chain: false, host: false });
});

test('PyMySQL ssl_ca with ssl_verify_cert=True checks the chain, and the host name only with ssl_verify_identity=True', () => {
  assert.deepEqual(checks(code('ssl_ca="/ca.pem", ssl_verify_cert=True')), { useTls: 'if-offered', chain: true, host: false });
  assert.deepEqual(checks(code('ssl_ca="/ca.pem", ssl_verify_cert=True, ssl_verify_identity=True')), { useTls: 'if-offered', chain: true, host: true });
});

test('PyMySQL ssl_ca with ssl_verify_identity=True but no ssl_verify_cert: Python refuses it before connecting, an error finding says so', () => {
  const c = code('ssl_ca="/ca.pem", ssl_verify_identity=True');
  assert.match(effectiveTls(c).refusedBeforeConnecting?.why ?? '', /Cannot set verify_mode to CERT_NONE/);
  const refused = analyzeStatic(c).findings.find((f) => f.code === 'unreadable-value');
  assert.equal(refused?.severity, 'error');
  assert.equal(effectiveTls(code('ssl_ca="/ca.pem", ssl_verify_cert=True, ssl_verify_identity=True')).refusedBeforeConnecting, undefined);
  assert.ok(effectiveTls(code('ssl={"ca": "/ca.pem", "verify_mode": False}')).refusedBeforeConnecting, 'the dict form too');
  assert.equal(effectiveTls(code('ssl={"ca": "/ca.pem", "verify_mode": False, "check_hostname": False}')).refusedBeforeConnecting, undefined);
});

test('PyMySQL ssl_verify_cert=False on its own asks for no TLS at all', () => {
  assert.equal(checks(code('ssl_verify_cert=False')).useTls, 'never');
});

test('PyMySQL ssl dict with a CA checks chain and host name; check_hostname False leaves the chain', () => {
  assert.deepEqual(checks(code('ssl={"ca": "/ca.pem"}')), { useTls: 'if-offered', chain: true, host: true });
  assert.deepEqual(checks(code('ssl={"ca": "/ca.pem", "check_hostname": False}')), { useTls: 'if-offered', chain: true, host: false });
});

test("PyMySQL ignores verify_mode=ssl.CERT_REQUIRED (it reads only bools and strings): without a CA nothing is checked, and it says so", () => {
  const c = code('ssl={"verify_mode": ssl.CERT_REQUIRED}', 'pymysql', 'import ssl');
  assert.deepEqual(checks(c), { useTls: 'if-offered', chain: false, host: false });
  assert.match(c.settingNotes?.find((n) => n.key === 'verify_mode')?.message ?? '', /only as True\/False or a string/);
  assert.equal(checks(code('ssl={"verify_mode": "required"}')).chain, true, 'the string form is read');
});

test('mysqlclient with ssl=True (or any ssl argument) uses TLS when the server offers it', () => {
  const c = code('ssl=True', 'MySQLdb');
  c.clientLibrary = 'libmariadb';
  c.driverVersion = '3.3';
  assert.deepEqual(checks(c), { useTls: 'if-offered', chain: false, host: false });
});

test('mysqlclient with ssl=False still asks for TLS (mysql_ssl_set is called for any ssl argument), and says so', () => {
  const c = code('ssl=False', 'MySQLdb');
  c.clientLibrary = 'libmariadb';
  c.driverVersion = '3.3';
  assert.equal(checks(c).useTls, 'if-offered');
  assert.match(c.settingNotes?.find((n) => n.key === 'ssl')?.message ?? '', /ssl=False too/);
});

test('SQLAlchemy mysql+pymysql URL: ssl_ca goes into the ssl dict (chain and host checked); ssl_check_hostname=false keeps only the chain', () => {
  assert.deepEqual(checks(url('mysql+pymysql://app@db/shop?ssl_ca=/ca.pem')), { useTls: 'if-offered', chain: true, host: true });
  assert.deepEqual(checks(url('mysql+pymysql://app@db/shop?ssl_ca=/ca.pem&ssl_check_hostname=false')), { useTls: 'if-offered', chain: true, host: false });
});

test('SQLAlchemy mysql+pymysql URL with ssl_ca and ssl_verify_cert=true: PyMySQL drops the dict, the CA is not used', () => {
  const c = url('mysql+pymysql://app@db/shop?ssl_ca=/etc/ssl/ca.pem&ssl_verify_cert=true');
  const e = effectiveTls(c);
  assert.equal(e.verifyChain, true);
  assert.equal(e.caSource, 'system');
  assert.deepEqual(e.unusedFiles, ['ca']);
  assert.match(c.settingNotes?.find((n) => n.key === 'ssl_ca')?.message ?? '', /is not used/);
  // The file is neither trusted nor checked: a missing one is no finding.
  const offline = analyzeStatic(c);
  assert.equal(offline.files.ca, undefined);
  assert.ok(!offline.findings.some((f) => f.code === 'file-missing'));
});

test('SQLAlchemy mysql+pymysql URL with ssl_verify_cert=false: TLS without any check', () => {
  assert.deepEqual(checks(url('mysql+pymysql://app@db/shop?ssl_verify_cert=false')), { useTls: 'if-offered', chain: false, host: false });
});

test('SQLAlchemy mysql+pymysql URL with ssl_disabled=false switches TLS off (a string, true to Python), and says so', () => {
  const c = url('mysql+pymysql://app@db/shop?ssl_disabled=false');
  assert.equal(checks(c).useTls, 'never');
  assert.match(c.settingNotes?.[0]?.message ?? '', /reads as true: TLS is switched off/);
});

test('SQLAlchemy mysql+mysqldb URL: ssl_check_hostname is not read by mysqlclient (noted), the CA still checks the chain', () => {
  const c = url('mysql+mysqldb://app@db/shop?ssl_ca=/ca.pem&ssl_check_hostname=true');
  c.clientLibrary = 'libmariadb';
  c.driverVersion = '3.3';
  assert.equal(c.tls.verifyIdentity, undefined);
  assert.deepEqual(checks(c), { useTls: 'if-offered', chain: true, host: false });
  assert.match(c.settingNotes?.[0]?.message ?? '', /ssl_check_hostname is not read/);
});

// Quick fixes written so the driver reads them as meant.
function fixed(text: string, file: string, change: ParamChange): string {
  const c = file === '.url' ? parseConnectionString(text).connection! : readText(file, text, { env: envFromText('') }).connections[0];
  const r = planEdit(text, c, change);
  if ('error' in r) return `error: ${r.error}`;
  return applyEdits(text, r.edits);
}

test('a PyMySQL ssl dict is fixed inside the dict (ssl_verify_* keywords would replace it and drop its CA)', () => {
  const text = 'import pymysql\nconn = pymysql.connect(host="db", ssl={"ca": "/ca.pem", "check_hostname": False})\n';
  const out = fixed(text, 'app.py', { param: 'mode', value: 'VERIFY_IDENTITY' });
  assert.equal(out, 'import pymysql\nconn = pymysql.connect(host="db", ssl={"ca": "/ca.pem", "check_hostname": True, "verify_mode": True})\n');
  assert.deepEqual(checks(code('ssl={"ca": "/ca.pem", "check_hostname": True, "verify_mode": True}')), { useTls: 'if-offered', chain: true, host: true });
});

test('a SQLAlchemy mysql+pymysql URL is fixed in its own keys: ssl_ca (not ssl-ca), the CA-dropping ssl_verify_cert taken out', () => {
  assert.equal(fixed('mysql+pymysql://app@db/shop', '.url', { param: 'ca', value: '/ca.pem' }), 'mysql+pymysql://app@db/shop?ssl_ca=/ca.pem');
  const out = fixed('mysql+pymysql://app@db/shop?ssl_ca=/ca.pem&ssl_verify_cert=true', '.url', { param: 'mode', value: 'VERIFY_IDENTITY' });
  assert.equal(out, 'mysql+pymysql://app@db/shop?ssl_ca=/ca.pem');
  assert.deepEqual(checks(url(out)), { useTls: 'if-offered', chain: true, host: true });
  assert.match(fixed('mysql+pymysql://app@db/shop', '.url', { param: 'mode', value: 'VERIFY_CA' }), /^error: .*set ssl_ca/);
});
