// Generates the fixture workspace the in-host suite opens: the static examples (engineer A's
// examples/workspace/, when present) plus files pointing at the running MariaDB lab's ports and
// CA files. Without a lab, only the static part and lab-free files are written.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { join } from 'node:path';
import { root } from './build.mjs';

function readLab(manifestPath) {
  if (!manifestPath || !existsSync(manifestPath)) return undefined;
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Lab-free files: parse-only cases (no server is contacted for them by the suite). */
function writeStatic(dir) {
  writeFileSync(join(dir, 'offline.env'), [
    '# a connection to a port nothing listens on',
    'DATABASE_URL=mysql://app@127.0.0.1:1/shop?ssl-mode=VERIFY_IDENTITY',
    '',
  ].join('\n'));
  // Hosts no other file uses, so generating certificates for them points only these connections.
  mkdirSync(join(dir, 'gen'), { recursive: true });
  writeFileSync(join(dir, 'gen/app.env'), [
    'DATABASE_URL=mysql://app@127.0.0.5:1/shop?ssl-mode=VERIFY_IDENTITY',
    'REPLICA_DATABASE_URL=mysql://app@127.0.0.6:1/shop?ssl-mode=VERIFY_CA',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'gen/single.env'), 'DATABASE_URL=mysql://app@127.0.0.7:1/shop?ssl-mode=VERIFY_IDENTITY\n');
  writeFileSync(join(dir, 'gen/client.cnf'), '[client]\nhost=127.0.0.8\nport=1\nssl-mode=VERIFY_IDENTITY\n');
  // Two files of their own for "one diagnosis updates only its own file", there from the start:
  // a file created while the extension starts may come before the file watcher does.
  mkdirSync(join(dir, 'updates'), { recursive: true });
  writeFileSync(join(dir, 'updates/one.env'), 'DATABASE_URL=mysql://127.0.0.1:1/shop?ssl-mode=VERIFY_IDENTITY\n');
  writeFileSync(join(dir, 'updates/other.env'), 'DATABASE_URL=mysql://127.0.0.2:1/shop?ssl-mode=VERIFY_IDENTITY\n');
  // A Node project using mysql2: its DATABASE_URL says no driver, the project's package.json does.
  mkdirSync(join(dir, 'node-app'), { recursive: true });
  writeFileSync(join(dir, 'node-app/package.json'), JSON.stringify({ name: 'shop', dependencies: { mysql2: '^3.9.0' } }));
  writeFileSync(join(dir, 'node-app/package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/mysql2': { version: '3.9.7' } } }));
  writeFileSync(join(dir, 'node-app/.env'), 'DATABASE_URL=mysql://app@127.0.0.9:1/shop\n');
  // Static faults, found without any server: TLS turned off, a CA file that is not there.
  mkdirSync(join(dir, 'offline'), { recursive: true });
  writeFileSync(join(dir, 'offline/faults.env'), [
    'PLAIN_DATABASE_URL=mysql://app@127.0.0.1:1/shop?ssl-mode=DISABLED',
    'CA_DATABASE_URL=mysql://app@127.0.0.1:1/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=certs/missing-ca.pem',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'offline/.env.example'), 'DATABASE_URL=mysql://app@db.example.com:3306/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ssl/db/ca.pem\n');
}

/**
 * For "Use the new CA" (firstContact.test.ts): two connections to the host the new certificate is
 * for (a .env URL and an option file, which needs an absolute path), one to another host, and a
 * compose service whose CA path is the container's.
 */
