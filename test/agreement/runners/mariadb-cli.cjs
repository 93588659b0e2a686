// Agreement runner for the mariadb command-line client: one case a line ({ id, file }), each run as
// `mariadb --defaults-file=FILE -e 'SELECT 1'` (the option file is all it reads), bounded.
const { spawnSync } = require('node:child_process');
const readline = require('node:readline');

async function main() {
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    const r = spawnSync('mariadb', [`--defaults-file=${c.file}`, '--connect-timeout=5', '-N', '-B', '-e', 'SELECT 1'], { encoding: 'utf8', timeout: 15000, stdio: ['ignore', 'pipe', 'pipe'] });
    const ok = r.status === 0 && r.stdout.trim() === '1';
    const error = ok ? undefined : (r.stderr || r.stdout || (r.error && r.error.message) || `exit ${r.status}`).trim();
    process.stdout.write(JSON.stringify({ id: c.id, ok, error }) + '\n');
  }
}
main();
