// YAML: Spring's spring.datasource.* (nested or dotted keys), Rails' config/database.yml entries
// (adapter mysql2/trilogy), and the environment of docker-compose services and Kubernetes
// containers, read from the `yaml` package's node tree (exact ranges, errors kept, never thrown).
// Written by hand: which keys mean a MySQL connection and what each means for its driver.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as YamlLib from 'yaml';
import type { Document, Node, Pair as YamlPair } from 'yaml';
import type { Connection, ParamKey, ReadResult } from '../../model/connection';
import type { Span } from '../../model/span';
import type { EnvLookup } from '../code/env';
import { applyPlain } from '../code/nodeOptions';
import { byKey, noteOrigin, pairLocation, textOf, type Pair, type Value } from '../code/values';
import { applyDataSourceProperty } from '../dataSourceProperties';
import { readEnvEntries } from '../dotenv';
import type { EnvEntry } from '../dotenvLines';
import { readUrlAt } from '../find';
import { finish, newConnection, problem, setParam, span, type ReadContext } from '../text';
import { parseBool, parseSslMode, unknownSslMode } from '../values';

const MAX_DEPTH = 64;

let lib: typeof YamlLib | undefined;

/** The yaml package, loaded on the first YAML file: the build puts it beside the bundle
 *  (dist/readers/yaml.js) so that the extension's own file stays small; from source, the package. */
function Y(): typeof YamlLib {
  if (!lib) {
    const beside = join(__dirname, 'readers', 'yaml.js');
    lib = createRequire(__filename)(existsSync(beside) ? beside : 'yaml') as typeof YamlLib;
  }
  return lib;
}

export function readYaml(text: string, ctx: ReadContext, env: EnvLookup): ReadResult {
  const out: Connection[] = [];
  let docs: Document.Parsed[];
  try {
    docs = Y().parseAllDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false }) as Document.Parsed[];
  } catch {
    return { connections: [], problems: [] };
  }
  if (!Array.isArray(docs)) return { connections: [], problems: [] };
  for (const doc of docs) {
    const r = new YamlReader(text, ctx, env, doc);
    r.walk(doc.contents, [], 0);
    r.spring();
    out.push(...r.out);
  }
  return { connections: out.sort((a, b) => a.span.start - b.span.start), problems: [] };
}

interface Flat {
  path: string;
  pair: Pair;
}

class YamlReader {
  readonly out: Connection[] = [];
  /** Every scalar leaf by its dotted path (`spring.datasource.url`), for Spring's keys. */
  private readonly flat: Flat[] = [];

  constructor(
    private readonly text: string,
    private readonly ctx: ReadContext,
    private readonly env: EnvLookup,
    private readonly doc: Document.Parsed,
  ) {}

  walk(node: unknown, path: string[], depth: number): void {
    if (depth > MAX_DEPTH || !node) return;
    if (Y().isMap(node)) {
      const pairs = this.mapPairs(node);
      const adapter = byKey(pairs).get('adapter');
      const a = adapter ? textOf(adapter.value) : undefined;
      // A Rails `default: &default` block that other entries merge (`<<: *default`) is a template, not a connection.
      const template = node.anchor !== undefined && this.text.includes(`*${node.anchor}`);
      if (a && !template && /^(mysql2|trilogy|mysql|jdbcmysql|mariadb)$/.test(a)) this.rails(node, pairs, a);
      for (const item of node.items) {
        if (!Y().isPair(item)) continue;
        const key = scalarKey(item);
        if (key === undefined) continue;
        if (key === 'environment') this.environment(item.value);
        else if (key === 'env' && Y().isSeq(item.value)) this.k8sEnv(item.value);
        if (Y().isScalar(item.value)) {
          const p = this.pair(item);
          if (p) this.flat.push({ path: [...path, key].join('.'), pair: p });
        } else this.walk(item.value, [...path, key], depth + 1);
      }
    } else if (Y().isSeq(node)) {
      for (const item of node.items) this.walk(item, path, depth + 1);
    }
  }

  // ---- Rails ---------------------------------------------------------------------------------

