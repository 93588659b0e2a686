// The leak property: a random password (every printable ASCII character, some non-ASCII ones),
// written in each dialect and each spelling a user may use, reaches no surface: scan text and
// JSON, diagnose text, JSON and Markdown (against 127.0.0.1:1, where nothing listens, so each run
// ends at once) and explain text and JSON (the password pasted in an error or log). "Reaches"
// means: the output holds a 4-character piece of it that neither the input's other parts nor the
// tool's own words (the same spelling's output for another password) hold. The CLI runs in this
// process (runMain). FUZZ_CASES / 50 cases (14 by default: each spelling once);
// `npm run fuzz` runs 1,000 (each spelling 71 times or more); FUZZ_SEED replays a run.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { leakedFragments } from '../helpers/canary';
import { fuzzCases, fuzzSeed, rng } from '../helpers/fuzz';
import { runMain } from '../helpers/run-main';
import { tempDir } from '../helpers/temp-dir';

const SEED = fuzzSeed();
const SPELLING_COUNT = 14;
const CASES = Math.max(SPELLING_COUNT, Math.floor(fuzzCases(SPELLING_COUNT * 50) / 50));
const TARGET = '127.0.0.1:1';
const ERROR = 'ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed';

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const NON_ASCII = ['é', 'ß', 'ü', 'Ω', 'я', '中', '文', '€', '😀', '\u00a0'];

function randomPassword(r: () => number): string {
  const n = 8 + Math.floor(r() * 17);
  let pw = '';
  for (let i = 0; i < n; i++) pw += r() < 0.1 ? NON_ASCII[Math.floor(r() * NON_ASCII.length)] : PRINTABLE[Math.floor(r() * PRINTABLE.length)];
  return pw;
}

/** `pw` with the characters a spelling cannot hold replaced (a user of that spelling could not type them). */
function without(pw: string, forbidden: RegExp, edges = false): string {
  let out = pw.replace(forbidden, 'x');
  if (edges) out = out.replace(/^\s+|\s+$/gu, 'x');
  return out;
}

