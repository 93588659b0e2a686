// Spring's application.properties: the JDBC URL with the user and password beside it and the
// driver properties Hikari passes on, each on its own line; quick fixes on that line or in the URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { applyEdits } from '../../src/engine/model/span';

const PROPS = `# datasource\nspring.datasource.url=jdbc:mysql://db.example.com:3307/shop?useSSL=true\nspring.datasource.username=app\nspring.datasource.password=not-shown\nspring.datasource.hikari.data-source-properties.sslMode = REQUIRED\nspring.datasource.hikari.data-source-properties.serverSslCert=/etc/ssl/ca.pem\nspring.jpa.open-in-view=false\n`;

function edit(text: string, change: ParamChange): string {
  const [c] = readText('application.properties', text).connections;
  const r = planEdit(text, c, change);
  if ('error' in r) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

test('Spring .properties: the URL, its sibling credentials and the Hikari sslMode on its own line', () => {
  const [c, ...rest] = readText('application.properties', PROPS).connections;
  assert.equal(rest.length, 0);
  assert.deepEqual([c.dialect, c.form, c.driver, c.host, c.port, c.user, c.tls.mode], ['properties', 'spring-properties', 'connector-j', 'db.example.com', 3307, 'app', 'REQUIRED']);
  const mode = c.params.mode!;
  assert.equal(PROPS.slice(mode.valueSpan.start, mode.valueSpan.end), 'REQUIRED');
  assert.equal(c.tls.ca, undefined, 'serverSslCert is not read by Connector/J');
  assert.deepEqual(c.settingNotes?.map((n) => n.key), ['spring.datasource.hikari.data-source-properties.serverSslCert']);
});

test('MariaDB Connector/J reads serverSslCert from the Hikari properties', () => {
  const [c] = readText('application.properties', PROPS.replace('jdbc:mysql:', 'jdbc:mariadb:')).connections;
  assert.equal(c.driver, 'mariadb-java');
  assert.equal(c.tls.ca, '/etc/ssl/ca.pem');
});

test('Spring .properties quick fix: the Hikari sslMode value in place; the host in the URL', () => {
  assert.equal(edit(PROPS, { param: 'mode', value: 'VERIFY_IDENTITY' }), PROPS.replace('sslMode = REQUIRED', 'sslMode = VERIFY_IDENTITY'));
  assert.equal(edit(PROPS, { param: 'host', value: 'db2.example.com' }), PROPS.replace('//db.example.com:', '//db2.example.com:'));
  const bare = 'spring.datasource.url=jdbc:mysql://h/db\n';
  assert.equal(edit(bare, { param: 'mode', value: 'VERIFY_IDENTITY' }), 'spring.datasource.url=jdbc:mysql://h/db?sslMode=VERIFY_IDENTITY\n');
});