  private rails(node: Node, pairs: Pair[], adapter: string): void {
    const m = byKey(pairs);
    const range = node.range as [number, number, number];
    const driver = adapter === 'mysql2' ? 'ruby-mysql2' : 'unknown';
    const url = m.get('url');
    let c: Connection | undefined;
    if (url?.value.kind === 'text' && !url.value.origin) c = readUrlAt(this.text, url.value.span.start, url.value.span.end, this.ctx, 'yaml');
    c ??= newConnection(this.ctx, 'yaml', 'rails-database-yml', driver, span(range[0], range[1]));
    c.form = 'rails-database-yml';
    c.driver = driver;
    c.span = span(range[0], range[1]);
    if (this.ctx.file !== undefined) c.id = `${this.ctx.file}#${range[0]}`;
    for (const [key, field] of [['host', 'host'], ['port', 'port'], ['username', 'user'], ['password', 'password'], ['database', 'database'], ['socket', 'socket']] as const) {
      const p = m.get(key);
      if (p) applyPlain(c, field, p);
    }
    for (const [key, field] of [['sslca', 'ca'], ['sslcert', 'cert'], ['sslkey', 'key'], ['sslcapath', 'capath'], ['sslcipher', 'cipher']] as const) {
      const p = m.get(key);
      if (!p) continue;
      setParam(c, field, pairLocation(p));
      noteOrigin(c, field, p.value);
      const t = textOf(p.value);
      if (t !== undefined) c.tls[field] = t;
    }
    const mode = m.get('ssl_mode');
    if (mode) this.mode(c, mode);
    const verify = m.get('sslverify');
    const b = verify ? parseBool(textOf(verify.value) ?? (verify.value.kind === 'bool' ? String(verify.value.value) : '')) : undefined;
    if (verify && b !== undefined) {
      c.tls.verifyServerCert = b;
      setParam(c, 'verifyServerCert', pairLocation(verify));
    }
    for (const p of pairs) if (p.key === 'sslmode' || p.key === 'sslrootcert') note(c, p, `${p.key} is PostgreSQL's spelling: the mysql2 adapter reads ssl_mode and sslca`);
    this.out.push(finish(c));
  }

  private mode(c: Connection, p: Pair): void {
    setParam(c, 'mode', pairLocation(p));
    noteOrigin(c, 'mode', p.value);
    const t = textOf(p.value);
    if (t === undefined) return;
    const m = parseSslMode(t);
    if (m) c.tls.mode = m;
    else c.problems.push(problem(unknownSslMode(p.key, t), p.value.span.start, p.value.span.end));
  }

  // ---- Spring --------------------------------------------------------------------------------

  /** spring.datasource.url with username/password and Hikari's data-source-properties beside it. */
  spring(): void {
    const get = (suffix: string) => this.flat.find((f) => f.path === `spring.datasource.${suffix}` || f.path.endsWith(`.spring.datasource.${suffix}`));
    const url = get('url');
    if (!url || url.pair.value.kind !== 'text') return;
    const v = url.pair.value;
    let c: Connection | undefined;
    if (!v.origin) c = readUrlAt(this.text, v.span.start, v.span.end, this.ctx, 'yaml');
    else if (/^jdbc:(mysql|mariadb):/i.test(v.value)) {
      const parsed = readUrlAt(v.value, 0, v.value.length, {}, 'yaml');
      if (parsed) {
        c = newConnection(this.ctx, 'yaml', 'spring-datasource', parsed.driver, url.pair.span);
        for (const f of ['host', 'port', 'user', 'database'] as const) if (parsed[f] !== undefined) (c as unknown as Record<string, unknown>)[f] = parsed[f];
        c.tls = parsed.tls;
        (c.origins ??= {}).host = v.origin;
      }
    }
    if (!c || !/^jdbc:/i.test(v.value)) return;
    c.form = 'spring-datasource';
    c.span = url.pair.span;
    if (this.ctx.file !== undefined) c.id = `${this.ctx.file}#${url.pair.span.start}`;
    const user = get('username');
    if (user) applyPlain(c, 'user', user.pair);
    const password = get('password');
    if (password) applyPlain(c, 'password', password.pair);
    const props = this.flat.filter((f) => /(^|\.)spring\.datasource\.hikari\.data-source-properties\./.test(f.path));
    for (const f of props) this.jdbcProperty(c, f.path.slice(f.path.lastIndexOf('.') + 1), f.pair);
    this.out.push(finish(c));
  }

