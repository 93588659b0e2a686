// `mysql-tls-doctor certs` for real: the files and [mysqld] lines it writes are loaded by a fresh
// MariaDB, the real mariadb client verifies that server with --ssl-verify-server-cert against the
// new CA, and logs in with the new client certificate to a REQUIRE X509 account.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeDevCertificates } from '../../src/engine/certs/generate';
import { mariadbClient } from '../helpers/lab-clients';
import { removeDir, tempDir } from '../helpers/temp-dir';
import {
  copyTemplate, findBinary, freePorts, installTemplate, instancePaths, startInstance, stopPids, writeDefaultsFile,
  type Options,
} from './servers';

const USER = 'dev_x509';
const PASSWORD = 'Dev-cert-test-pw';

/** `key=value` lines of the [mysqld] group the command printed, as server options. */
function mysqldOptions(lines: string[]): Options {
  const options: Options = {};
  for (const line of lines) {
    if (line.startsWith('#') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    options[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return options;
}

test('dev certificates from `certs` are loaded by MariaDB and verified by the mariadb client', { timeout: 90_000 }, async (t) => {
  if (process.getuid?.() !== 0 || !findBinary('mariadbd') || !findBinary('mariadb-install-db')) {
    t.skip('MariaDB lab not running: mariadbd is not installed or this is not root (scripts/install-test-deps.sh)');
    return;
  }
  // Removed after the server has stopped (not by tempDir's own hook, which would run first).
  const dir = tempDir(undefined, 'tls-doctor-certs-dev-');
  let pid: number | undefined;
  t.after(async () => {
    if (pid) await stopPids([pid], dir);
    removeDir(dir);
  });
  const dev = await writeDevCertificates(join(dir, 'certs'), ['localhost', '127.0.0.1', '::1'], { client: true });
  const initFile = join(dir, 'users.sql');
  writeFileSync(initFile, `CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}' REQUIRE X509;\n`, { mode: 0o600 });
  const [port] = await freePorts(1);
  const plan = { name: 'healthy' as const, description: 'dev certificates', options: mysqldOptions(dev.serverConfig), config: {} };
  const inst = instancePaths(dir, plan, port);
  writeDefaultsFile(inst, initFile);
  copyTemplate(await installTemplate(dir), inst);
  pid = await startInstance(inst, 30_000);

  const target = { host: '127.0.0.1', port };
  const base = { user: USER, password: PASSWORD, tls: true, ca: dev.files.ca, verifyServerCert: true };
  const ok = await mariadbClient(target, 'SELECT 1', { ...base, cert: dev.files.clientCert, key: dev.files.clientKey });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), '1');
  // The X509 account really needs the client certificate: the same login without it is refused.
  const noCert = await mariadbClient(target, 'SELECT 1', base);
  assert.notEqual(noCert.code, 0);
  assert.match(noCert.stderr, /ERROR 1045/);
});
