// The layering the README's "How it is built" promises: the engine knows nothing of its faces
// (the VS Code extension, the CLI) nor of `vscode`, and no module reaches itself through its imports.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const SRC = path.join(__dirname, '../../src');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file names: `import … from`, `export … from`, `import(…)`, `require(…)`, type-only ones too. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

/** A relative specifier as the file it names (`./x` is `x.ts` or `x/index.ts`). */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && fs.existsSync(p));
}

test('the engine imports neither vscode nor the extension nor the CLI', () => {
  const engine = path.join(SRC, 'engine');
  const faces = [path.join(SRC, 'extension') + path.sep, path.join(SRC, 'cli') + path.sep];
  const offences: string[] = [];
  for (const file of tsFiles(engine)) {
    for (const spec of specifiers(file)) {
      const target = resolveLocal(file, spec);
      const face = target && faces.some((f) => target.startsWith(f));
      if (spec === 'vscode' || spec.startsWith('vscode/') || face) offences.push(`${path.relative(SRC, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(offences, []);
});

test('no module of src reaches itself through its imports (no import cycle)', () => {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(SRC)) graph.set(file, specifiers(file).map((s) => resolveLocal(file, s)).filter((t): t is string => !!t));
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)).join(' > '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});
