// Issue 12, time: every reader is linear in its input. For each one, an input shaped to make that
// reader work hard is read at size n and 2n; twice the input must not take three times the time
// (quadratic work takes four). Time is this process's CPU time (not the wall clock, which another
// process on a loaded machine stretches), the median of seven reads after a warm-up read, each
// after a full collection. Sizes keep one read's garbage within V8's young generation: past it,
// the copying of survivors makes any allocating reader step up once, linear or not.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConnectionString, readText } from '../../src/engine/dialects';
import { scanDirectory } from '../../src/engine/scan/scan';
import { cpuMsAsync, median, medianCpuMs } from '../helpers/cpu-time';
import { tempDir } from '../helpers/temp-dir';

const RATIO = 3;

function assertLinear(what: string, make: (n: number) => string, read: (text: string) => unknown, n: number): void {
  const small = make(n);
  const large = make(2 * n);
  const a = medianCpuMs(() => read(small));
  const b = medianCpuMs(() => read(large));
  // Below a few milliseconds the clock's grain and the collector decide: such a reader is fast anyway.
  const ratio = b / Math.max(a, 2);
  assert.ok(ratio < RATIO, `${what}: ${small.length} chars took ${a.toFixed(1)} ms, ${large.length} took ${b.toFixed(1)} ms (x${ratio.toFixed(2)})`);
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('');

test('optionFile.ts: thousands of [client] and [mysqlN] groups read in linear time (each group inherits [client] once)', () => {
  const make = (n: number) => lines(n, (i) => (i % 2 ? `[client]\nssl-mode=REQUIRED\nport=33o6\nhost=h${i}\n` : `[mysql${i}]\nhost=h${i}\nuser=u${i}\n`));
  assertLinear('option file groups', make, (t) => readText('my.cnf', t), 2000);
});

test('dotenv.ts: thousands of key groups and Go DSN values read in linear time', () => {
  const make = (n: number) => lines(n, (i) => `P${i}_MYSQL_HOST=h${i}\nP${i}_MYSQL_PORT=3306\nP${i}_DSN=u:p@tcp(h${i}:3306)/db?tls=true\nP${i}_NOTE=plain value ${i}\n`);
  assertLinear('.env key groups', make, (t) => readText('.env', t), 4000);
});

test('dotenvLines.ts: quotes that never close and values spanning lines read in linear time', () => {
  const make = (n: number) => lines(n, (i) => (i % 3 === 0 ? `K${i}="mysql://u@h${i}/db\n` : i % 3 === 1 ? `export K${i}='a\\'b\n` : `K${i}=\`x\ny${i}\`\n`));
  assertLinear('.env quoting', make, (t) => readText('.env', t), 20_000);
});

test('siblingCredentials.ts: many URLs beside their user keys in .properties and YAML read in linear time', () => {
  const props = (n: number) => lines(n, (i) => `app${i % 50}.ds${i}.url=jdbc:mysql://h${i}/db\napp${i % 50}.ds${i}.username=u${i}\n`);
  assertLinear('.properties siblings', props, (t) => readText('application.properties', t), 10_000);
  const yaml = (n: number) => lines(n, (i) => `${' '.repeat(i % 40)}url: jdbc:mysql://h${i}/db\n${' '.repeat(i % 40)}username: u${i}\n`);
  assertLinear('YAML siblings', yaml, (t) => readText('application.yml', t), 10_000);
});

test('find.ts: a line crowded with scheme fragments, @tcp( and quotes reads in linear time', () => {
  const make = (n: number) => lines(n, (i) => `mysql:// a@tcp( "jdbc:mysql:// 'mariadb://h${i} x@unix(/s) `);
  assertLinear('crowded line', make, (t) => readText('notes.txt', t), 10_000);
});

test('text.ts: percent-encoded user names and paths thousands of escapes long read in linear time', () => {
  const make = (n: number) => `mysql://${'%41%2f'.repeat(n)}@h/db?ssl-ca=${'%2e%2e%2f'.repeat(n)}ca.pem`;
  assertLinear('percent escapes', make, (t) => parseConnectionString(t), 40_000);
});

test('uri.ts: a URI with tens of thousands of query parameters and hosts reads in linear time', () => {
  const make = (n: number) => `mysql://u@${'h,'.repeat(n)}h/db?${'ssl-mode=REQUIRED&tls-version=TLSv1.2&'.repeat(n)}ssl={"ca":"x"}`;
  assertLinear('long URI', make, (t) => parseConnectionString(t), 8000);
});

test('jdbc.ts: a JDBC URL with tens of thousands of addresses and properties reads in linear time', () => {
  const make = (n: number) => `jdbc:mysql://${'address=(host=h)(port=1),h:2,'.repeat(n)}h/db?${'sslMode=REQUIRED&useSSL=true&'.repeat(n)}`;
  assertLinear('long JDBC URL', make, (t) => parseConnectionString(t), 8000);
});

test('goDsn.ts: a Go DSN with tens of thousands of parameters and a long user reads in linear time', () => {
  const make = (n: number) => `${'u'.repeat(n)}:${'p@'.repeat(n)}@tcp(h:3306)/db?${'tls=true&timeout=5s&'.repeat(n)}`;
  assertLinear('long Go DSN', make, (t) => parseConnectionString(t), 8000);
});

test('scan: a folder of twice the files takes less than three times the time', async (t) => {
  const root = tempDir(t);
  const tree = (n: number) => {
    const dir = join(root, String(n));
    for (let i = 0; i < n; i++) {
      const sub = join(dir, `d${i % 40}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, i % 2 ? `app${i}.env` : `conf${i}.js`), i % 2 ? `DATABASE_URL=mysql://u@h${i}/db\n` : `const url = "mysql://u@h${i}:3306/db?ssl-mode=REQUIRED";\n`);
    }
    return dir;
  };
  // Under 2,000 files: one thread does the reading for both sizes.
  const [small, large] = [tree(600), tree(1200)];
  const time = async (dir: string) => {
    await scanDirectory(dir);
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) xs.push(await cpuMsAsync(() => scanDirectory(dir)));
    return median(xs);
  };
  const a = await time(small);
  const b = await time(large);
  assert.ok(b / Math.max(a, 2) < RATIO, `600 files ${a.toFixed(1)} ms, 1200 files ${b.toFixed(1)} ms`);
});
