// Edits a connection read from JavaScript/TypeScript in its own syntax: a string's content replaced
// inside its quotes (the quote kind kept, escaped for it), `true`/`false` replaced, a missing key
// added to the object it belongs in (on its own line with the pair's indentation when the object
// spans lines, else `, key: value`), a CA path the driver would take as PEM wrapped in readFileSync.
import type { Connection, ParamLocation, TlsVersion } from '../../model/connection';
import type { Span, TextEdit } from '../../model/span';
import { grammarOf, withTree, type SyntaxNode } from '../code/grammars';
import { badHost, fail, type EditResult, type ParamChange } from './common';

export function jsEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const g = conn.file ? grammarOf(conn.file) : undefined;
  const shape = g ? withTree(g, text, (root) => shapeOf(root, text, conn)) : undefined;
  if (!shape) return fail('the code is not where it was read (or its grammar is not loaded): read the file again');
  const w = new JsEdits(text, conn, shape);
  switch (change.param) {
    case 'host': {
      const bad = badHost(change.value);
      return bad ? fail(bad) : w.setString('host', change.value);
    }
    case 'mode':
      return w.mode(change.value);
    case 'ca':
    case 'cert':
    case 'key':
      return w.file(change.param, change.value);
    case 'tlsVersions':
      return w.versions(change.value);
  }
}

/** Where the options and their ssl object are, from the tree. */
interface Shape {
  /** The object holding host/ssl (the driver's options). */
  options?: Span;
  /** The `ssl: { … }` object, when ssl is an object literal. */
  ssl?: Span;
  /** The file imports/requires fs: how readFileSync is spelled there. */
  readFile: string;
  esm: boolean;
}

function shapeOf(root: SyntaxNode, text: string, conn: Connection): Shape {
  const anchor = conn.params.mode ?? conn.params.host ?? conn.params.user ?? conn.params.port;
  let options: Span | undefined;
  let ssl: Span | undefined;
  if (anchor) {
    const obj = smallestObjectWithPair(root, anchor.span);
    if (obj) options = { start: obj.startIndex, end: obj.endIndex };
  }
  const mode = conn.params.mode;
  if (mode && mode.key === 'ssl' && text[mode.valueSpan.start] === '{') ssl = mode.valueSpan;
  return { options, ssl, ...readFileSpelling(root), esm: hasImport(root) };
}

function smallestObjectWithPair(root: SyntaxNode, pair: Span): SyntaxNode | undefined {
  let n: SyntaxNode | undefined = root;
  let best: SyntaxNode | undefined;
  while (n) {
    const next: SyntaxNode | undefined = n.namedChildren.find((k) => k.startIndex <= pair.start && pair.end <= k.endIndex);
    if (!next) break;
    if (next.type === 'object' && next.namedChildren.some((k) => k.startIndex === pair.start && k.endIndex === pair.end)) best = next;
    n = next;
  }
  return best;
}

