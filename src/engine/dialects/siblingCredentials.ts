// Spring-style configuration keeps the user and password next to the URL, not in it:
//   spring.datasource.url=jdbc:mysql://...   spring.datasource.username=app   (.properties)
//   datasource:\n  url: jdbc:mysql://...\n  username: app\n  password: pw        (YAML)
// When a URL in such a file carries no user/password, take them from its sibling keys.
import type { Connection, ParamKey } from '../model/connection';
import { Secret } from '../model/secret';
import { baseName, finish, location, setParam } from './text';

interface KeyLine {
  key: string;
  indent: number;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
  lineStart: number;
}

const USER_KEYS = ['username', 'user'];
const MAX_BLOCK_LINES = 64;

export function addSiblingCredentials(file: string, text: string, connections: Connection[]): void {
  const ext = baseName(file).toLowerCase().split('.').pop();
  if (ext !== 'properties' && ext !== 'yml' && ext !== 'yaml') return;
  if (!connections.some((c) => c.user === undefined || c.password === undefined)) return;
  const lines = keyLines(text);
  const groups = ext === 'properties' ? propertyGroups(lines) : undefined;
  for (const c of connections) {
    const at = lineAt(lines, c.span.start);
    if (at < 0 || c.span.end > lines[at].valueEnd) continue;
    const key = lines[at].key;
    const siblings = groups ? (groups.get(key.slice(0, key.lastIndexOf('.') + 1)) ?? new Map<string, KeyLine>()) : yamlSiblings(lines, at);
    fill(c, text, siblings);
  }
}

/** The last key line whose value starts at or before `offset` (lines are in text order). */
function lineAt(lines: KeyLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].valueStart <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function fill(c: Connection, text: string, siblings: Map<string, KeyLine>): void {
  const take = (names: string[], param: ParamKey): string | undefined => {
    const l = names.map((n) => siblings.get(n)).find((x) => x !== undefined);
    if (!l) return undefined;
    setParam(c, param, location(l.key, l.keyStart, l.valueEnd, l.valueStart, l.valueEnd));
    return unquote(text.slice(l.valueStart, l.valueEnd));
  };
  if (c.user === undefined) {
    const u = take(USER_KEYS, 'user');
    if (u) c.user = u;
  }
  if (c.password === undefined) {
    const p = take(['password'], 'password');
    if (p !== undefined) c.password = new Secret(p);
  }
  finish(c);
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

/** `a.b.url` -> `a.b.username`, `a.b.password`: keys grouped by their prefix, built once per file. */
function propertyGroups(lines: KeyLine[]): Map<string, Map<string, KeyLine>> {
  const groups = new Map<string, Map<string, KeyLine>>();
  for (const l of lines) {
    const dot = l.key.lastIndexOf('.') + 1;
    const prefix = l.key.slice(0, dot);
    let g = groups.get(prefix);
    if (!g) groups.set(prefix, (g = new Map()));
    g.set(l.key.slice(dot).toLowerCase(), l);
  }
  return groups;
}

/** Keys at the URL key's indentation, in the same block. */
function yamlSiblings(lines: KeyLine[], at: number): Map<string, KeyLine> {
  const indent = lines[at].indent;
  const out = new Map<string, KeyLine>();
  for (const step of [-1, 1]) {
    // Bounded: credentials sit next to the URL, and a huge block must not cost a scan per URL.
    for (let i = at + step, n = 0; i >= 0 && i < lines.length && lines[i].indent >= indent && n < MAX_BLOCK_LINES; i += step, n++) {
      if (lines[i].indent === indent) out.set(lines[i].key.toLowerCase(), lines[i]);
    }
  }
  return out;
}

/** `key=value`, `key: value`, `key = value` lines (comments and blank lines skipped). */
function keyLines(text: string): KeyLine[] {
  const out: KeyLine[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let end = lineStart;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const l = keyLine(text, lineStart, end);
    if (l) out.push(l);
    lineStart = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
  }
  return out;
}

function keyLine(text: string, lineStart: number, end: number): KeyLine | undefined {
  let s = lineStart;
  while (s < end && (text[s] === ' ' || text[s] === '\t')) s++;
  if (s >= end || text[s] === '#' || text[s] === '!') return undefined;
  let k = s;
  while (k < end && /[A-Za-z0-9_.\-]/.test(text[k])) k++;
  if (k === s) return undefined;
  let v = k;
  while (v < end && (text[v] === ' ' || text[v] === '\t')) v++;
  if (text[v] !== '=' && text[v] !== ':') return undefined;
  v++;
  while (v < end && (text[v] === ' ' || text[v] === '\t')) v++;
  let ve = end;
  while (ve > v && /\s/.test(text[ve - 1])) ve--;
  return { key: text.slice(s, k), indent: s - lineStart, keyStart: s, valueStart: v, valueEnd: ve, lineStart };
}