  private jdbcProperty(c: Connection, name: string, p: Pair): void {
    const t = textOf(p.value) ?? (p.value.kind === 'bool' ? String(p.value.value) : undefined);
    const at: { key: string; span: Span; valueSpan: Span } = pairLocation(p);
    if (name === 'sslMode' || name === 'sslmode') {
      this.mode(c, p);
    } else {
      applyDataSourceProperty(c, name, t, at);
    }
  }

  // ---- docker-compose and Kubernetes ----------------------------------------------------------

  /** `environment:` as a map (KEY: value) or a list (- KEY=value). */
  private environment(node: unknown): void {
    const entries: EnvEntry[] = [];
    if (Y().isMap(node)) {
      for (const item of node.items) {
        if (!Y().isPair(item) || !Y().isScalar(item.value)) continue;
        const key = scalarKey(item);
        const e = key !== undefined ? this.entry(key, item.key as Node, item.value) : undefined;
        if (e) entries.push(e);
      }
    } else if (Y().isSeq(node)) {
      for (const item of node.items) {
        if (!Y().isScalar(item) || typeof item.value !== 'string') continue;
        const eq = item.value.indexOf('=');
        if (eq <= 0) continue;
        const vs = valueSpan(item);
        const raw = this.text.slice(vs.start, vs.end);
        const rawEq = raw.indexOf('=');
        if (rawEq < 0) continue;
        entries.push({ key: item.value.slice(0, eq), span: vs, valueSpan: span(vs.start + rawEq + 1, vs.end), value: item.value.slice(eq + 1), quote: '', exported: false });
      }
    }
    this.envGroup(entries, 'compose-environment');
  }

  /** Kubernetes `env: [{ name: X, value: Y }]` (valueFrom secrets are not known here). */
  private k8sEnv(node: unknown): void {
    const entries: EnvEntry[] = [];
    if (!Y().isSeq(node)) return;
    for (const item of node.items) {
      if (!Y().isMap(item)) continue;
      const name = item.items.find((i) => Y().isPair(i) && scalarKey(i) === 'name');
      const value = item.items.find((i) => Y().isPair(i) && scalarKey(i) === 'value');
      if (!name || !value || !Y().isScalar(name.value) || !Y().isScalar(value.value) || typeof name.value.value !== 'string') continue;
      const e = this.entry(name.value.value, name.value as Node, value.value);
      if (e) entries.push(e);
    }
    this.envGroup(entries, 'kubernetes-env');
  }

  private entry(key: string, keyNode: Node, value: Node): EnvEntry | undefined {
    if (!Y().isScalar(value) || value.value === null || typeof value.value === 'object') return undefined;
    const kr = keyNode.range as [number, number, number];
    const vs = valueSpan(value);
    return { key, span: span(kr[0], vs.end + (isQuoted(value) ? 1 : 0)), valueSpan: vs, value: String(value.value), quote: isQuoted(value) ? (this.text[vs.start - 1] as '"' | "'") : '', exported: false };
  }

  private envGroup(entries: EnvEntry[], form: string): void {
    if (!entries.length) return;
    const r = readEnvEntries(this.text, entries, this.ctx);
    for (const c of r.connections) {
      c.dialect = 'yaml';
      c.form = form;
      this.out.push(c);
    }
  }

  // ---- values --------------------------------------------------------------------------------

  /** Each map's pairs are read once (maps nest, and each is also walked alone). */
  private readonly pairsOf = new Map<unknown, Pair[]>();