function readFileSpelling(root: SyntaxNode): { readFile: string } {
  let named = false;
  let fsName: string | undefined;
  for (const st of root.namedChildren) {
    const t = st.text;
    if (!/['"](?:node:)?fs['"]/.test(t)) continue;
    if (/\breadFileSync\b/.test(t) && /[{,]\s*readFileSync\s*[,}]/.test(t)) named = true;
    const m = /(?:import\s+(?:\*\s+as\s+)?|(?:const|let|var)\s+)([A-Za-z_$][\w$]*)\s*(?:from|=\s*require)/.exec(t);
    if (m) fsName = m[1];
  }
  return { readFile: named ? 'readFileSync' : fsName ? `${fsName}.readFileSync` : '' };
}

function hasImport(root: SyntaxNode): boolean {
  return root.namedChildren.some((k) => k.type === 'import_statement' || k.type === 'export_statement');
}

class JsEdits {
  private readonly edits: TextEdit[] = [];

  constructor(
    private readonly text: string,
    private readonly conn: Connection,
    private readonly shape: Shape,
  ) {}

  /** Replaces a string value in its quotes; refuses values the code computes. */
  setString(param: 'host', value: string): EditResult {
    const loc = this.conn.params[param];
    if (!loc) {
      if (!this.shape.options) return fail(`no ${param} is written in this connection's options to change`);
      this.insert(this.shape.options, `host: ${this.quote(value)}`);
      return this.result();
    }
    const why = this.notLiteral(loc, param);
    if (why) return fail(why);
    this.edits.push({ span: loc.valueSpan, newText: escapeFor(value, this.text[loc.valueSpan.start - 1]) });
    return this.result();
  }

  mode(mode: string): EditResult {
    if (mode === 'PREFERRED') return fail("Node's MySQL drivers have no PREFERRED: with `ssl` they require TLS, without it they use none");
    const mp = this.conn.params.mode;
    if (mode === 'DISABLED') {
      if (!mp) return { edits: [] };
      if (mp.key !== 'ssl') return fail('this connection sets TLS in its URL: change the URL');
      this.edits.push({ span: valueNodeSpan(this.text, mp.valueSpan), newText: 'false' });
      return this.result();
    }
    const reject = mode !== 'REQUIRED';
    this.setBool('verifyServerCert', 'rejectUnauthorized', reject);
    if (mode === 'VERIFY_IDENTITY') this.setBool('verifyIdentity', 'verifyIdentity', true);
    else if (this.conn.params.verifyIdentity) this.setBool('verifyIdentity', 'verifyIdentity', false);
    return this.result();
  }

  file(param: 'ca' | 'cert' | 'key', path: string): EditResult {
    const loc = this.conn.params[param];
    const read = this.readCall(path);
    if (loc) {
      const why = this.notLiteral(loc, param);
      if (why) return fail(why);
      const inRead = /readFileSync\s*\(\s*$/.test(this.text.slice(Math.max(0, loc.valueSpan.start - 40), loc.valueSpan.start - 1));
      if (inRead) this.edits.push({ span: loc.valueSpan, newText: escapeFor(path, this.text[loc.valueSpan.start - 1]) });
      else this.edits.push({ span: valueNodeSpan(this.text, loc.valueSpan), newText: read });
      return this.result();
    }
    this.inSsl(`${param}: ${read}`);
    return this.result();
  }

  versions(v: TlsVersion[]): EditResult {
    const lo = v[0];
    const hi = v[v.length - 1];
    this.setText('minVersion', lo);
    if (hi !== 'TLSv1.3' || this.has('maxVersion')) this.setText('maxVersion', hi);
    return this.result();
  }

  // ---- pieces --------------------------------------------------------------------------------

  private setBool(param: 'verifyServerCert' | 'verifyIdentity', key: string, value: boolean): void {
    const loc = this.conn.params[param];
    if (loc) this.edits.push({ span: loc.valueSpan, newText: String(value) });
    else this.inSsl(`${key}: ${value}`);
  }

  private has(key: string): boolean {
    return this.shape.ssl !== undefined && new RegExp(`\\b${key}\\s*:`).test(this.text.slice(this.shape.ssl.start, this.shape.ssl.end));
  }

  /** minVersion/maxVersion: replaced when written (a string), else added to ssl. */
  private setText(key: string, value: string): void {
    const ssl = this.shape.ssl;
    if (ssl) {
      const m = new RegExp(`\\b${key}\\s*:\\s*(['"\`])([^'"\`]*)\\1`).exec(this.text.slice(ssl.start, ssl.end));
      if (m) {
        const at = ssl.start + m.index + m[0].length - 1 - m[2].length;
        this.edits.push({ span: { start: at, end: at + m[2].length }, newText: value });
        return;
      }
    }
    this.inSsl(`${key}: ${this.quote(value)}`);
  }

  /** Adds `entry` to the ssl object, or to a new `ssl: { … }` when there is none (see result()). */
  private inSsl(entry: string): void {
    if (this.shape.ssl) this.insert(this.shape.ssl, entry);
    else this.newSsl.push(entry);
  }

  private readonly newSsl: string[] = [];

  /** The ssl object that did not exist: replaces `ssl: true` or a profile string (true meant "TLS,
   *  checked": so does the object), or is added to the options. */
  private writeNewSsl(): string | undefined {
    if (!this.newSsl.length) return undefined;
    const obj = `{ ${this.newSsl.join(', ')} }`;
    const mp = this.conn.params.mode;
    if (mp?.key === 'ssl') this.edits.push({ span: valueNodeSpan(this.text, mp.valueSpan), newText: obj });
    else if (this.shape.options) this.insert(this.shape.options, `ssl: ${obj}`);
    else return 'the options object of this connection is not written here: add `ssl: { … }` where it is built';
    return undefined;
  }

  private failed: string | undefined;

  /** Pairs to add, by object: one edit per object, in the object's layout (see placed()). */
  private readonly pending = new Map<number, { obj: Span; entries: string[] }>();

  private insert(obj: Span, entry: string): void {
    const p = this.pending.get(obj.start) ?? { obj, entries: [] };
    p.entries.push(entry);
    this.pending.set(obj.start, p);
  }

  /** Pairs inserted before an object's closing brace: after the last pair, on a line of their own
   *  with its indentation when the object spans lines, keeping a trailing comma if it had one. */
  private placed(obj: Span, entries: string[]): TextEdit {
    let i = obj.end - 2;
    while (i > obj.start && /\s/.test(this.text[i])) i--;
    if (i <= obj.start) return { span: { start: obj.start + 1, end: obj.end - 1 }, newText: ` ${entries.join(', ')} ` };
    const trailing = this.text[i] === ',';
    const at = i + 1;
    if (this.text.slice(obj.start, obj.end).includes('\n')) {
      const indent = indentOfLastPair(this.text, obj.start, trailing ? i : at);
      const lines = entries.map((e) => `\n${indent}${e}`).join(',');
      return { span: { start: at, end: at }, newText: trailing ? `${lines},` : `,${lines}` };
    }
    return { span: { start: at, end: at }, newText: trailing ? ` ${entries.join(', ')},` : `, ${entries.join(', ')}` };
  }

  private readCall(path: string): string {
    const fn = this.shape.readFile || (this.shape.esm ? "(await import('node:fs')).readFileSync" : "require('node:fs').readFileSync");
    return `${fn}(${this.quote(path)})`;
  }

  /** The file's own quote: the first string literal's. */
  private quote(value: string): string {
    const q = /['"]/.exec(this.text)?.[0] === '"' ? '"' : "'";
    return q + escapeFor(value, q) + q;
  }

  private notLiteral(loc: ParamLocation, param: string): string | undefined {
    const q = this.text[loc.valueSpan.start - 1];
    const literal = (q === "'" || q === '"' || q === '`') && this.text[loc.valueSpan.end] === q;
    if (literal) return undefined;
    const origin = this.conn.origins?.[param as 'host'];
    if (origin?.startsWith('from ')) return `${param} comes ${origin}: change it there`;
    return `${param} is computed by the code (${origin ?? 'not a literal'}): change it where it is set`;
  }

  private result(): EditResult {
    this.failed ??= this.writeNewSsl();
    if (this.failed) return fail(this.failed);
    const inserted = [...this.pending.values()].map((p) => this.placed(p.obj, p.entries));
    return { edits: [...this.edits, ...inserted].sort((x, y) => x.span.start - y.span.start) };
  }
}

/** A string value's span including its quotes, else the span itself. */
function valueNodeSpan(text: string, s: Span): Span {
  const q = text[s.start - 1];
  if ((q === "'" || q === '"' || q === '`') && text[s.end] === q) return { start: s.start - 1, end: s.end + 1 };
  return s;
}

function indentOfLastPair(text: string, objStart: number, lastEnd: number): string {
  // The indentation of the line where the last pair starts (or ends, for a one-line pair).
  let lineStart = text.lastIndexOf('\n', lastEnd - 1) + 1;
  if (lineStart <= objStart) lineStart = objStart + 1;
  let i = lineStart;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '}' || text[i] === ']' || text[i] === ')') {
    // The last pair ends in a nested object's closing brace: use the line that opened it.
    const open = text.lastIndexOf('\n', text.lastIndexOf('{', lastEnd - 1)) + 1;
    let j = Math.max(open, objStart + 1);
    while (text[j] === ' ' || text[j] === '\t') j++;
    return text.slice(Math.max(open, objStart + 1), j);
  }
  return text.slice(lineStart, i);
}

/** The value escaped for a string in quote `q`. */
function escapeFor(value: string, q: string | undefined): string {
  let out = value.replace(/\\/g, '\\\\');
  if (q === "'" || q === '"' || q === '`') out = out.split(q).join(`\\${q}`);
  if (q === '`') out = out.replace(/\$\{/g, '\\${');
  return out.replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