function writeFirstContact(dir) {
  mkdirSync(join(dir, 'newca'), { recursive: true });
  writeFileSync(join(dir, 'newca/app.env'), [
    'DATABASE_URL=mysql://app@127.0.0.21:1/shop?ssl-mode=VERIFY_IDENTITY',
    'ANALYTICS_DATABASE_URL=mysql://app@127.0.0.22:1/shop?ssl-mode=VERIFY_IDENTITY',
    '',
  ].join('\n'));
  mkdirSync(join(dir, 'onsave'), { recursive: true });
  writeFileSync(join(dir, 'onsave/app.env'), 'DATABASE_URL=mysql://127.0.0.1:1/shop?ssl-mode=VERIFY_IDENTITY\n');
  mkdirSync(join(dir, 'stale'), { recursive: true });
  writeFileSync(join(dir, 'stale/app.env'), '# edited by a test\nDATABASE_URL=mysql://app@127.0.0.1:1/shop?ssl-mode=VERIFY_IDENTITY\n');
  writeFileSync(join(dir, 'newca/client.cnf'), '[client]\nhost=127.0.0.21\nport=1\nssl-mode=VERIFY_IDENTITY\n');
  writeFileSync(join(dir, 'newca/docker-compose.yml'), [
    'services:',
    '  app:',
    '    image: shop',
    '    environment:',
    '      DATABASE_URL: "mysql://app@127.0.0.21:1/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/run/secrets/db/ca.pem"',
    '',
  ].join('\n'));
}

