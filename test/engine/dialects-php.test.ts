// PHP connections read from the syntax tree: PDO DSNs with their SSL attributes, Laravel's and
// Doctrine's config arrays, mysqli (ssl_set, options, real_connect flags) and WordPress's
// wp-config.php; values from .env; what mysqlnd ignores; quick fixes in PHP, byte for byte.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { loadGrammarFor } from '../../src/engine/dialects/code';
import { envFromText } from '../../src/engine/dialects/code/env';
import { effectiveTls } from '../../src/engine/drivers/effective';
import type { Connection } from '../../src/engine/model/connection';
import { applyEdits } from '../../src/engine/model/span';

before(async () => {
  assert.ok(await loadGrammarFor('x.php'), 'the PHP grammar loads');
});

const noEnv = envFromText('');
const read = (text: string, env = noEnv, file = 'db.php'): Connection[] => readText(file, text, { env }).connections;
const at = (text: string, c: Connection, k: keyof Connection['params']): string => {
  const l = c.params[k];
  assert.ok(l, `${k} located`);
  return text.slice(l.valueSpan.start, l.valueSpan.end);
};

function edit(text: string, change: ParamChange, index = 0, file = 'db.php'): string {
  const c = read(text, noEnv, file)[index];
  const r = planEdit(text, c, change);
  if ('error' in r) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

function editError(text: string, change: ParamChange, index = 0): string {
  const r = planEdit(text, read(text)[index], change);
  assert.ok('error' in r, 'the edit is refused');
  return r.error;
}

const PDO_TEXT = `<?php\n$pdo = new PDO('mysql:host=db.example.com;port=3307;dbname=shop', 'app', getenv('DB_PASS'), [\n    PDO::MYSQL_ATTR_SSL_CA => '/etc/ssl/ca.pem',\n    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,\n]);\n$pg = new PDO('pgsql:host=pg;dbname=x', 'u', 'p', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);\n$lite = new PDO('sqlite:/tmp/x.db');\n`;

test('PDO: the DSN gives host, port and database; the options array the CA and the verify switch; PostgreSQL and SQLite are not read', () => {
  const cs = read(PDO_TEXT);
  assert.equal(cs.length, 1);
  const [c] = cs;
  assert.deepEqual([c.dialect, c.form, c.driver, c.host, c.port, c.database, c.user], ['php', 'pdo', 'php-pdo', 'db.example.com', 3307, 'shop', 'app']);
  assert.equal(c.tls.ca, '/etc/ssl/ca.pem');
  assert.equal(c.tls.verifyServerCert, false);
  assert.equal(at(PDO_TEXT, c, 'host'), 'db.example.com');
  assert.equal(at(PDO_TEXT, c, 'ca'), '/etc/ssl/ca.pem');
  assert.equal(at(PDO_TEXT, c, 'verifyServerCert'), 'false');
  assert.equal(effectiveTls(c).mode, 'REQUIRED', 'TLS on (a CA attribute), the check switched off');
});

test('PDO: a DSN and options held in variables, and a DSN built at run time', () => {
  const text = `<?php\n$dsn = "mysql:host=127.0.0.1;dbname=app";\n$options = array(PDO::MYSQL_ATTR_SSL_CA => __DIR__ . '/ca.pem');\n$db = new \\PDO($dsn, $user, $pass, $options);\n$other = new PDO("mysql:host={$h};dbname=x");\n`;
  const [a, b] = read(text);
  assert.equal(a.host, '127.0.0.1');
  assert.equal(a.params.ca?.key, 'PDO::MYSQL_ATTR_SSL_CA');
  assert.equal(a.tls.ca, 'ca.pem', "__DIR__ . '/ca.pem' is the file beside the PHP file");
  assert.match(a.origins?.ca ?? '', /relative to this file's folder/);
  assert.equal(b.host, undefined, 'an interpolated host is not guessed');
  assert.match(b.origins?.host ?? '', /run time/);
});

test('PDO: a verify attribute alone does not turn TLS on (mysqlnd asks for TLS only with a file or cipher)', () => {
  const [c] = read(`<?php new PDO('mysql:host=db.example.com', 'u', 'p', [PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true]);`);
  assert.equal(effectiveTls(c).mode, 'DISABLED');
});

const LARAVEL = `<?php\n\nreturn [\n    'default' => env('DB_CONNECTION', 'sqlite'),\n    'connections' => [\n        'sqlite' => [\n            'driver' => 'sqlite',\n            'database' => env('DB_DATABASE', database_path('database.sqlite')),\n        ],\n        'mysql' => [\n            'driver' => 'mysql',\n            'host' => env('DB_HOST', '127.0.0.1'),\n            'port' => env('DB_PORT', '3306'),\n            'database' => env('DB_DATABASE', 'laravel'),\n            'username' => env('DB_USERNAME', 'root'),\n            'password' => env('DB_PASSWORD', ''),\n            'unix_socket' => env('DB_SOCKET', ''),\n            'options' => extension_loaded('pdo_mysql') ? array_filter([\n                PDO::MYSQL_ATTR_SSL_CA => env('MYSQL_ATTR_SSL_CA'),\n            ]) : [],\n        ],\n        'mariadb' => [\n            'driver' => 'mariadb',\n            'host' => env('DB_HOST', '127.0.0.1'),\n            'options' => extension_loaded('pdo_mysql') ? array_filter([\n                (PHP_VERSION_ID >= 80500 ? \\Pdo\\Mysql::ATTR_SSL_CA : \\PDO::MYSQL_ATTR_SSL_CA) => env('MYSQL_ATTR_SSL_CA'),\n                PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,\n            ]) : [],\n        ],\n        'pgsql' => [\n            'driver' => 'pgsql',\n            'host' => env('DB_HOST', '127.0.0.1'),\n            'sslmode' => 'prefer',\n        ],\n    ],\n];\n`;

test("Laravel: the mysql and mariadb entries, values from .env (or env()'s default), the CA attribute inside array_filter", () => {
  const env = envFromText('DB_HOST=db.internal\nMYSQL_ATTR_SSL_CA=/etc/ssl/rds.pem\n');
  const cs = read(LARAVEL, env, 'config/database.php');
  assert.deepEqual(cs.map((c) => [c.form, c.driver, c.host, c.port, c.user, c.socket]), [
    ['laravel', 'php-pdo', 'db.internal', 3306, 'root', undefined],
    ['laravel', 'php-pdo', 'db.internal', undefined, undefined, undefined],
  ]);
  assert.equal(cs[0].origins?.host, 'from .env (DB_HOST)');
  assert.match(cs[0].origins?.port ?? '', /DB_PORT not in the project's \.env: its default/);
  assert.equal(cs[0].tls.ca, '/etc/ssl/rds.pem');
  assert.equal(cs[0].origins?.ca, 'from .env (MYSQL_ATTR_SSL_CA)');
  assert.equal(cs[1].tls.ca, '/etc/ssl/rds.pem', "PHP 8.5's Pdo\\Mysql::ATTR_SSL_CA beside PDO::MYSQL_ATTR_SSL_CA");
  assert.deepEqual(cs[1].settingNotes?.map((n) => n.key), ['PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT'], 'array_filter drops a false value');
  assert.equal(cs[1].tls.verifyServerCert, undefined);
});

test('Laravel without MYSQL_ATTR_SSL_CA in .env: no attribute reaches PDO, so no TLS', () => {
  const [c] = read(LARAVEL, envFromText('DB_HOST=db.internal\n'), 'config/database.php');
  assert.equal(c.tls.ca, undefined);
  assert.match(c.origins?.ca ?? '', /MYSQL_ATTR_SSL_CA: not in the project's \.env/);
  assert.equal(effectiveTls(c).mode, 'DISABLED');
});

const MYSQLI = `<?php\n$db = mysqli_init();\nmysqli_ssl_set($db, NULL, NULL, "/etc/ssl/ca.pem", NULL, NULL);\nmysqli_real_connect($db, 'db.example.com', 'app', $pw, 'shop', 3306, NULL, MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT);\n\n$m = new mysqli();\n$m->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true);\n$m->real_connect('other.example.com', 'u', 'p', 'db', 3307, null, MYSQLI_CLIENT_SSL);\n$plain = new mysqli('plain.example.com', 'u', 'p', 'db');\n`;

test('mysqli: ssl_set, options and the flags of real_connect apply to the link they name; new mysqli() has no TLS', () => {
  const cs = read(MYSQLI);
  assert.deepEqual(cs.map((c) => [c.form, c.driver, c.host, c.port, c.tls.mode, c.tls.ca, c.tls.verifyServerCert]), [
    ['mysqli-real-connect', 'php-mysqli', 'db.example.com', 3306, 'REQUIRED', '/etc/ssl/ca.pem', false],
    ['mysqli-real-connect', 'php-mysqli', 'other.example.com', 3307, 'REQUIRED', undefined, undefined],
    ['mysqli-connect', 'php-mysqli', 'plain.example.com', undefined, undefined, undefined, undefined],
  ]);
  assert.equal(at(MYSQLI, cs[0], 'verifyServerCert'), 'MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT');
  assert.equal(at(MYSQLI, cs[0], 'ca'), '"/etc/ssl/ca.pem"'.slice(1, -1));
  // Measured with PHP 8.2 (test/agreement): real_connect's flags override the option, so
  // MYSQLI_CLIENT_SSL without a CA checks nothing, and the option is reported as not read.
  assert.equal(effectiveTls(cs[1]).mode, 'REQUIRED');
  assert.deepEqual(cs[1].settingNotes?.map((n) => [n.code, n.key]), [['setting-ignored', 'MYSQLI_OPT_SSL_VERIFY_SERVER_CERT']]);
  assert.equal(effectiveTls(cs[2]).mode, 'DISABLED');
});

const WP = `<?php\n/** The name of the database for WordPress */\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', 'not-this' );\ndefine( 'DB_HOST', 'wp-db.mysql.database.azure.com:3307' );\ndefine( 'DB_CHARSET', 'utf8mb4' );\n\n$table_prefix = 'wp_';\n`;

test('WordPress: DB_HOST with its port, and MYSQL_CLIENT_FLAGS asking for TLS', () => {
  const [c] = read(WP, noEnv, 'wp-config.php');
  assert.deepEqual([c.form, c.driver, c.host, c.port, c.user, c.database, c.tls.mode], ['wordpress', 'php-mysqli', 'wp-db.mysql.database.azure.com', 3307, 'wp', 'wordpress', undefined]);
  assert.equal(at(WP, c, 'host'), 'wp-db.mysql.database.azure.com');
  const withFlags = WP.replace("$table_prefix", "define( 'MYSQL_CLIENT_FLAGS', MYSQLI_CLIENT_SSL );\n$table_prefix");
  const [f] = read(withFlags, noEnv, 'wp-config.php');
  assert.equal(f.tls.mode, 'REQUIRED');
  assert.equal(effectiveTls(f).mode, 'REQUIRED', 'MYSQLI_CLIENT_SSL alone checks nothing');
});

test('half-typed PHP still reads', () => {
  const cs = read(`<?php\n$pdo = new PDO('mysql:host=h;dbname=d', 'u', 'p', [PDO::MYSQL_ATTR_SSL_CA => '/ca.pem', `);
  assert.equal(cs.length, 1);
  assert.equal(cs[0].host, 'h');
  assert.equal(cs[0].tls.ca, '/ca.pem');
});

// ---- quick fixes --------------------------------------------------------------------------------

test('PDO quick fix: the verify attribute turned on in place, nothing else', () => {
  assert.equal(edit(PDO_TEXT, { param: 'mode', value: 'VERIFY_IDENTITY' }), PDO_TEXT.replace('VERIFY_SERVER_CERT => false', 'VERIFY_SERVER_CERT => true'));
});

test('PDO quick fix: the host inside the DSN string, the CA inside its quotes', () => {
  assert.equal(edit(PDO_TEXT, { param: 'host', value: 'db2.example.com' }), PDO_TEXT.replace('host=db.example.com', 'host=db2.example.com'));
  assert.equal(edit(PDO_TEXT, { param: 'ca', value: "/etc/it's/ca.pem" }), PDO_TEXT.replace("'/etc/ssl/ca.pem'", "'/etc/it\\'s/ca.pem'"));
});

test('PDO quick fix: a CA attribute joins the options array on its own line, or comes as the options argument', () => {
  const multi = `<?php\n$pdo = new PDO('mysql:host=h', 'u', 'p', [\n    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,\n]);\n`;
  assert.equal(edit(multi, { param: 'ca', value: '/ca.pem' }), `<?php\n$pdo = new PDO('mysql:host=h', 'u', 'p', [\n    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,\n    PDO::MYSQL_ATTR_SSL_CA => '/ca.pem',\n]);\n`);
  const bare = `<?php\n$pdo = new PDO("mysql:host=h", $user);\n`;
  assert.equal(edit(bare, { param: 'ca', value: '/ca.pem' }), `<?php\n$pdo = new PDO("mysql:host=h", $user, null, [PDO::MYSQL_ATTR_SSL_CA => "/ca.pem"]);\n`);
});

test('PDO quick fix: PREFERRED and TLS versions are refused with the reason', () => {
  assert.match(editError(PDO_TEXT, { param: 'mode', value: 'PREFERRED' }), /no PREFERRED/);
  assert.match(editError(PDO_TEXT, { param: 'tlsVersions', value: ['TLSv1.3'] }), /no TLS version setting/);
  assert.match(editError(`<?php new PDO('mysql:host=h');`, { param: 'mode', value: 'VERIFY_IDENTITY' }), /MYSQL_ATTR_SSL_CA/);
});

test('Laravel quick fix: the CA attribute goes inside array_filter([...]); an entry without options gets one; .env values are changed in .env', () => {
  const cfg = `<?php\nreturn ['connections' => [\n    'mysql' => [\n        'driver' => 'mysql',\n        'host' => 'db.internal',\n        'options' => extension_loaded('pdo_mysql') ? array_filter([\n            PDO::ATTR_TIMEOUT => 5,\n        ]) : [],\n    ],\n]];\n`;
  assert.equal(edit(cfg, { param: 'ca', value: '/ca.pem' }, 0, 'config/database.php'), cfg.replace('PDO::ATTR_TIMEOUT => 5,\n', "PDO::ATTR_TIMEOUT => 5,\n            PDO::MYSQL_ATTR_SSL_CA => '/ca.pem',\n"));
  const noOptions = `<?php\nreturn ['connections' => [\n    'mysql' => [\n        'driver' => 'mysql',\n        'host' => 'db.internal',\n    ],\n]];\n`;
  assert.equal(edit(noOptions, { param: 'ca', value: '/ca.pem' }, 0, 'config/database.php'), noOptions.replace("'host' => 'db.internal',\n", "'host' => 'db.internal',\n        'options' => [PDO::MYSQL_ATTR_SSL_CA => '/ca.pem'],\n"));
  const fromEnv = readText('config/database.php', LARAVEL, { env: envFromText('MYSQL_ATTR_SSL_CA=/x.pem\n') }).connections[0];
  const r = planEdit(LARAVEL, fromEnv, { param: 'ca', value: '/y.pem' });
  assert.ok('error' in r && /from \.env \(MYSQL_ATTR_SSL_CA\): change it there/.test(r.error));
});

test('mysqli quick fix: the DONT_VERIFY flag renamed to VERIFY, nothing else', () => {
  assert.equal(edit(MYSQLI, { param: 'mode', value: 'VERIFY_IDENTITY' }), MYSQLI.replace('MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT', 'MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT'));
  // The second link's options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true) is overridden by its flags: the fix goes there.
  assert.equal(edit(MYSQLI, { param: 'mode', value: 'VERIFY_IDENTITY' }, 1), MYSQLI.replace("3307, null, MYSQLI_CLIENT_SSL", "3307, null, MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT"));
});

test('mysqli quick fix: a CA replaces ssl_set\'s NULL; without ssl_set one is added before the connect, on the same link', () => {
  assert.equal(edit(MYSQLI, { param: 'cert', value: '/client.pem' }), MYSQLI.replace('NULL, NULL, "/etc', 'NULL, "/client.pem", "/etc'));
  const text = `<?php\nfunction connect() {\n    $m = mysqli_init();\n    $m->real_connect('h', 'u', 'p');\n}\n`;
  assert.equal(edit(text, { param: 'ca', value: '/ca.pem' }), `<?php\nfunction connect() {\n    $m = mysqli_init();\n    $m->ssl_set(null, null, '/ca.pem', null, null);\n    $m->real_connect('h', 'u', 'p');\n}\n`);
  assert.equal(edit(text, { param: 'mode', value: 'VERIFY_IDENTITY' }), text.replace("real_connect('h', 'u', 'p')", "real_connect('h', 'u', 'p', null, null, null, MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT)"));
});

test('WordPress quick fix: MYSQL_CLIENT_FLAGS added after the last define in its spacing; the host replaced before its port', () => {
  assert.equal(edit(WP, { param: 'mode', value: 'VERIFY_IDENTITY' }, 0, 'wp-config.php'), WP.replace("define( 'DB_HOST', 'wp-db.mysql.database.azure.com:3307' );", "define( 'DB_HOST', 'wp-db.mysql.database.azure.com:3307' );\ndefine( 'MYSQL_CLIENT_FLAGS', MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT );"));
  assert.equal(edit(WP, { param: 'host', value: 'db.example.com' }, 0, 'wp-config.php'), WP.replace('wp-db.mysql.database.azure.com:3307', 'db.example.com:3307'));
  const withFlags = WP.replace('$table_prefix', "define( 'MYSQL_CLIENT_FLAGS', MYSQLI_CLIENT_SSL );\n$table_prefix");
  assert.equal(edit(withFlags, { param: 'mode', value: 'VERIFY_CA' }, 0, 'wp-config.php'), withFlags.replace('MYSQLI_CLIENT_SSL );', 'MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT );'));
});
