// Fuzzing the code readers (JavaScript/TypeScript...) and their writers: random and mutated source
// files, half-typed code included. Nothing may throw, every span lies inside the text, no password
// leaks into messages, origins or JSON, and reading stays linear. Bounded by FUZZ_CASES, seeded by FUZZ_SEED.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { loadGrammarFor } from '../../src/engine/dialects/code';
import { envFromText } from '../../src/engine/dialects/code/env';
import type { Connection } from '../../src/engine/model/connection';
import { assertConnectionShape, assertInside, fuzzCases, mutateText, rng } from '../helpers/fuzz';

const CASES = fuzzCases(600);
const SEED = Number(process.env.FUZZ_SEED ?? 11);
const SECRET = 'Zq9sEcReT';
const env = envFromText(`DB_HOST=env-host\nDB_PASSWORD=${SECRET}\n`);

const CORPUS: [string, string][] = [
  ['db.js', `const mysql = require('mysql2/promise');\nconst fs = require('fs');\nmodule.exports = mysql.createPool({\n  host: process.env.DB_HOST,\n  password: '${SECRET}',\n  port: 3307,\n  ssl: { ca: fs.readFileSync(path.join(__dirname, 'ca.pem')), rejectUnauthorized: false, minVersion: 'TLSv1.2' },\n});\n`],
  ['knexfile.ts', `export default { client: 'mysql2', connection: { host: 'k', user: 'u', password: process.env.DB_PASSWORD, ssl: 'Amazon RDS' } } satisfies Knex.Config;\nconst s = new Sequelize('mysql://u:${SECRET}@h/db', { dialectOptions: { ssl: { ca: 'ca.pem' } } });\n`],
  ['data-source.ts', `import { DataSource } from 'typeorm';\nexport const ds = new DataSource({ type: 'mysql', url: \`mysql://u:${SECRET}@t/db\`, extra: { ssl: { rejectUnauthorized: true } } });\nconst c = { dialect: 'mysql', dbCredentials: { host: 'd', password: '${SECRET}' } };\n`],
  ['settings.py', `DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n        'HOST': os.environ.get('DB_HOST', 'h'),\n        'PASSWORD': '${SECRET}',\n        'OPTIONS': {'ssl': {'ca': r'C:\\ca.pem'}, 'ssl_mode': 'VERIFY_CA'},\n    }\n}\n`],
  ['db.py', `import pymysql\nfrom sqlalchemy import create_engine\nc = pymysql.connect(host='h', password=os.getenv('DB_PASSWORD'), ssl_ca="ca.pem", ssl_verify_identity=True)\ne = create_engine(f"mysql+pymysql://u:${SECRET}@h/db", connect_args={"ssl": {"ca": "ca.pem", "check_hostname": False}})\nm = mysql.connector.connect(host='m', tls_versions=['TLSv1.2'], passwd='${SECRET}')\n`],
  ['database.yml', `default: &default\n  adapter: mysql2\n  host: <%= ENV.fetch("DB_HOST") { "h" } %>\n  password: ${SECRET}\n  sslca: "/ca.pem"\nproduction:\n  <<: *default\n  ssl_mode: verify_identity\n`],
  ['compose.yaml', `services:\n  app:\n    environment:\n      DB_HOST: db\n      DB_PORT: "3306"\n      DB_PASSWORD: ${SECRET}\n    env:\n      - name: MYSQL_HOST\n        value: k\nspring:\n  datasource:\n    url: jdbc:mysql://s/db?sslMode=REQUIRED\n    password: ${SECRET}\n`],
  ['db.php', `<?php\n$pdo = new PDO('mysql:host=h;port=3307;dbname=d', 'u', '${SECRET}', [\n    PDO::MYSQL_ATTR_SSL_CA => getenv('CA') ?: '/ca.pem',\n    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,\n]);\n$m = mysqli_init();\nmysqli_ssl_set($m, NULL, NULL, "/ca.pem", NULL, NULL);\n$m->real_connect('h', 'u', '${SECRET}', 'db', 3306, null, MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT);\n`],
  ['database.php', `<?php\nreturn ['connections' => ['mysql' => [\n    'driver' => 'mysql',\n    'host' => env('DB_HOST', '127.0.0.1'),\n    'password' => env('DB_PASSWORD', '${SECRET}'),\n    'options' => extension_loaded('pdo_mysql') ? array_filter([PDO::MYSQL_ATTR_SSL_CA => env('MYSQL_ATTR_SSL_CA')]) : [],\n]]];\n`],
  ['wp-config.php', `<?php\ndefine( 'DB_HOST', 'h:3307' );\ndefine( 'DB_PASSWORD', '${SECRET}' );\ndefine( 'MYSQL_CLIENT_FLAGS', MYSQLI_CLIENT_SSL );\n$table_prefix = 'wp_';\n`],
  ['appsettings.json', `{"ConnectionStrings": {"A": "Server=h;Port=3307;Uid=u;Pwd=${SECRET};SslMode=VerifyCA;SslCa=C:\\\\ca.pem", "B": "Server=s;Integrated Security=True"}}\n`],
  ['application.properties', `spring.datasource.url=jdbc:mysql://h:3306/db\nspring.datasource.password=${SECRET}\nspring.datasource.hikari.data-source-properties.sslMode=REQUIRED\n`],
  ['proto.js', `const m = require('mysql2'); m.createPool({ constructor: 1, __proto__: { host: 'x' }, toString: 'y', ssl: { ca: constructor, minVersion: '__proto__' } });`],
];
const ALPHABET = ['"', "'", '`', '\\', '{', '}', '(', ')', '[', ']', ',', ':', ';', '=', ' ', '\n', '${', 'ssl', 'host', 'createPool(', 'readFileSync(', 'process.env.', '//', '/*', 'constructor', '__proto__', 'é', '\ud800', '💥', '\0'];