/** Percent-encodes what URL userinfo cannot hold raw; unreserved, sub-delims, `:` and non-ASCII stay. */
function userinfoRaw(pw: string): string {
  return [...pw].map((c) => (/[A-Za-z0-9\-._~!$&'()*+,;=:]|[^\x00-\x7f]/u.test(c) && c !== '\u00a0' ? c : encodeURIComponent(c))).join('');
}

interface Written {
  /** The password as the user meant it (a spelling's forbidden characters replaced). */
  password: string;
  /** `diagnose` arguments and environment. */
  args: string[];
  env: Record<string, string>;
  /** A file to write (scan and diagnose --file then read it). */
  file?: { name: string; text: string };
  /** What a user would paste into explain, with the error. */
  pasted: string;
}

type Spelling = (pw: string) => Written;

/** Pasted as users paste: the error on the same line as the password, so it falls in an excerpt. */
const pasted = (text: string): string => text.split('\n').map((line) => (line.trim() ? `${line} ${ERROR}` : line)).join('\n');
const arg = (password: string, connection: string, shown = connection): Written => ({ password, args: [connection], env: {}, pasted: pasted(shown) });
const file = (password: string, name: string, text: string): Written => ({ password, args: ['--file', name], env: {}, file: { name, text }, pasted: pasted(text) });

const SPELLINGS: Record<string, Spelling> = {
  'URL, userinfo percent-encoded': (pw) => arg(pw, `mysql://app:${encodeURIComponent(pw)}@${TARGET}/shop?ssl-mode=REQUIRED`),
  'URL, userinfo raw where legal': (pw) => arg(pw, `mysql://app:${userinfoRaw(pw)}@${TARGET}/shop?ssl-mode=REQUIRED`),
  'JDBC user and password parameters': (pw) => arg(pw, `jdbc:mysql://${TARGET}/shop?user=app&password=${encodeURIComponent(pw)}&sslMode=REQUIRED`),
  'Go DSN': (pw) => arg(pw, `app:${pw}@tcp(${TARGET})/shop?tls=skip-verify`, `[mysql] dsn "app:${pw}@tcp(${TARGET})/shop?tls=skip-verify":`),
  'Go DSN in Go source, raw string': (pw) => {
    const p = without(pw, /`/g);
    return file(p, 'main.go', `package main\n\nfunc open() {\n\tdb, _ := sql.Open("mysql", \`app:${p}@tcp(${TARGET})/shop?tls=true\`)\n}\n`);
  },
  'URL in TypeScript source': (pw) => file(pw, 'db.ts', `export const url = "mysql://app:${encodeURIComponent(pw)}@${TARGET}/shop?ssl-mode=VERIFY_CA";\n`),
  '.env key group, unquoted': (pw) => {
    const p = without(pw, /[#'"`]/g, true);
    return file(p, '.env', `MYSQL_HOST=127.0.0.1\nMYSQL_PORT=1\nMYSQL_USER=app\nMYSQL_PASSWORD=${p}\n`);
  },
  '.env key group, single, double and back quotes': (pw) => {
    const [q, p] = [["'", without(pw, /'/g)], ['"', without(pw, /["\\]/g)], ['`', without(pw, /`/g)]][pw.length % 3];
    return file(p, '.env', `DB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=1\nDB_USERNAME=app\nDB_PASSWORD=${q}${p}${q}\n`);
  },
  '.env URL-valued key': (pw) => file(pw, '.env', `DATABASE_URL="mysql://app:${encodeURIComponent(pw)}@${TARGET}/shop?ssl-mode=REQUIRED"\n`),
  'option file, password= unquoted': (pw) => {
    const p = without(pw, /[#\\'"]/g, true);
    return file(p, 'my.cnf', `[client]\nhost=127.0.0.1\nport=1\nuser=app\npassword=${p}\n`);
  },
  'option file, password= quoted': (pw) => file(pw, 'my.cnf', `[client]\nhost=127.0.0.1\nport=1\nuser=app\npassword="${pw.replace(/[\\"]/g, '\\$&')}"\n`),
  'JDBC URL in a properties file': (pw) => file(pw, 'application.properties', `spring.datasource.url=jdbc:mysql://${TARGET}/shop?user=app&password=${encodeURIComponent(pw)}&sslMode=VERIFY_CA\n`),
  MYSQL_PWD: (pw) => {
    const p = without(pw, /'/g);
    return { password: p, args: [`mysql://app@${TARGET}/shop`], env: { MYSQL_PWD: p }, pasted: pasted(`$ MYSQL_PWD='${p}' mysql -h 127.0.0.1 -P 1 -u app`) };
  },
  '--password-env': (pw) => {
    const p = without(pw, /'/g);
    return { password: p, args: [`mysql://app@${TARGET}/shop`, '--password-env', 'DB_PW'], env: { DB_PW: p }, pasted: pasted(`$ mysql --password='${p}' -h 127.0.0.1 -P 1`) };
  },
};

assert.equal(Object.keys(SPELLINGS).length, SPELLING_COUNT);

/** Every surface's output for one written password, by name. */
async function surfaces(w: Written, dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const args = [...w.args];
  if (w.file) {
    writeFileSync(join(dir, w.file.name), w.file.text);
    args[1] = join(dir, w.file.name);
    out['scan text'] = await printed(['scan', dir], w.env);
    out['scan JSON'] = await printed(['scan', dir, '--json'], w.env);
  }
  const report = join(dir, 'report.md');
  const diagnose = ['diagnose', ...args, '--timeout', '1000', '--no-auth'];
  out['diagnose text'] = await printed([...diagnose, '--report', report], w.env);
  out['diagnose Markdown'] = readFileSync(report, 'utf8');
  out['diagnose JSON'] = await printed([...diagnose, '--json'], w.env);
  out['explain text'] = await printed(['explain', w.pasted], {});
  out['explain JSON'] = await printed(['explain', '--json', w.pasted], {});
  return out;
}

async function printed(args: string[], env: Record<string, string>): Promise<string> {
  const r = await runMain(args, env);
  assert.ok(r.code === 0 || r.code === 1, `${args.slice(0, 2).join(' ')} exits ${r.code}: ${r.stderr}`);
  return r.stdout + r.stderr;
}

/** The output as read, and as it reads once JSON, Markdown and percent escapes are undone. */
function views(text: string): string {
  const strings: string[] = [];
  try {
    JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
  } catch {
    // not JSON
  }
  const markdown = text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  const percent = text.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return [text, ...strings, markdown, percent].join('\n\u0000\n');
}

/** The input with the password cut out in every way a spelling writes it (raw, encoded, escaped). */
function withoutPassword(input: string, pw: string): string {
  const forms = [pw, encodeURIComponent(pw), userinfoRaw(pw), pw.replace(/[\\"]/g, '\\$&'), JSON.stringify(pw).slice(1, -1)];
  let out = input;
  for (const f of forms.sort((a, b) => b.length - a.length)) out = out.split(f).join('\u0000');
  return out;
}

/** The tool's own words for a spelling: its outputs for a password made of characters no random one shares. */
const baseline = new Map<string, Promise<Record<string, string>>>();
const BASE_PASSWORD = '\u2603\u2603\u2603\u2603\u2603\u2603\u2603\u2603';

describe(`a password written any way reaches no output (seed ${SEED}, ${CASES} cases)`, () => {
  const names = Object.keys(SPELLINGS);
  const r = rng(SEED);
  for (let i = 0; i < CASES; i++) {
    const name = names[i % names.length];
    const pw = randomPassword(r);
    test(`${name}: password ${JSON.stringify(pw)}`, async (t) => {
      const w = SPELLINGS[name](pw);
      if (!baseline.has(name)) baseline.set(name, surfaces(SPELLINGS[name](BASE_PASSWORD), tempDir(t)));
      const [got, base] = await Promise.all([surfaces(w, tempDir(t)), baseline.get(name)!]);
      const input = [w.file?.text ?? '', ...w.args, w.pasted].join('\n');
      for (const [surface, text] of Object.entries(got)) {
        // What the input holds besides this password, and what the tool prints for any password.
        const allowed = views(withoutPassword(input, w.password)) + views(base[surface] ?? '');
        const leaks = leakedFragments(views(text), w.password, allowed);
        assert.deepEqual(leaks, [], `${surface} holds pieces of the password (seed ${SEED}):\n${text.slice(0, 3000)}`);
      }
    });
  }
});
