// Benchmark of the workspace readers on a generated 10,000-file project, against ripgrep listing the
// files that mention MySQL (`rg -l 'mysql|mariadb|tcp\('`) in the same tree:
// - `scan` in-process, with ripgrep doing the byte search (as the CLI and the editor run it) and
//   with the built-in search alone;
// - `lint` in-process (scan, then the offline analysis of every connection found);
// - the editor's offline pass: the scan as the editor's index runs it (keepReads), then the offline
//   analysis of each connection as src/extension/diagnostics/static.ts does it (placeOf +
//   analyzeStatic), timed on its own beside the scan;
// - `node dist/cli.js scan` and `lint` as whole processes (Node's start, the bundle, the grammars'
//   first load and the work), beside `rg` as a whole process.
// The tree is a project's mix: TypeScript/JavaScript, Python, Go, Java, PHP, YAML, JSON, Markdown,
// `.env` and option files; a few hundred files name MySQL (imports, queries, Django settings,
// compose files) and fewer hold a connection (pools, DATABASES entries, URLs, DSNs), so the code
// readers parse candidates of every language. Every measurement is the median of ROUNDS runs, the
// alternatives interleaved so that a busy spell of the shared machine falls on all of them alike.
//   node --import tsx bench/scan.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lintPaths } from '../src/engine/lint/lint';
import { ripgrepOnPath } from '../src/engine/scan/ripgrep';
import { scanDirectory, type ScannedFile } from '../src/engine/scan/scan';
import { analyzeStatic } from '../src/engine/static/analyze';
import { placeOf } from '../src/engine/static/place';

export const FILES = 10_000;
const PER_DIR = 100;
const ROUNDS = 9;
const root = join(__dirname, '..');

// Ordinary code, no database in it: most of a project.
const PLAIN: Record<string, string> = {
  ts: 'export function handler(req: Request, res: Response) {\n  const id = Number(req.params.id);\n  return res.json({ id, ok: true });\n}\n',
  js: "const items = require('./items');\nmodule.exports = function total(list) {\n  return list.reduce((t, x) => t + x.price, 0);\n};\n",
  py: 'def load(path):\n    with open(path) as f:\n        return [line.strip() for line in f if line]\n',
  go: 'func Sum(xs []int) (t int) {\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn\n}\n',
  java: 'public class Item {\n  private final String name;\n  public Item(String name) { this.name = name; }\n}\n',
  php: "<?php\nfunction price(array $item): float {\n    return $item['price'] * (1 + $item['tax']);\n}\n",
  yml: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
  json: '{ "name": "item", "price": 12.5, "tags": ["a", "b"] }\n',
  md: '# Notes\n\nThe service reads its settings from the environment.\n\n',
};

// Files that name MySQL without opening a connection: the byte search marks them, the readers parse
// them and find nothing (the common case in a real project, and the costly one for the code readers).
const MENTIONS: Record<string, string> = {
  ts: "import mysql from 'mysql2/promise';\nexport async function find(pool: mysql.Pool, id: number) {\n  const [rows] = await pool.query('SELECT * FROM items WHERE id = ?', [id]);\n  return rows;\n}\n",
  js: "const mysql = require('mysql2');\nexports.byName = (pool, name) => pool.promise().query('SELECT id FROM users WHERE name = ?', [name]);\n",
  py: "import pymysql\n\ndef rows(conn: pymysql.Connection, sql: str):\n    with conn.cursor() as cur:\n        cur.execute(sql)\n        return cur.fetchall()\n",
  php: "<?php\n// Uses the mysql connection from the container.\nfunction users(PDO $db): array {\n    return $db->query('SELECT * FROM users')->fetchAll();\n}\n",
  yml: 'services:\n  cache:\n    image: redis:7\n  db:\n    image: mysql:8.0\n    ports: ["3306:3306"]\n',
  go: 'import _ "github.com/go-sql-driver/mysql"\n',
  java: '// Repository over the mysql schema\npublic interface Users { User byId(long id); }\n',
};

// Connections, as each language writes them (several with faults the offline analysis reports).
const CONNECTIONS: Record<string, string> = {
  ts: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({\n  host: 'db.internal',\n  user: 'app',\n  database: 'shop',\n  ssl: { ca: 'certs/ca.pem', rejectUnauthorized: false },\n});\n",
  js: "const knex = require('knex')({\n  client: 'mysql2',\n  connection: { host: '127.0.0.1', port: 3306, user: 'app', database: 'app', ssl: { rejectUnauthorized: true } },\n});\nmodule.exports = knex;\n",
  py: "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n        'HOST': 'db.example.com',\n        'NAME': 'app',\n        'OPTIONS': {'ssl': {'ca': '/etc/ssl/ca.pem'}, 'ssl_mode': 'VERIFY_IDENTITY'},\n    }\n}\n",
  php: "<?php\n$pdo = new PDO('mysql:host=db.internal;dbname=shop', 'app', getenv('DB_PASSWORD'), [\n    PDO::MYSQL_ATTR_SSL_CA => '/etc/ssl/ca.pem',\n    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,\n]);\n",
  yml: 'services:\n  app:\n    image: shop\n    environment:\n      DATABASE_URL: "mysql://app@db:3306/shop?ssl-mode=REQUIRED"\n',
  go: 'db, _ := sql.Open("mysql", "u:p@tcp(127.0.0.1:3306)/d?tls=true")\n',
  java: 'String u = "jdbc:mysql://db:3306/x?sslMode=VERIFY_CA";\n',
};