  private mapPairs(node: unknown, seen = 0): Pair[] {
    if (!Y().isMap(node) || seen > 8) return [];
    const known = this.pairsOf.get(node);
    if (known) return known;
    const out: Pair[] = [];
    this.pairsOf.set(node, out);
    for (const item of node.items) {
      if (!Y().isPair(item)) continue;
      const key = scalarKey(item);
      if (key === '<<') {
        // Rails' `<<: *default`: the anchored entry's keys, overridden by this entry's own.
        const target = Y().isAlias(item.value) ? item.value.resolve(this.doc) : item.value;
        out.unshift(...this.mapPairs(target, seen + 1));
        continue;
      }
      const p = this.pair(item);
      if (p) out.push(p);
    }
    return out;
  }

  private pair(item: YamlPair): Pair | undefined {
    const key = scalarKey(item);
    const kNode = item.key as Node | null;
    if (key === undefined || !kNode?.range) return undefined;
    const v = item.value as Node | null;
    if (!v || !v.range) return { key, span: span(kNode.range[0], kNode.range[1]), value: { kind: 'unknown', why: `${key}: no value`, span: span(kNode.range[1], kNode.range[1]) } };
    return { key, span: span(kNode.range[0], v.range[1]), value: this.value(v) };
  }

  private value(v: Node): Value {
    const vs = valueSpan(v);
    if (Y().isMap(v)) return { kind: 'object', pairs: [], span: span(v.range![0], v.range![1]) }; // nested maps are walked on their own
    if (!Y().isScalar(v)) return { kind: 'unknown', why: 'not a single value', span: vs };
    const raw = v.value;
    if (typeof raw === 'boolean') return { kind: 'bool', value: raw, span: vs };
    if (typeof raw === 'number') return { kind: 'number', value: raw, span: vs };
    if (typeof raw !== 'string') return { kind: 'unknown', why: 'no value', span: vs };
    return this.placeholder(raw, vs) ?? { kind: 'text', value: raw, span: vs };
  }

  /** `${DB_HOST}` / `${DB_HOST:localhost}` (Spring), `<%= ENV['DB_HOST'] %>` / `ENV.fetch('X') { 'd' }` (Rails ERB). */
  private placeholder(raw: string, vs: Span): Value | undefined {
    const spring = /^\$\{([A-Za-z_][\w.]*)(?::([^}]*))?\}$/.exec(raw.trim());
    const erb = /^<%=\s*ENV(?:\[\s*['"]([\w]+)['"]\s*\]|\.fetch\(\s*['"]([\w]+)['"]\s*(?:,\s*['"]([^'"]*)['"]\s*)?\)(?:\s*\{\s*['"]([^'"]*)['"]\s*\})?)\s*(?:\|\|\s*['"]([^'"]*)['"]\s*)?%>$/.exec(raw.trim());
    if (!spring && !erb && !raw.includes('<%') && !raw.includes('${')) return undefined;
    const key = spring ? spring[1] : erb ? erb[1] ?? erb[2] : undefined;
    const dflt = spring ? spring[2] : erb ? erb[3] ?? erb[4] ?? erb[5] : undefined;
    if (!key) return { kind: 'unknown', why: `${raw.slice(0, 60)}: computed at run time`, span: vs };
    const e = this.env(key);
    if (e) return { kind: 'text', value: e.value, span: vs, origin: `from ${e.from} (${key})` };
    if (dflt !== undefined) return { kind: 'text', value: dflt, span: vs, origin: `${key} not in the project's .env: its default` };
    return { kind: 'unknown', why: `${key}: not in the project's .env, known only at run time`, span: vs };
  }
}

function scalarKey(item: YamlPair): string | undefined {
  const k = item.key;
  if (Y().isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  return undefined;
}

function isQuoted(v: Node): boolean {
  return Y().isScalar(v) && (v.type === 'QUOTE_DOUBLE' || v.type === 'QUOTE_SINGLE');
}

/** A scalar's value span: inside its quotes when quoted (what a quick fix replaces). */
function valueSpan(v: Node): Span {
  const r = (v.range ?? [0, 0, 0]) as [number, number, number];
  return isQuoted(v) ? span(r[0] + 1, Math.max(r[0] + 1, r[1] - 1)) : span(r[0], r[1]);
}

function note(c: Connection, p: Pair, message: string): void {
  (c.settingNotes ??= []).push({ code: 'setting-ignored', key: p.key, span: p.span, message });
}

export type { ParamKey };
