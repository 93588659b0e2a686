import { explainError } from '../../engine/explain';
import { terminalSafe } from '../../engine/report/escape';
import { preferredFix } from '../../engine/fixes/preferred';
import { fixLines, wrap } from '../../engine/report/text';
import { parse } from '../args';
import { EXIT, UsageError } from '../errors';
import { runner } from '../runner';
import type { CommandIo } from '../io';

export async function explainCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  let text = positionals.join(' ');
  if (!text) {
    if (io.stdinIsTty) throw new UsageError('paste the error message as an argument, or pipe it on stdin');
    text = await io.readStdin();
  }
  if (!text.trim()) throw new UsageError('the error message is empty');
  io.secrets.addPasted(text);
  const ex = explainError(text);
  if (values.json) {
    io.out(io.secrets.json(ex) + '\n');
    return EXIT.ok;
  }
  return printExplanation(terminalSafe(ex), io);
}

function printExplanation(ex: ReturnType<typeof explainError>, io: CommandIo): number {
  const s = io.style;
  if (ex.unknown) io.out(s.yellow('No known cause matches this message.') + '\n');
  else if (!ex.findings.length) {
    // Recognised (a wrapper such as "Could not create connection") but naming no cause: say so, then what to run.
    const seen = ex.matches.map((m) => `"${m.excerpt}" (${m.client})`).join(', ');
    io.out(s.yellow('Recognised, but this message names no cause: ') + wrap(seen, 88).join('\n  ') + '\n');
  }
  ex.findings.forEach((f, i) => {
    io.out(`${i === 0 ? s.bold('Most likely:') : s.dim('Also possible:')} ${s.bold(f.title)}  ${s.dim(f.code)}${f.cause ? s.dim(` (cause ${f.cause})`) : ''}\n`);
    io.out(wrap(f.detail, 88).map((l) => `  ${l}\n`).join(''));
    const preferred = preferredFix(f);
    for (const fix of f.fixes) io.out(fixLines(fix, s, '  ', fix === preferred).map((l) => `${l}\n`).join(''));
    io.out('\n');
  });
  for (const m of ex.misleading) io.out(s.yellow('Beware: ') + wrap(m, 88).join('\n  ') + '\n');
  if (!ex.findings.length && ex.checks.length) io.out(s.bold('Next checks:\n') + ex.checks.map((c) => `  - ${c}\n`).join(''));
  return EXIT.ok;
}

export const run = runner(explainCommand);
