// Bad command lines get one line saying what is wrong and how to write it, and exit 2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/run-cli';

async function usage(args: string[]): Promise<string> {
  const r = await runCli(args);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  return lines[0];
}

test('a negative timeout written with a space: how to write it', async () => {
  assert.match(await usage(['diagnose', '127.0.0.1', '--timeout', '-1']), /--timeout needs a value; a value starting with "-" is written --timeout=VALUE/);
  assert.match(await usage(['diagnose', '127.0.0.1', '--timeout=-1']), /--timeout must be a positive whole number, got '-1'/);
});

test('an option given without its value', async () => {
  assert.match(await usage(['diagnose', '127.0.0.1', '--timeout']), /--timeout needs a value$/);
});

test("an option of another tool (mysql's --ssl-ca): the options this command takes", async () => {
  assert.match(await usage(['diagnose', '127.0.0.1', '--ssl-ca', 'ca.pem']), /unknown option '--ssl-ca'; the options are --file, --ca, --cert, --key, --ssl-mode/);
});

test('scan of a folder that does not exist, or of a file', async () => {
  assert.match(await usage(['scan', '/no/such/folder-for-tls-doctor']), /cannot scan \/no\/such\/folder-for-tls-doctor: no such folder/);
  assert.match(await usage(['scan', 'package.json']), /cannot scan package.json: it is a file, not a folder/);
});

test('ssl-mode and TLS version values are worded as in the files', async () => {
  assert.match(await usage(['diagnose', '127.0.0.1', '--ssl-mode', 'verify']), /--ssl-mode: unknown SSL mode "verify" \(expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY\)/);
  assert.match(await usage(['diagnose', '127.0.0.1', '--tls-version', 'TLSv1.2,TLSv9']), /--tls-version: unknown TLS version "TLSv9"/);
});
