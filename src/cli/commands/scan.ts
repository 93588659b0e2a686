import { statSync } from 'node:fs';
import { ripgrepOnPath } from '../../engine/scan/ripgrep';
import { terminalSafe, terminalText } from '../../engine/report/escape';
import { scanDirectory, type ScanEntry } from '../../engine/scan/scan';
import { parse } from '../args';
import { EXIT, UsageError } from '../errors';
import { runner } from '../runner';
import type { CommandIo } from '../io';

export async function scanCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const dir = positionals[0] ?? '.';
  if (positionals.length > 1) throw new UsageError(`one folder at a time, got ${positionals.join(' ')}`);
  const notFolder = whyNotFolder(dir);
  if (notFolder) throw new UsageError(`cannot scan ${dir}: ${notFolder}`);
  const result = await scanDirectory(dir, { ripgrep: ripgrepOnPath() });
  io.secrets.addConnections(result.connections);
  if (values.json) {
    io.out(io.secrets.json(result.entries) + '\n');
    return EXIT.ok;
  }
  const { entries, problems } = terminalSafe({ entries: result.entries, problems: result.problems });
  const rows = entries.map((e) => [
    `${e.file}:${e.line}:${e.column}`,
    e.dialect,
    driverCell(e),
    `${e.user ? `${e.user}@` : ''}${e.host ?? '(no host)'}:${e.port}`,
    e.sslMode ?? '(driver default)',
  ]);
  io.out(table([['where', 'dialect', 'driver', 'connection', 'ssl-mode'], ...rows]));
  for (const p of problems) io.out(io.style.yellow(`${p.file}:${p.line}:${p.column}: ${p.message}`) + '\n');
  const by = result.search === 'ripgrep' ? ' (byte search by ripgrep)' : '';
  io.out(io.style.dim(`${result.entries.length} connection(s) in ${result.filesSearched} file(s) searched under ${terminalText(dir)}${by}`) + '\n');
  return EXIT.ok;
}

/** `mysql2`, or `mysql2 3.9.7 (package.json)` when the project decided it. */
function driverCell(e: ScanEntry): string {
  const version = e.driverVersion ? ` ${e.driverVersion}` : '';
  const src = e.driverSource;
  if (src?.startsWith('project:')) return `${e.driver}${version} (${src.slice('project:'.length)})`;
  return src === 'setting' || src === 'option' ? `${e.driver}${version} (${src})` : `${e.driver}${version}`;
}

function whyNotFolder(p: string): string | undefined {
  try {
    return statSync(p).isDirectory() ? undefined : 'it is a file, not a folder';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'no such folder' : code === 'EACCES' ? 'permission denied' : `it cannot be read (${code})`;
  }
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

export const run = runner(scanCommand);
