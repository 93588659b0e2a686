// Benchmark: scanDirectory over a generated 10,000-file project, as the CLI runs it (ripgrep from
// PATH doing the byte search) and with the built-in search alone, against ripgrep listing the
// files that mention MySQL (`rg -l 'mysql|mariadb|tcp\('`). Best of 8 each (the machine is shared;
// the fastest run is the least disturbed).
//   node --import tsx bench/scan.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ripgrepOnPath } from '../src/engine/scan/ripgrep';
import { scanDirectory } from '../src/engine/scan/scan';

const FILES = 10_000;
const PER_DIR = 100;
const ROUNDS = 8;

const CODE = [
  'export function handler(req, res) {\n  const id = Number(req.params.id);\n  return res.json({ id, ok: true });\n}\n',
  'def load(path):\n    with open(path) as f:\n        return [line.strip() for line in f if line]\n',
  'func Sum(xs []int) (t int) {\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn\n}\n',
  'public class Item {\n  private final String name;\n  public Item(String name) { this.name = name; }\n}\n',
];
const CONNECTIONS = [
  'const url = "mysql://app:pw@127.0.0.1:3306/app?ssl-mode=REQUIRED";\n',
  'db, _ := sql.Open("mysql", "u:p@tcp(127.0.0.1:3306)/d?tls=true")\n',
  'String u = "jdbc:mysql://db:3306/x?sslMode=VERIFY_CA";\n',
];

/** A project tree: mostly code, 1 in 50 files with a connection string, some .env and .cnf files. */
export function generate(dir: string): void {
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `pkg${Math.floor(i / PER_DIR)}`);
    if (i % PER_DIR === 0) mkdirSync(sub, { recursive: true });
    if (i % 97 === 0) writeFileSync(join(sub, `.env.${i}`), `APP=x\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\n`);
    else if (i % 199 === 0) writeFileSync(join(sub, `c${i}.cnf`), `[client]\nhost=127.0.0.1\nssl-mode=REQUIRED\n`);
    else {
      const ext = ['ts', 'py', 'go', 'java'][i % 4];
      const body = CODE[i % 4].repeat(20 + (i % 30)) + (i % 50 === 0 ? CONNECTIONS[i % 3] : '');
      writeFileSync(join(sub, `f${i}.${ext}`), body);
    }
  }
}

async function best(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return Math.round(min * 10) / 10;
}

export async function benchScan(): Promise<{ files: number; scanMs: number; builtInMs: number; rgMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-bench-scan-'));
  try {
    generate(dir);
    const ripgrep = ripgrepOnPath();
    // -1 says ripgrep is not installed (scripts/install-test-deps.sh installs it).
    if (!ripgrep) return { files: FILES, scanMs: -1, builtInMs: await best(ROUNDS, () => scanDirectory(dir)), rgMs: -1 };
    const rg = () => spawnSync(ripgrep, ['-l', 'mysql|mariadb|tcp\\(', dir], { stdio: 'ignore' });
    // Interleaved, so a slow spell of the shared machine falls on all three alike.
    const times = { scanMs: Infinity, builtInMs: Infinity, rgMs: Infinity };
    for (let i = 0; i < ROUNDS; i++) {
      times.scanMs = Math.min(times.scanMs, await best(1, () => scanDirectory(dir, { ripgrep })));
      times.builtInMs = Math.min(times.builtInMs, await best(1, () => scanDirectory(dir)));
      times.rgMs = Math.min(times.rgMs, await best(1, rg));
    }
    return { files: FILES, ...times };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchScan().then(
    (r) => console.log(JSON.stringify(r)),
    (err: Error) => {
      console.error(`bench/scan.ts failed: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