/** One .env per lab case, so each test owns its file and its edits. */
function writeLabFiles(dir, lab, passwords) {
  const s = lab.servers;
  const f = lab.files;
  const user = lab.users.plain;
  const auth = passwords ? `${user}:${encodeURIComponent(lab.password)}` : user;
  const url = (server, query) => `mysql://${auth}@127.0.0.1:${s[server].port}/mysql?${query}`;
  const files = {
    'lab/healthy.env': `DATABASE_URL=${url('healthy', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${f.ca}`)}\n`,
    'lab/expired.env': `DATABASE_URL=${url('expired', `ssl-mode=VERIFY_CA&ssl-ca=${f.ca}`)}\n`,
    'lab/other-ca.env': `DATABASE_URL=${url('other-ca', `ssl-mode=VERIFY_CA&ssl-ca=${f.ca}`)}\n`,
    'lab/ip-only.env': `DATABASE_URL=mysql://${auth}@localhost:${s['ip-only-san'].port}/mysql?ssl-mode=VERIFY_IDENTITY&ssl-ca=${f.ca}\n`,
    // A Java project (Connector/J): localhost is TCP there (the C clients take it for the socket), and
    // an IP is checked against the IP SANs (Node's clients check the name 'localhost' for an IP).
    'lab/java/pom.xml': '<project><dependencies><dependency><groupId>com.mysql</groupId><artifactId>mysql-connector-j</artifactId><version>8.4.0</version></dependency></dependencies></project>\n',
    'lab/java/ip-only.env': `DATABASE_URL=mysql://${auth}@localhost:${s['ip-only-san'].port}/mysql?ssl-mode=VERIFY_IDENTITY&ssl-ca=${f.ca}\n`,
    'lab/tls13.env': `DATABASE_URL=${url('tls13-only', `ssl-mode=VERIFY_CA&ssl-ca=${f.ca}&tls-version=TLSv1.2`)}\n`,
    'lab/tls12.env': `DATABASE_URL=${url('tls12-only', `ssl-mode=VERIFY_CA&ssl-ca=${f.ca}&tls-version=TLSv1.3`)}\n`,
    'lab/disabled.env': `DATABASE_URL=${url('tls-disabled', 'ssl-mode=REQUIRED')}\n`,
    'lab/der.env': `DATABASE_URL=${url('healthy', 'ssl-mode=VERIFY_CA&ssl-ca=ca.der')}\n`,
    'lab/nopassword.env': `DATABASE_URL=mysql://${user}@127.0.0.1:${s.healthy.port}/mysql?ssl-mode=VERIFY_IDENTITY&ssl-ca=${f.ca}\n`,
    'lab/wrong-san.env': `DATABASE_URL=${url('wrong-san', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${f.ca}`)}\n`,
    'lab/renewal.env': `DATABASE_URL=${url('healthy', `ssl-mode=VERIFY_CA&ssl-ca=${f.ca}`)}\n`,
    'lab/export.env': `DATABASE_URL=${url('expired', `ssl-mode=VERIFY_CA&ssl-ca=${f.ca}`)}\n`,
    // A Go worker: tls=true checks the system's CAs, and a Go DSN cannot name a CA file.
    'lab/go/main.go': `package main\n\nimport "database/sql"\n\nfunc open() (*sql.DB, error) {\n\treturn sql.Open("mysql", "${user}@tcp(127.0.0.1:${s.healthy.port})/mysql?tls=true")\n}\n`,
    'lab/my.cnf': `[client]\nhost=127.0.0.1\nport=${s.expired.port}\nuser=${user}\n${passwords ? `password=${lab.password}\n` : ''}ssl-mode=VERIFY_CA\nssl-ca=${f.ca}\n`,
  };
  mkdirSync(join(dir, 'lab'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  // A copy, so converting it to PEM writes into the workspace, not into the lab.
  copyFileSync(f['ca-der'], join(dir, 'lab/ca.der'));
}

/** `passwords: false` leaves them out of the files (screenshots); the suite needs them in. */
export function makeWorkspace(dir, labManifest, { examples: withExamples = true, passwords = true } = {}) {
  mkdirSync(dir, { recursive: true });
  const examples = join(root, 'examples/workspace');
  if (withExamples && existsSync(examples)) cpSync(examples, join(dir, 'examples'), { recursive: true });
  writeStatic(dir);
  writeFirstContact(dir);
  const lab = readLab(labManifest);
  if (lab) writeLabFiles(dir, lab, passwords);
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode/settings.json'), JSON.stringify({
    'tlsDoctor.connections': [{ name: 'from-settings', host: '127.0.0.1', port: 1, user: 'app', sslMode: 'REQUIRED' }],
    'tlsDoctor.connectTimeoutMs': 3000,
  }, null, 2));
}

/**
 * The examples without the files that activate the extension at startup (.env*, *.cnf: package.json
 * activationEvents), so the activation benchmark's own activate() call is the first one. The
 * connections written in the other dialects (properties, Go, JSON, Prisma) are still scanned.
 */
export function makeActivationWorkspace(dir) {
  mkdirSync(dir, { recursive: true });
  const examples = join(root, 'examples/workspace');
  const activates = (name) => name.startsWith('.env') || name.endsWith('.cnf');
  if (existsSync(examples)) cpSync(examples, join(dir, 'examples'), { recursive: true, filter: (src) => !activates(basename(src)) });
  writeFileSync(join(dir, 'app.properties'), 'spring.datasource.url=jdbc:mysql://127.0.0.1:1/shop?sslMode=VERIFY_IDENTITY\n');
}

/**
 * A folder nothing activates the extension in at startup (no .env, no .cnf), for the cold-start
 * session: connections in three dialects to a port nothing listens on, among enough other files
 * that the first workspace read is still under way when a command is run right after activation.
 */
export function makeColdWorkspace(dir) {
  mkdirSync(join(dir, 'src/main/resources'), { recursive: true });
  writeFileSync(join(dir, 'src/main/resources/application.properties'), 'spring.datasource.url=jdbc:mysql://127.0.0.1:1/shop?sslMode=VERIFY_IDENTITY\n');
  mkdirSync(join(dir, 'cmd/worker'), { recursive: true });
  writeFileSync(join(dir, 'cmd/worker/main.go'), 'package main\n\nconst dsn = "worker:secret@tcp(127.0.0.1:1)/shop?tls=true"\n');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ database: 'mysql://report@127.0.0.1:1/shop?ssl-mode=VERIFY_IDENTITY' }, null, 2) + '\n');
  for (let i = 0; i < 20; i++) {
    mkdirSync(join(dir, `notes/${i}`), { recursive: true });
    for (let j = 0; j < 20; j++) writeFileSync(join(dir, `notes/${i}/note-${j}.md`), `# Note ${i}.${j}\n\nNothing about databases here.\n`);
  }
}
