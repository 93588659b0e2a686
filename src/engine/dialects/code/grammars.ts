// The tree-sitter grammars VS Code itself ships (@vscode/tree-sitter-wasm: its runtime and its
// grammars, built together, so their ABI matches). Nothing is loaded until a file that the byte
// search marked needs a grammar: the runtime (~200 KiB of wasm) and that one language then load
// once, from dist/grammars/ beside the bundle (the build copies them) or from node_modules when run
// from source. Parsing is synchronous once loaded, so readText stays synchronous; callers that
// can wait call loadGrammarFor() first (scan, diagnose --file, the editor's index).
/* eslint-disable @typescript-eslint/no-require-imports */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { baseName } from '../text';

/** The grammars a reader uses; only these ship (esbuild.options.mjs copies GRAMMAR_FILES into
 *  dist/grammars/). TypeScript is read with the TSX grammar, a superset but for `<T>x` casts: one
 *  1.4 MB grammar instead of two. */
export type GrammarName = 'javascript' | 'tsx' | 'python' | 'php' | 'go';

export const GRAMMAR_FILES: readonly string[] = ['tree-sitter.js', 'tree-sitter.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-python.wasm', 'tree-sitter-php.wasm', 'tree-sitter-go.wasm'];

const BY_EXTENSION: Record<string, GrammarName> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'tsx', mts: 'tsx', cts: 'tsx', tsx: 'tsx',
  py: 'python',
  php: 'php',
  go: 'go',
};

/** The grammar a file's name calls for, or undefined. */
export function grammarOf(file: string): GrammarName | undefined {
  const name = baseName(file).toLowerCase();
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const ext = name.slice(dot + 1);
  return Object.hasOwn(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined;
}

/** The parts of web-tree-sitter this code uses (the package's own types describe them whole). */
export interface SyntaxNode {
  type: string;
  startIndex: number;
  endIndex: number;
  text: string;
  isNamed: boolean;
  hasError: boolean;
  parent: SyntaxNode | null;
  children: SyntaxNode[];
  namedChildren: SyntaxNode[];
  childCount: number;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): SyntaxNode[];
}
interface Tree {
  rootNode: SyntaxNode;
  delete(): void;
}
interface ParserLike {
  setLanguage(l: unknown): void;
  parse(text: string): Tree | null;
}
interface Runtime {
  Parser: { init(o: object): Promise<void>; new (): ParserLike };
  Language: { load(path: string): Promise<unknown> };
}

// One state per process: a reader bundled on its own (dist/readers/php.js) holds its own copy of
// this module, and must parse with the grammars the main bundle loaded.
interface GrammarState {
  runtime?: Promise<Runtime | undefined>;
  languages: Map<GrammarName, Promise<unknown>>;
  parsers: Map<GrammarName, ParserLike>;
  failed: Set<GrammarName>;
}
const STATE_KEY = Symbol.for('mysql-tls-doctor.grammars');
const state: GrammarState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as GrammarState | undefined) ??
  ((globalThis as Record<symbol, unknown>)[STATE_KEY] = { languages: new Map(), parsers: new Map(), failed: new Set() } as GrammarState);
const { languages, parsers, failed } = state;

/** The folder holding tree-sitter.js and the grammars: dist/grammars beside the bundle, else the package. */
function grammarDir(): string | undefined {
  const beside = join(__dirname, 'grammars');
  if (existsSync(join(beside, 'tree-sitter.js'))) return beside;
  try {
    const pkg = '@vscode/tree-sitter-wasm/package.json';
    return join(createRequire(__filename).resolve(pkg), '..', 'wasm');
  } catch {
    return undefined;
  }
}

function loadRuntime(): Promise<Runtime | undefined> {
  state.runtime ??= (async () => {
    const dir = grammarDir();
    if (!dir) return undefined;
    // A runtime path: the bundler must not inline the runtime (it stays out of extension.js).
    const rt = createRequire(__filename)(join(dir, 'tree-sitter.js')) as Runtime;
    await rt.Parser.init({ locateFile: (f: string) => join(dir, f) });
    return rt;
  })().catch(() => undefined);
  return state.runtime;
}

/** Loads the grammar this file needs (once); resolves false when there is none or it cannot load. */
export async function loadGrammarFor(file: string): Promise<boolean> {
  const g = grammarOf(file);
  return g ? loadGrammar(g) : false;
}

export async function loadGrammar(g: GrammarName): Promise<boolean> {
  if (parsers.has(g)) return true;
  if (failed.has(g)) return false;
  let lang = languages.get(g);
  if (!lang) {
    lang = (async () => {
      const rt = await loadRuntime();
      const dir = grammarDir();
      if (!rt || !dir) return undefined;
      const l = await rt.Language.load(join(dir, `tree-sitter-${g}.wasm`));
      const p = new rt.Parser();
      p.setLanguage(l);
      parsers.set(g, p);
      return l;
    })().catch(() => undefined);
    languages.set(g, lang);
  }
  const l = await lang;
  if (!l) failed.add(g);
  return l !== undefined;
}

/** Whether the grammar is ready: parsing is then synchronous. */
export function grammarReady(g: GrammarName): boolean {
  return parsers.has(g);
}

/**
 * Parses `text` and hands the root to `use`; the tree's memory (wasm heap) is freed after.
 * Undefined when the grammar is not loaded.
 */
export function withTree<T>(g: GrammarName, text: string, use: (root: SyntaxNode) => T): T | undefined {
  const p = parsers.get(g);
  if (!p) return undefined;
  const tree = p.parse(text);
  if (!tree) return undefined;
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}