function mutate(rand: () => number, text: string): string {
  return mutateText(rand, text, ALPHABET, (t, at) => t.slice(0, at)); // cut short: code as it is being typed
}

function check(c: Connection, len: number): void {
  assertConnectionShape(c, len, SECRET);
}

const CHANGES: ParamChange[] = [
  { param: 'mode', value: 'VERIFY_IDENTITY' },
  { param: 'mode', value: 'REQUIRED' },
  { param: 'ca', value: "/x y/it's.pem" },
  { param: 'host', value: '::1' },
  { param: 'tlsVersions', value: ['TLSv1.2', 'TLSv1.3'] },
];

before(async () => {
  assert.ok(await loadGrammarFor('a.js'));
  assert.ok(await loadGrammarFor('a.ts'));
  assert.ok(await loadGrammarFor('a.py'));
  assert.ok(await loadGrammarFor('a.php'));
});

test('mutated and half-typed JavaScript/TypeScript: no throw, spans inside, no password leaks, edits inside', () => {
  const rand = rng(SEED);
  let connections = 0;
  for (let i = 0; i < CASES; i++) {
    const [file, base] = CORPUS[i % CORPUS.length];
    const text = mutate(rand, base);
    const r = readText(file, text, { env });
    for (const p of r.problems) assertInside(p.span, text.length, 'file problem');
    for (const c of r.connections) {
      check(c, text.length);
      connections++;
      const plan = planEdit(text, c, CHANGES[i % CHANGES.length]);
      if ('edits' in plan) for (const e of plan.edits) assertInside(e.span, text.length, 'edit');
      else assert.ok(!plan.error.includes(SECRET), 'password in edit error');
    }
  }
  assert.ok(connections > CASES / 4, `mutations still yield connections (${connections})`);
});

test("JavaScript's own names as option names and values come out as plain values", () => {
  const [file, text] = CORPUS[CORPUS.length - 1];
  const [c] = readText(file, text, { env }).connections;
  assert.equal(c.host, undefined);
  assert.equal(c.tls.tlsVersions, undefined);
});

function time(fn: () => void): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const PATHOLOGICAL: [string, string, string][] = [
  ['x.js', 'createPool calls', "mysql.createPool({ host: 'h', ssl: { ca: fs.readFileSync('c') } });\n"],
  ['x.js', 'objects never closed', "createPool({ host: 'h', ssl: {"],
  ['x.ts', 'nested knex configs', "{ client: 'mysql2', connection: { host: 'h' }, a: "],
  ['x.js', 'strings never closed', "mysql.createPool({ host: '"],
  ['x.py', 'connect calls', "c = pymysql.connect(host='h', ssl={'ca': 'c'})\n"],
  ['x.py', 'calls never closed', "pymysql.connect(host='h', ssl={'ca': "],
  ['x.yml', 'Rails entries', "e:\n  adapter: mysql2\n  host: h\n  sslca: c\n"],
  ['x.yml', 'nested maps', "a:\n  "],
  ['x.php', 'PDO calls', "new PDO('mysql:host=h', 'u', 'p', [PDO::MYSQL_ATTR_SSL_CA => '/c']);\n"],
  ['x.php', 'mysqli links', "$m = mysqli_init(); $m->ssl_set(null, null, 'c', null, null); $m->real_connect('h', 'u', 'p', 'd', 3306, null, MYSQLI_CLIENT_SSL);\n"],
  ['x.php', 'arrays never closed', "['driver' => 'mysql', 'host' => 'h', 'options' => ["],
  ['x.json', 'connection strings', '"Server=h;Port=3306;Uid=u;SslMode=Required;SslCa=c",\n'],
  ['x.json', 'strings never closed', '"Server=h;Uid=u;SslMode=Required;'],
  ['x.properties', 'Spring keys', 'spring.datasource.url=jdbc:mysql://h/db\nspring.datasource.hikari.data-source-properties.sslMode=REQUIRED\n'],
  ['x.py', 'Django entries', "{'ENGINE': 'django.db.backends.mysql', 'OPTIONS': {'ssl': {}}, 'x': "],
];

for (const [file, what, unit] of PATHOLOGICAL) {
  test(`${what}: ten times the code reads in about ten times the time (${file})`, () => {
    const prefix = file.endsWith('.yml') || file.endsWith('.json') || file.endsWith('.properties') ? '' : file.endsWith('.py') ? 'import pymysql\n' : file.endsWith('.php') ? '<?php\n' : "const mysql = require('mysql2');\n";
    const small = prefix + unit.repeat(Math.ceil(10_000 / unit.length));
    const big = prefix + unit.repeat(Math.ceil(100_000 / unit.length));
    const tSmall = time(() => readText(file, small, { env }));
    const tBig = time(() => readText(file, big, { env }));
    assert.ok(tBig < 30 * Math.max(tSmall, 20), `${what}: 10 KB ${tSmall.toFixed(1)} ms, 100 KB ${tBig.toFixed(1)} ms`);
  });
}
