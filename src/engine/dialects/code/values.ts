// What a code reader knows of one value: a literal, a file the code reads, or why it cannot be
// known before run time. Shared by the readers of every language, so that an option means the same
// whichever syntax wrote it.
import type { Connection, ParamKey, ParamLocation } from '../../model/connection';
import type { Span } from '../../model/span';

export type Value =
  /** A string; `span` is its content inside the quotes (what a quick fix replaces). */
  | { kind: 'text'; value: string; span: Span; origin?: string }
  | { kind: 'number'; value: number; span: Span; origin?: string }
  | { kind: 'bool'; value: boolean; span: Span }
  /** fs.readFileSync('ca.pem'), open('ca.pem').read(), file_get_contents(...): the file's text. */
  | { kind: 'file'; path: string; span: Span; origin?: string }
  | { kind: 'object'; pairs: Pair[]; span: Span }
  /** Known only at run time: `why` says what the code reads (`process.env.CA (not in .env)`). */
  | { kind: 'unknown'; why: string; span: Span };

export interface Pair {
  /** The key as written, without quotes. */
  key: string;
  /** The whole `key: value` (what a diagnostic underlines). */
  span: Span;
  value: Value;
}

/** The pairs by key (the last one wins, as in an object literal). */
export function byKey(pairs: readonly Pair[]): Map<string, Pair> {
  const m = new Map<string, Pair>();
  for (const p of pairs) m.set(p.key, p);
  return m;
}

/** The location of a pair: the whole pair, and the value a quick fix would change. */
export function pairLocation(p: Pair): ParamLocation {
  return { key: p.key, span: p.span, valueSpan: p.value.span };
}

/** A value's text when it has one (a string or a number), else undefined. */
export function textOf(v: Value): string | undefined {
  if (v.kind === 'text') return v.value;
  if (v.kind === 'number') return String(v.value);
  return undefined;
}

/** Notes where a value came from (.env) or why it is unknown, on the connection. */
export function noteOrigin(c: Connection, key: ParamKey, v: Value): void {
  const o = v.kind === 'unknown' ? v.why : 'origin' in v ? v.origin : undefined;
  if (o) (c.origins ??= {})[key] = o;
}

const SHOWN_MAX = 60;

/** An expression as a message can show it: one line, cut. */
export function shownExpr(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > SHOWN_MAX ? `${one.slice(0, SHOWN_MAX)}…` : one;
}
