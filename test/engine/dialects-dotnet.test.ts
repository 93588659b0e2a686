// ADO.NET connection strings for MySQL in appsettings.json, web.config and C#: told apart from SQL
// Server's and Npgsql's look-alikes, each key on its span, quick fixes in place, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { effectiveTls } from '../../src/engine/drivers/effective';
import { applyEdits } from '../../src/engine/model/span';

const APPSETTINGS = `{\n  "ConnectionStrings": {\n    "Default": "Server=db.example.com;Port=3307;Database=shop;Uid=app;Pwd=not-shown;SslMode=Required;SslCa=C:\\\\certs\\\\ca.pem",\n    "Reports": "Server=sql.example.com;Database=reports;User Id=sa;Password=x;Encrypt=True;TrustServerCertificate=True",\n    "Events": "Host=pg.example.com;Port=5432;Database=ev;Username=u;SSL Mode=Require",\n    "MySql": "Server=legacy.example.com;Database=old;User ID=u"\n  }\n}\n`;

function edit(text: string, change: ParamChange, index = 0, file = 'appsettings.json'): string {
  const c = readText(file, text).connections[index];
  const r = planEdit(text, c, change);
  if ('error' in r) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

test('appsettings.json: the MySQL strings are read, SQL Server and PostgreSQL strings are not', () => {
  const cs = readText('appsettings.json', APPSETTINGS).connections;
  assert.deepEqual(cs.map((c) => [c.dialect, c.host, c.port, c.user, c.database, c.tls.mode, c.tls.ca]), [
    ['dotnet', 'db.example.com', 3307, 'app', 'shop', 'REQUIRED', 'C:\\certs\\ca.pem'],
    ['dotnet', 'legacy.example.com', undefined, 'u', 'old', undefined, undefined],
  ]);
  const mode = cs[0].params.mode!;
  assert.equal(APPSETTINGS.slice(mode.valueSpan.start, mode.valueSpan.end), 'Required');
  assert.ok(!JSON.stringify(cs).includes('not-shown'), 'the password stays masked');
});

test('C#: the using directive names the driver; the driver models read SslMode', () => {
  const cs = `using MySqlConnector;\nvar conn = new MySqlConnection(@"Server=127.0.0.1;Port=3306;SslMode=VerifyCA;SslCa=C:\\certs\\ca.pem");\n`;
  const [c] = readText('Db.cs', cs).connections;
  assert.deepEqual([c.driver, c.tls.mode, c.tls.ca], ['mysqlconnector', 'VERIFY_CA', 'C:\\certs\\ca.pem']);
  assert.equal(effectiveTls(c).mode, 'VERIFY_CA');
  const [d] = readText('Db.cs', cs.replace('using MySqlConnector;', 'using MySql.Data.MySqlClient;').replace('SslMode=VerifyCA', 'SslMode=Preferred')).connections;
  assert.equal(d.driver, 'connector-net');
  assert.equal(effectiveTls(d).mode, 'PREFERRED');
});

test('an unknown SslMode value is a problem on its span', () => {
  const [c] = readText('appsettings.json', `{"a": "Server=h;Port=3306;SslMode=Verify"}`).connections;
  assert.equal(c.problems.length, 1);
  assert.match(c.problems[0].message, /VerifyFull/);
});

test('.NET quick fixes: SslMode replaced in place, a CA escaped as JSON wants, a missing key appended', () => {
  assert.equal(edit(APPSETTINGS, { param: 'mode', value: 'VERIFY_IDENTITY' }), APPSETTINGS.replace('SslMode=Required', 'SslMode=VerifyFull'));
  assert.equal(edit(APPSETTINGS, { param: 'ca', value: 'D:\\ca.pem' }), APPSETTINGS.replace('SslCa=C:\\\\certs\\\\ca.pem', 'SslCa=D:\\\\ca.pem'));
  assert.equal(edit(APPSETTINGS, { param: 'mode', value: 'VERIFY_CA' }, 1), APPSETTINGS.replace('User ID=u"', 'User ID=u;SslMode=VerifyCA"'));
  const cs = `var c = new MySqlConnection("Server=h;Port=3306;");\n`;
  assert.equal(edit(cs, { param: 'ca', value: '/etc/ca.pem' }, 0, 'Db.cs'), `var c = new MySqlConnection("Server=h;Port=3306;SslCa=/etc/ca.pem");\n`);
});
