import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseConnectionString } from '../../engine/dialects';
import { diagnose } from '../../engine/diagnose';
import { makeDemoPki, removeDemoPki, SCENARIOS, startScenario } from '../../engine/demo/scenarios';
import { renderText } from '../../engine/report/text';
import { parse } from '../args';
import { lintCommand } from './lint';
import { EXIT } from '../errors';
import { runner } from '../runner';
import type { Io } from '../io';

/** Starts one faulty server per cause on loopback, diagnoses each, and says whether the cause was named. */
export async function demoCommand(args: string[], io: Io): Promise<number> {
  parse(args, {});
  const s = io.style;
  io.out(s.bold('MySQL TLS Doctor demo: one built-in faulty server per cause, on 127.0.0.1\n\n'));
  const pki = makeDemoPki();
  let named = 0;
  try {
    for (const [i, scenario] of SCENARIOS.entries()) {
      const running = await startScenario(scenario, pki);
      try {
        const { connection } = parseConnectionString(running.connection);
        if (!connection) throw new Error(`demo connection did not parse: ${running.connection}`);
        const report = await diagnose(connection, { timeoutMs: 3000, auth: false });
        const hit = report.findings.some((f) => f.code === scenario.expect);
        if (hit) named++;
        const cause = scenario.cause ? ` (cause ${scenario.cause})` : '';
        io.out(s.bold(`[${i + 1}/${SCENARIOS.length}] ${scenario.title}${cause}\n`));
        io.out(s.dim(`      ${running.connection.replaceAll(pki.dir, '<demo>')}\n`));
        io.out(indent(renderText(report, s)));
        io.out((hit ? s.green(`  => named: ${scenario.expect}`) : s.red(`  => expected ${scenario.expect}, not found`)) + '\n\n');
      } finally {
        await running.server.close();
      }
    }
  } finally {
    removeDemoPki(pki);
  }
  const all = named === SCENARIOS.length;
  io.out((all ? s.green : s.red)(`${named} of ${SCENARIOS.length} faulty servers diagnosed with the right cause.\n`));
  await lintExamples(io);
  return all ? EXIT.ok : EXIT.findings;
}

/** Then what needs no server: `lint` of the sample project, when it is there (a clone of the repository). */
async function lintExamples(io: Io): Promise<void> {
  const dir = join(__dirname, '..', 'examples', 'workspace');
  if (!existsSync(dir)) return;
  const shown = relative(process.cwd(), dir) || '.';
  io.out(io.style.bold(`\nAnd without any server: mysql-tls-doctor lint ${shown}\n\n`));
  await lintCommand([shown, '--fail-on', 'never'], io);
}

function indent(text: string): string {
  return text.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}

export const run = runner(demoCommand);
