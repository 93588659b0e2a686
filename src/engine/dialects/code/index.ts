// The readers of connections written in code and framework config, by the file's language. Each
// returns undefined when it has nothing to say (no grammar loaded yet, not its kind of file).
import type { Connection, ReadResult } from '../../model/connection';
import type { ReadContext } from '../text';
import { projectEnv, type EnvLookup } from './env';
import { grammarOf, grammarReady, loadGrammarFor } from './grammars';
import { readJs } from './js';
import { phpModule } from './sideModules';
import { readGo } from './go';
import { readPython } from './python';
import { readYaml } from '../yaml/yaml';

export interface CodeReadOptions {
  /** The project's .env as the code reads it; by default the nearest .env on disk. */
  env?: EnvLookup;
}

export function readCode(file: string, text: string, ctx: ReadContext, opts: CodeReadOptions): ReadResult | undefined {
  if (/\.ya?ml$/i.test(file)) return readYaml(text, ctx, lazyEnv(file, opts));
  const g = grammarOf(file);
  if (!g || !grammarReady(g)) return undefined;
  const env = lazyEnv(file, opts);
  switch (g) {
    case 'javascript':
    case 'tsx':
      return readJs(text, ctx, g, env);
    case 'python':
      return readPython(text, ctx, env);
    case 'php':
      return phpModule().readPhp(text, ctx, env);
    case 'go':
      return readGo(text, ctx);
    default:
      return undefined;
  }
}

/** Whether reading this file would use a grammar that is not loaded yet. */
export function needsGrammar(file: string): boolean {
  const g = grammarOf(file);
  return g !== undefined && !grammarReady(g);
}

export { loadGrammarFor };

/** The .env is read only when the code asks for a variable. */
function lazyEnv(file: string, opts: CodeReadOptions): EnvLookup {
  if (opts.env) return opts.env;
  let env: EnvLookup | undefined;
  return (key) => (env ??= projectEnv(file))(key);
}

/** The code reader's connections, plus the strings found elsewhere in the file: a URL inside a
 *  connection the code reader read (a knex connection string, a `uri` option) is that connection. */
export function mergeCode(strings: ReadResult, code: ReadResult): ReadResult {
  // One sweep over both lists in text order (code connections may nest: the widest seen so far counts).
  const spans = code.connections.map((c) => c.span).sort((a, b) => a.start - b.start);
  const kept: Connection[] = [];
  let j = 0;
  let reach = -1;
  let from = -1;
  for (const c of [...strings.connections].sort((a, b) => a.span.start - b.span.start)) {
    while (j < spans.length && spans[j].start <= c.span.start) {
      if (spans[j].end > reach) {
        reach = spans[j].end;
        from = spans[j].start;
      }
      j++;
    }
    if (!(from >= 0 && from <= c.span.start && c.span.end <= reach)) kept.push(c);
  }
  const connections = [...kept, ...code.connections].sort((a, b) => a.span.start - b.span.start);
  return { connections, problems: [...strings.problems, ...code.problems] };
}
