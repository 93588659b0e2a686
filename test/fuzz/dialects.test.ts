// Fuzzing the dialect readers and writers: random and mutated texts in every file kind. Nothing
// may throw, every span must lie inside the text, no password may leak into messages or JSON,
// and reading must stay linear in the input size. Bounded by FUZZ_CASES (default 2000), seeded by FUZZ_SEED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConnectionString, planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import type { Connection } from '../../src/engine/model/connection';
import { medianCpuMs } from '../helpers/cpu-time';
import { assertConnectionShape, assertInside, fuzzCases, mutateText, rng } from '../helpers/fuzz';

const CASES = fuzzCases(2000);
const SEED = Number(process.env.FUZZ_SEED ?? 7);
const SECRET = 'Zq9sEcReT';

const CORPUS: [string, string][] = [
  ['db.ts', `const a = "mysql://app:${SECRET}@db.example.com:3307/shop?ssl-mode=VERIFY_CA&ssl-ca=(/etc/ca.pem)&tls-version=TLSv1.2,TLSv1.3";`],
  ['cfg.json', `{"u":"mysql://u:${SECRET}@[::1]/d?ssl={\\"rejectUnauthorized\\":false}","p":"mysql://u@h/d?sslaccept=strict&sslcert=ca.pem"}`],
  ['App.java', `String u = "jdbc:mysql://h1:3306,(host=h2,port=3307)/db?useSSL=true&requireSSL=true&password=${SECRET}&enabledTLSProtocols=TLSv1.2";`],
  ['main.go', `sql.Open("mysql", "app:${SECRET}@tcp([::1]:3306)/db?tls=skip-verify&parseTime=true")`],
  ['.env', `export DATABASE_URL='mysql://u:${SECRET}@h/db'\r\nDB_CONNECTION=mysql\r\nDB_HOST=127.0.0.1\r\nDB_PASSWORD="${SECRET}"\r\nMYSQL_ATTR_SSL_CA=/ca.pem\r\nMYSQL_HOST=h\nMYSQL_PORT=33x6\n`],
  ['my.cnf', `!include /x\n[client]\nhost=h\npassword="${SECRET}"\nssl-mode=VERIFY_IDENTITY\n[mysql]\nssl-verify-server-cert\nport=99999\n[client-mariadb]\nskip-ssl\n`],
  ['app.ini', `[db]\nurl = mariadb://u:${SECRET}@h:3306/x?ssl_mode=require\n`],
  // Words that are also names on Object.prototype must stay plain unknown words.
  ['Proto.java', 'a = "jdbc:mariadb://h/db?sslMode=constructor&tlsVersions=toString"; b = "mysql+constructor://u@h/d?ssl-mode=__proto__"; c = "u@tcp(h)/d?tls=constructor"'],
  ['proto.cnf', '[client]\nhost=h\nconstructor=x\ntoString=y\nssl-mode=hasOwnProperty\ntls-version=constructor\n'],
];
const ALPHABET = ['"', "'", '`', '\\', '%', '%2', '@', ':', '/', '?', '&', '=', '#', ';', '(', ')', '[', ']', '{', '}', ',', ' ', '\n', '\r', '\t', '\0', 'mysql://', 'jdbc:mariadb://', '@tcp(', 'unix(', 'export ', '[client]', 'ssl-mode=', 'MYSQL_HOST=', 'constructor', '__proto__', 'é', '\ud800', '💥'];
const FILES = ['x.ts', '.env', '.env.prod', 'my.cnf', 'a.ini', 'config.yaml', 'schema.prisma'];

function mutate(rand: () => number, text: string): string {
  return mutateText(rand, text, ALPHABET, (t, at) => t.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x250)) + t.slice(at));
}

function randomText(rand: () => number): string {
  let t = '';
  const n = Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) t += ALPHABET[Math.floor(rand() * ALPHABET.length)] + (rand() < 0.3 ? 'h' : '');
  return t;
}