const KINDS = ['ts', 'ts', 'ts', 'js', 'js', 'py', 'py', 'go', 'java', 'php', 'yml', 'json', 'md'];

/** A project tree: FILES files, 1 in 30 of the code naming MySQL, 1 in 100 holding a connection,
 *  a `.env` every 97 files and an option file every 199. */
export function generate(dir: string): void {
  writeFileSync(join(dir, 'package.json'), '{ "name": "shop", "dependencies": { "mysql2": "^3.9.0", "knex": "^3.1.0" } }\n');
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `pkg${Math.floor(i / PER_DIR)}`);
    if (i % PER_DIR === 0) mkdirSync(sub, { recursive: true });
    if (i % 97 === 0) writeFileSync(join(sub, `.env.${i}`), 'APP=x\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\n');
    else if (i % 199 === 0) writeFileSync(join(sub, `c${i}.cnf`), '[client]\nhost=127.0.0.1\nssl-mode=REQUIRED\n');
    else {
      const ext = KINDS[i % KINDS.length];
      const special = i % 100 === 1 ? CONNECTIONS[ext] : i % 30 === 2 ? MENTIONS[ext] : undefined;
      writeFileSync(join(sub, `f${i}.${ext}`), (special ?? '') + PLAIN[ext].repeat(15 + (i % 30)));
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The editor's offline pass over what its scan read (src/extension/diagnostics/static.ts). */
export function offlinePass(files: ScannedFile[]): number {
  let findings = 0;
  for (const f of files) {
    const dir = dirname(f.file);
    for (const conn of f.read.connections) {
      const place = placeOf(f.file, f.text, dir, conn.span.start);
      findings += analyzeStatic(conn, { text: f.text, baseDir: dir, place }).findings.length;
    }
  }
  return findings;
}

export interface ScanBench {
  files: number;
  /** Connections the scan found, files the readers parsed, offline findings. */
  connections: number;
  findings: number;
  rgMs: number;
  scanMs: number;
  builtInMs: number;
  lintMs: number;
  /** The editor's index scan (keepReads) and, apart, its offline pass over the connections read. */
  editorScanMs: number;
  offlineMs: number;
  /** Whole processes: `node dist/cli.js scan DIR` and `lint DIR`. */
  cliScanMs: number;
  cliLintMs: number;
}

export async function benchScan(): Promise<ScanBench | undefined> {
  const ripgrep = ripgrepOnPath();
  if (!ripgrep) return undefined; // scripts/install-test-deps.sh installs it
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-bench-scan-'));
  try {
    generate(dir);
    const rg = () => spawnSync(ripgrep, ['-l', 'mysql|mariadb|tcp\\(', dir], { stdio: 'ignore' });
    const cli = (command: string) => () => spawnSync(process.execPath, [join(root, 'dist/cli.js'), command, dir, ...(command === 'lint' ? ['--fail-on', 'never'] : [])], { stdio: 'ignore' });
    // Warm-up: the grammars load once per process, as in the editor; the page cache holds the tree.
    const first = await scanDirectory(dir, { ripgrep, keepReads: true });
    const findings = offlinePass(first.files ?? []);
    const t: Record<Exclude<keyof ScanBench, 'files' | 'connections' | 'findings'>, number[]> = {
      rgMs: [], scanMs: [], builtInMs: [], lintMs: [], editorScanMs: [], offlineMs: [], cliScanMs: [], cliLintMs: [],
    };
    for (let i = 0; i < ROUNDS; i++) {
      t.rgMs.push(await timed(rg));
      t.scanMs.push(await timed(() => scanDirectory(dir, { ripgrep })));
      t.builtInMs.push(await timed(() => scanDirectory(dir)));
      t.lintMs.push(await timed(() => lintPaths([dir], { ripgrep })));
      let files: ScannedFile[] = [];
      t.editorScanMs.push(await timed(async () => void (files = (await scanDirectory(dir, { ripgrep, keepReads: true })).files ?? [])));
      t.offlineMs.push(await timed(() => offlinePass(files)));
      t.cliScanMs.push(await timed(cli('scan')));
      t.cliLintMs.push(await timed(cli('lint')));
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) as Record<keyof typeof t, number>;
    return { files: FILES, connections: first.connections.length, findings, ...m };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchScan().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: Error) => {
      console.error(`bench/scan.ts failed: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
