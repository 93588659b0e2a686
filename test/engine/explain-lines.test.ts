import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asLines, explanationMarkdown } from '../../src/engine/report/present';

test('a Java stack trace pasted into a one-line box is shown one frame a line, its cause on a line of its own', () => {
  const flat = 'java.sql.SQLException: Could not create connection.\tat com.mysql.cj.jdbc.ConnectionImpl.connect(ConnectionImpl.java:969) Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)';
  assert.deepEqual(asLines(flat).split('\n'), [
    'java.sql.SQLException: Could not create connection.',
    '    at com.mysql.cj.jdbc.ConnectionImpl.connect(ConnectionImpl.java:969)',
    'Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed',
    '    at java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)',
  ]);
});

test('a message that is no stack trace, or already has its lines, is kept as it is', () => {
  assert.equal(asLines('ERROR 2026 (HY000): SSL connection error: the host is at home'), 'ERROR 2026 (HY000): SSL connection error: the host is at home');
  assert.equal(asLines('Error: x\n    at a (b:1:2)'), 'Error: x\n    at a (b:1:2)');
});

test('the explanation names where each matching workspace connection is written', () => {
  const md = explanationMarkdown('certificate has expired', [{ label: 'app@db:3306', code: 'cert-expired', where: 'config/.env:3' }]);
  assert.match(md, /- `app@db:3306` in `config\/.env:3`: its last diagnosis found `cert-expired`/);
});