function checkConnection(c: Connection, len: number): void {
  assertConnectionShape(c, len, SECRET);
  for (const k of Object.keys(c.params)) assert.match(k, /^[a-zA-Z]+$/);
  if (c.password?.reveal().includes(SECRET)) for (const p of c.problems) assert.ok(!p.message.includes(SECRET), `password in problem: ${p.message}`);
}

const CHANGES: ParamChange[] = [
  { param: 'mode', value: 'VERIFY_IDENTITY' },
  { param: 'mode', value: 'DISABLED' },
  { param: 'ca', value: '/x y/ca.pem' },
  { param: 'host', value: '::1' },
  { param: 'tlsVersions', value: ['TLSv1.2', 'TLSv1.3'] },
];

test('random and mutated texts in every file kind: no throw, spans inside, no password leaks', () => {
  const rand = rng(SEED);
  let connections = 0;
  for (let i = 0; i < CASES; i++) {
    const [baseFile, base] = CORPUS[i % CORPUS.length];
    const text = i % 5 === 4 ? randomText(rand) : mutate(rand, base);
    const file = i % 3 === 0 ? FILES[Math.floor(rand() * FILES.length)] : baseFile;
    const r = readText(file, text);
    for (const p of r.problems) {
      assertInside(p.span, text.length, 'file problem');
      assert.ok(!p.message.includes(SECRET));
    }
    for (const c of r.connections) {
      checkConnection(c, text.length);
      connections++;
      const plan = planEdit(text, c, CHANGES[i % CHANGES.length]);
      if ('edits' in plan) for (const e of plan.edits) assertInside(e.span, text.length, 'edit');
      else assert.ok(!plan.error.includes(SECRET), 'password in edit error');
    }
    const one = parseConnectionString(text.slice(0, 300));
    if (one.connection) checkConnection(one.connection, Math.min(300, text.length));
    for (const p of one.problems) assert.ok(!p.message.includes(SECRET));
  }
  assert.ok(connections > CASES / 4, `mutations still yield connections (${connections})`);
});

/** The median of seven runs' CPU time after a warm-up run, in ms: on a shared machine the wall
 *  clock measures the other processes too. */
function time(fn: () => void): number {
  return medianCpuMs(fn);
}

const PATHOLOGICAL: [string, string, string][] = [
  ['x.ts', 'repeated schemes', 'mysql://'],
  ['x.ts', 'quoted schemes never closed', '"mysql://a'],
  ['x.ts', 'Go userinfo before networks', 'a@tcp('],
  ['x.ts', 'unclosed Go addresses', 'tcp(h:1'],
  ['x.ts', 'JDBC host lists', 'jdbc:mysql://h,'],
  ['x.ts', 'query separators', 'mysql://h/d?&=%'],
  ['x.ts', 'brackets and braces', 'mysql://[({'],
  ['a.yml', 'YAML url keys in one block', '\n  url: mysql://h/d'],
  ['a.properties', 'property url keys', '\na.url=jdbc:mysql://h/d'],
  ['.env', 'unclosed quotes', 'A="b'],
  ['.env', 'keys with no value', 'MYSQL_HOST'],
  ['my.cnf', 'groups never closed', '[client'],
  ['my.cnf', 'quoted option values', 'a="\\'],
];

for (const [file, what, unit] of PATHOLOGICAL) {
  test(`a 200 KB line of ${what} reads in linear time (${file})`, () => {
    const small = unit.repeat(Math.ceil(20_000 / unit.length));
    const big = unit.repeat(Math.ceil(200_000 / unit.length));
    const tSmall = time(() => readText(file, small));
    const tBig = time(() => readText(file, big));
    // Quadratic work would take ~100x for 10x the input; allow 30x for noise on a shared machine.
    assert.ok(tBig < 30 * Math.max(tSmall, 3), `${what}: 20 KB ${tSmall.toFixed(1)} ms, 200 KB ${tBig.toFixed(1)} ms`);
    if (file === 'x.ts') {
      const tOne = time(() => parseConnectionString(big));
      assert.ok(tOne < 30 * Math.max(time(() => parseConnectionString(small)), 3), `${what}: parseConnectionString not linear`);
    }
  });
}
