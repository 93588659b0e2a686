// JavaScript and TypeScript: the connections Node's MySQL drivers and the frameworks on them are
// given, read from the syntax tree (tree-sitter), so half-typed code still reads. What is written
// by hand here is only which call or object means a MySQL connection, and to which driver:
//   mysql2 / mysql / mariadb  createConnection, createPool, createPoolCluster
//   knex({ client: 'mysql2', connection })   (and any { client, connection } object: knexfiles)
//   new Sequelize(url | db, user, pass, { dialect: 'mysql', dialectOptions: { ssl } })
//   TypeORM { type: 'mysql' | 'mariadb', host, ssl } (DataSource, createConnection, ormconfig)
//   MikroORM { driver: MySqlDriver, driverOptions: { connection: { ssl } } }
//   Drizzle defineConfig({ dialect: 'mysql', dbCredentials }) and drizzle({ connection })
// Other databases written the same way (client: 'pg', dialect: 'postgres', type: 'sqlite') are not
// connections to this tool. One walk over the tree: linear in the file.
import { isDriverId, type Connection, type DriverId, type ReadResult } from '../../model/connection';
import { readUrlAt } from '../find';
import { finish, newConnection, span, type ReadContext } from '../text';
import type { EnvLookup } from './env';
import { withTree, type GrammarName, type SyntaxNode } from './grammars';
import { applyNodeOptions } from './nodeOptions';
import { byKey, shownExpr, type Pair, type Value } from './values';

type Family = 'mysql2' | 'mysql' | 'mariadb-node';

/** Module -> what it is. */
const MODULES: Record<string, string> = {
  mysql2: 'mysql2', 'mysql2/promise': 'mysql2',
  mysql: 'mysql',
  mariadb: 'mariadb-node', 'mariadb/callback': 'mariadb-node',
  knex: 'knex',
  sequelize: 'sequelize', '@sequelize/core': 'sequelize',
  typeorm: 'typeorm',
  '@mikro-orm/mysql': 'mikro', '@mikro-orm/mariadb': 'mikro', '@mikro-orm/core': 'mikro',
  'drizzle-orm/mysql2': 'drizzle', 'drizzle-kit': 'drizzle-kit',
};

const DRIVER_FACTORIES = new Set(['createConnection', 'createPool', 'createPoolCluster']);

/** A family name as a driver id of docs/CONTRACT.md. */
export function codeDriver(id: string): DriverId {
  return isDriverId(id) ? id : 'unknown';
}

export function readJs(text: string, ctx: ReadContext, grammar: GrammarName, env: EnvLookup): ReadResult | undefined {
  return withTree(grammar, text, (root) => new JsReader(text, ctx, env).read(root));
}

interface Binding {
  module: string;
  /** The name imported (`default`, `*` for a namespace or a whole require, or a named export). */
  name: string;
}

class JsReader {
  private readonly bindings = new Map<string, Binding>();
  private readonly consts = new Map<string, SyntaxNode>();
  private readonly done = new Set<number>();
  private readonly out: Connection[] = [];

  constructor(
    private readonly text: string,
    private readonly ctx: ReadContext,
    private readonly envLookup: EnvLookup,
  ) {}

  read(root: SyntaxNode): ReadResult {
    const calls: SyntaxNode[] = [];
    const objects: SyntaxNode[] = [];
    const errors: SyntaxNode[] = [];
    // One iterative walk: bindings first-hand, calls and objects kept for after (a require may come later).
    const stack: SyntaxNode[] = [root];
    while (stack.length) {
      const n = stack.pop() as SyntaxNode;
      switch (n.type) {
        case 'import_statement': this.importOf(n); break;
        case 'variable_declarator': this.declarator(n); break;
        case 'call_expression':
        case 'new_expression': calls.push(n); break;
        case 'object': objects.push(n); break;
        case 'ERROR': errors.push(n); break;
      }
      const kids = n.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    for (const call of calls.sort((a, b) => a.startIndex - b.startIndex)) this.call(call);
    for (const obj of objects.sort((a, b) => a.startIndex - b.startIndex)) if (!this.done.has(obj.startIndex)) this.configObject(obj, this.pairs(obj), obj);
    for (const e of errors) this.errorNode(e);
    return { connections: this.out.sort((a, b) => a.span.start - b.span.start), problems: [] };
  }

  // ---- bindings -------------------------------------------------------------------------

  private importOf(n: SyntaxNode): void {
    const source = n.childForFieldName('source');
    const mod = source ? moduleOf(stringText(source)) : undefined;
    if (!mod) return;
    for (const clause of n.namedChildren) {
      if (clause.type !== 'import_clause') continue;
      for (const part of clause.namedChildren) {
        if (part.type === 'identifier') this.bindings.set(part.text, { module: mod, name: 'default' });
        else if (part.type === 'namespace_import') {
          const id = part.namedChildren.find((x) => x.type === 'identifier');
          if (id) this.bindings.set(id.text, { module: mod, name: '*' });
        } else if (part.type === 'named_imports') {
          for (const spec of part.namedChildren) {
            if (spec.type !== 'import_specifier') continue;
            const name = spec.childForFieldName('name');
            const alias = spec.childForFieldName('alias') ?? name;
            if (name && alias) this.bindings.set(alias.text, { module: mod, name: name.text });
          }
        }
      }
    }
  }

  private declarator(n: SyntaxNode): void {
    const name = n.childForFieldName('name');
    const value = unwrap(n.childForFieldName('value'));
    if (!name || !value) return;
    const mod = this.requiredModule(value);
    if (mod) {
      if (name.type === 'identifier') this.bindings.set(name.text, { module: mod, name: '*' });
      else if (name.type === 'object_pattern') {
        for (const p of name.namedChildren) {
          if (p.type === 'shorthand_property_identifier_pattern') this.bindings.set(p.text, { module: mod, name: p.text });
          else if (p.type === 'pair_pattern') {
            const k = p.childForFieldName('key');
            const v = p.childForFieldName('value');
            if (k && v?.type === 'identifier') this.bindings.set(v.text, { module: mod, name: keyText(k) });
          }
        }
      }
      return;
    }
    if (name.type === 'identifier') this.consts.set(name.text, value);
  }

  /** `require('m')`, `await import('m')`, `require('m').default`: the module when it is one of ours. */
  private requiredModule(n: SyntaxNode): string | undefined {
    if (n.type === 'member_expression') {
      const prop = n.childForFieldName('property');
      return prop?.text === 'default' || prop?.text === 'promise' ? this.requiredModule(unwrap(n.childForFieldName('object')) as SyntaxNode) : undefined;
    }
    if (n.type !== 'call_expression') return undefined;
    const fn = n.childForFieldName('function');
    if (!fn || (fn.text !== 'require' && fn.type !== 'import')) return undefined;
    const arg = firstArg(n);
    return arg && isString(arg) ? moduleOf(stringText(arg)) : undefined;
  }

  /** What a callee names: [module, export] (`mysql.createPool` -> ['mysql2', 'createPool']). */
  private callee(raw: SyntaxNode | null): [string, string] | undefined {
    const fn = unwrap(raw);
    if (!fn) return undefined;
    if (fn.type === 'identifier') {
      const b = this.bindings.get(fn.text);
      return b ? [b.module, b.name === '*' ? 'default' : b.name] : undefined;
    }
    if (fn.type === 'member_expression') {
      const obj = unwrap(fn.childForFieldName('object'));
      const prop = fn.childForFieldName('property')?.text;
      if (!obj || !prop) return undefined;
      if (obj.type === 'identifier') {
        const b = this.bindings.get(obj.text);
        if (b) return [b.module, b.name === '*' || b.name === 'default' ? prop : `${b.name}.${prop}`];
      }
      const mod = this.requiredModule(obj);
      if (mod) return [mod, prop];
      const inner = this.callee(obj);
      if (inner) return [inner[0], `${inner[1]}.${prop}`];
    }
    return undefined;
  }

  // ---- what a call means ------------------------------------------------------------------

  private call(n: SyntaxNode): void {
    const target = this.callee(n.type === 'new_expression' ? n.childForFieldName('constructor') : n.childForFieldName('function'));
    if (!target) return;
    const [mod, name] = target;
    const args = argsOf(n);
    const first = unwrap(args[0] ?? null);
    if ((mod === 'mysql2' || mod === 'mysql' || mod === 'mariadb-node') && DRIVER_FACTORIES.has(name)) {
      if (first) this.driverOptions(first, n, mod);
    } else if (mod === 'knex' && (name === 'default' || name === 'knex')) {
      if (first?.type === 'object') this.configObject(first, this.pairs(first), n);
    } else if (mod === 'sequelize' && name === 'Sequelize') {
      this.sequelize(n, args);
    } else if ((mod === 'typeorm' && (name === 'DataSource' || name === 'createConnection')) || (mod === 'mikro' && (name === 'MikroORM.init' || name === 'init' || name === 'defineConfig'))) {
      if (first?.type === 'object') this.configObject(first, this.pairs(first), n, mod === 'mikro');
    } else if (mod === 'drizzle' && name === 'drizzle') {
      this.drizzle(first, n);
    } else if (mod === 'drizzle-kit' && name === 'defineConfig') {
      if (first?.type === 'object') this.configObject(first, this.pairs(first), n);
    }
  }

  /** createPool({...}) or createPool('mysql://...'). */
  private driverOptions(arg: SyntaxNode, at: SyntaxNode, family: Family | string): void {
    this.done.add(arg.startIndex);
    if (isString(arg)) return void this.urlConnection(arg, at, family, []);
    if (arg.type !== 'object') return;
    const pairs = this.pairs(arg);
    const uri = byKey(pairs).get('uri');
    if (uri?.value.kind === 'text') return void this.urlConnection(undefined, at, family, pairs, uri);
    this.emit(at, family, (c) => applyNodeOptions(c, pairs));
  }

  private sequelize(n: SyntaxNode, args: SyntaxNode[]): void {
    const nodes = args.map((a) => unwrap(a) as SyntaxNode);
    const opts = nodes.find((a) => a.type === 'object');
    if (!opts) return;
    this.done.add(opts.startIndex);
    const pairs = this.pairs(opts);
    const dialect = byKey(pairs).get('dialect');
    const url = nodes[0] && isString(nodes[0]) && nodes.length <= 2 ? nodes[0] : undefined;
    const family = url ? familyOfUrl(stringText(url)) : dialect ? sequelizeFamily(dialect.value) : undefined;
    if (!family) return;
    const positional: Pair[] = [];
    if (!url) {
      // new Sequelize(database, username, password, options)
      const names = ['database', 'username', 'password'];
      for (let i = 0; i < 3 && nodes[i] && nodes[i] !== opts; i++) positional.push({ key: names[i], span: span(nodes[i].startIndex, nodes[i].endIndex), value: this.value(nodes[i]) });
    }
    const apply = (c: Connection) => this.sequelizeOptions(c, [...positional, ...pairs]);
    if (url) this.urlConnection(url, n, family, pairs, undefined, apply);
    else this.emit(n, family, apply);
  }

  private sequelizeOptions(c: Connection, pairs: Pair[]): void {
    applyNodeOptions(c, pairs.filter((p) => p.key !== 'ssl'));
    const dialectOptions = byKey(pairs).get('dialectOptions');
    if (dialectOptions?.value.kind === 'object') applyNodeOptions(c, dialectOptions.value.pairs, []);
    const ssl = byKey(pairs).get('ssl');
    if (ssl) (c.settingNotes ??= []).push({ code: 'setting-ignored', key: 'ssl', span: ssl.span, message: "Sequelize does not pass a top-level ssl to MySQL: write it as dialectOptions: { ssl: { … } }" });
  }

  private drizzle(first: SyntaxNode | undefined, n: SyntaxNode): void {
    if (!first) return;
    if (isString(first)) return void this.urlConnection(first, n, 'mysql2', []);
    if (first.type !== 'object') return;
    this.done.add(first.startIndex);
    const conn = byKey(this.pairs(first)).get('connection');
    if (!conn) return;
    if (conn.value.kind === 'text') return void this.urlConnection(undefined, n, 'mysql2', [], conn);
    if (conn.value.kind === 'object') {
      const pairs = conn.value.pairs;
      const uri = byKey(pairs).get('uri');
      if (uri?.value.kind === 'text') return void this.urlConnection(undefined, n, 'mysql2', pairs, uri);
      this.emit(n, 'mysql2', (c) => applyNodeOptions(c, pairs));
    }
  }

  /** An object literal that is a framework's config by its own keys (knexfile, ormconfig, export default...). */
  private configObject(obj: SyntaxNode, pairs: Pair[], at: SyntaxNode, mikro = false): void {
    this.done.add(obj.startIndex);
    const m = byKey(pairs);
    const client = m.get('client');
    const dialect = m.get('dialect');
    const type = m.get('type');
    const driver = m.get('driver');
    if (client && m.has('connection')) {
      const family = knexFamily(client.value);
      if (!family) return;
      return this.knex(at, family, m.get('connection') as Pair);
    }
    if (dialect && (m.has('dbCredentials') || dialect.value.kind === 'text' && dialect.value.value === 'mysql' && !m.has('host') && !m.has('dialectOptions'))) {
      if (textOfValue(dialect.value) !== 'mysql') return;
      const creds = m.get('dbCredentials');
      if (creds?.value.kind !== 'object') return;
      const cp = creds.value.pairs;
      const url = byKey(cp).get('url') ?? byKey(cp).get('uri');
      if (url?.value.kind === 'text') return void this.urlConnection(undefined, at, 'mysql2', cp, url);
      return this.emit(at, 'mysql2', (c) => applyNodeOptions(c, cp));
    }
    if (dialect) {
      const family = sequelizeFamily(dialect.value);
      if (!family || !(m.has('host') || m.has('dialectOptions') || m.has('username') || m.has('port'))) return;
      return this.emit(at, family, (c) => this.sequelizeOptions(c, pairs));
    }
    const typeFamily = type ? typeormFamily(type.value, m.get('connectorPackage')?.value) : undefined;
    const mikroDriver = driver && /^(MySqlDriver|MariaDbDriver)$/.test(this.text.slice(driver.value.span.start, driver.value.span.end));
    if (typeFamily || mikroDriver) {
      if (!(m.has('host') || m.has('url') || m.has('clientUrl') || m.has('username') || m.has('user') || m.has('ssl') || m.has('port') || m.has('driverOptions') || mikro)) return;
      return this.orm(at, typeFamily ?? 'mysql2', pairs);
    }
  }

  private knex(at: SyntaxNode, family: Family, conn: Pair): void {
    const v = conn.value;
    if (v.kind === 'text') return void this.urlConnection(undefined, at, family, [], conn);
    if (v.kind !== 'object') return;
    this.emit(at, family, (c) => applyNodeOptions(c, v.pairs));
  }

  /** TypeORM and MikroORM: host/port/username at the top, ssl at the top or under extra/driverOptions. */
  private orm(at: SyntaxNode, family: Family, pairs: Pair[]): void {
    const m = byKey(pairs);
    const url = m.get('url') ?? m.get('clientUrl');
    const inner: Pair[] = [];
    for (const k of ['extra', 'driverOptions']) {
      const p = m.get(k);
      if (p?.value.kind !== 'object') continue;
      const pm = byKey(p.value.pairs);
      const connection = pm.get('connection');
      inner.push(...(connection?.value.kind === 'object' ? connection.value.pairs : p.value.pairs).filter((x) => x.key === 'ssl'));
    }
    const apply = (c: Connection) => {
      applyNodeOptions(c, pairs.filter((p) => !(p.key === 'ssl' && inner.length)));
      if (inner.length) applyNodeOptions(c, inner, []);
    };
    if (url?.value.kind === 'text') this.urlConnection(undefined, at, family, [], url, apply);
    else this.emit(at, family, apply);
  }

  /** Half-typed code: the parser keeps `createPool`, `{`, `host: 'db'` as loose pieces of an ERROR. */
  private errorNode(e: SyntaxNode): void {
    const kids = e.namedChildren;
    for (let i = 0; i < kids.length; i++) {
      const k = unwrap(kids[i]);
      if (!k || (k.type !== 'member_expression' && k.type !== 'identifier')) continue;
      const target = this.callee(k);
      if (!target || !['mysql2', 'mysql', 'mariadb-node'].includes(target[0]) || !DRIVER_FACTORIES.has(target[1])) continue;
      const pairs: Pair[] = [];
      let end = k.endIndex;
      for (let j = i + 1; j < kids.length && (kids[j].type === 'pair' || kids[j].type === 'shorthand_property_identifier' || kids[j].type === 'object'); j++) {
        if (kids[j].type === 'object') {
          if (this.done.has(kids[j].startIndex)) break;
          this.done.add(kids[j].startIndex);
          pairs.push(...this.pairs(kids[j]));
        } else {
          const p = this.pair(kids[j]);
          if (p) pairs.push(p);
        }
        end = kids[j].endIndex;
      }
      if (!pairs.length) continue;
      const family = target[0];
      const c = newConnection(this.ctx, 'js', `${family}-options`, codeDriver(family), span(k.startIndex, end));
      applyNodeOptions(c, pairs);
      this.out.push(finish(c));
    }
  }

  // ---- connections -----------------------------------------------------------------------

  private emit(at: SyntaxNode, family: string, apply: (c: Connection) => void): void {
    const c = newConnection(this.ctx, 'js', `${family}-options`, codeDriver(family), span(at.startIndex, at.endIndex));
    apply(c);
    this.out.push(finish(c));
  }

  /** A URL string (`uri`, `url`, knex's connection string) with the options beside it applied on top. */
  private urlConnection(strNode: SyntaxNode | undefined, at: SyntaxNode, family: string, pairs: Pair[], urlPair?: Pair, apply?: (c: Connection) => void): void {
    const s = strNode ? this.value(strNode) : (urlPair as Pair).value;
    if (s.kind !== 'text' || s.origin) {
      // A URL from .env or unknown: its parts are not in this file to point at.
      if (s.kind === 'text' || s.kind === 'unknown') {
        const c = newConnection(this.ctx, 'js', `${family}-options`, codeDriver(family), span(at.startIndex, at.endIndex));
        (c.origins ??= {}).host = s.kind === 'unknown' ? s.why : s.origin;
        if (apply) apply(c);
        else applyNodeOptions(c, pairs.filter((p) => p !== urlPair));
        this.out.push(finish(c));
      }
      return;
    }
    const parsed = readUrlAt(this.text, s.span.start, s.span.end, this.ctx, 'js');
    if (!parsed) return;
    parsed.form = `${family}-url`;
    parsed.driver = codeDriver(family);
    parsed.span = span(at.startIndex, at.endIndex);
    parsed.id = this.ctx.file !== undefined ? `${this.ctx.file}#${at.startIndex}` : parsed.id;
    if (apply) apply(parsed);
    else applyNodeOptions(parsed, pairs.filter((p) => p !== urlPair));
    this.out.push(finish(parsed));
  }

  // ---- values ----------------------------------------------------------------------------

  /** Each object's pairs are read once: objects nest, and every object is also looked at alone. */
  private readonly objectPairs = new Map<string, Pair[]>();

  private pairs(obj: SyntaxNode): Pair[] {
    const id = `${obj.startIndex}:${obj.endIndex}`;
    const known = this.objectPairs.get(id);
    if (known) return known;
    const out: Pair[] = [];
    this.objectPairs.set(id, out);
    for (const k of obj.namedChildren) {
      const p = this.pair(k);
      if (p) out.push(p);
    }
    return out;
  }

  private pair(k: SyntaxNode): Pair | undefined {
    if (k.type === 'shorthand_property_identifier') {
      return { key: k.text, span: span(k.startIndex, k.endIndex), value: this.value(k, 0) };
    }
    if (k.type !== 'pair') return undefined;
    const key = k.childForFieldName('key');
    const value = k.childForFieldName('value');
    if (!key || !value) return undefined;
    return { key: keyText(key), span: span(k.startIndex, k.endIndex), value: this.value(value) };
  }

  /** What the code says a value is, as far as it says (constants followed a few steps). */
  private value(raw: SyntaxNode, depth = 0): Value {
    const n = unwrap(raw) as SyntaxNode;
    const at = span(n.startIndex, n.endIndex);
    const unknown = (): Value => ({ kind: 'unknown', why: `${shownExpr(n.text)}: known only at run time`, span: at });
    switch (n.type) {
      case 'string':
        return { kind: 'text', value: stringText(n), span: span(n.startIndex + 1, Math.max(n.startIndex + 1, n.endIndex - 1)) };
      case 'template_string':
        return n.namedChildren.some((x) => x.type === 'template_substitution') ? unknown() : { kind: 'text', value: stringText(n), span: span(n.startIndex + 1, Math.max(n.startIndex + 1, n.endIndex - 1)) };
      case 'number': {
        const v = Number(n.text.replace(/_/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, span: at } : unknown();
      }
      case 'true':
      case 'false':
        return { kind: 'bool', value: n.type === 'true', span: at };
      case 'object':
        return { kind: 'object', pairs: this.pairs(n), span: at };
      case 'identifier':
      case 'shorthand_property_identifier': {
        const c = this.consts.get(n.text);
        if (c && depth < 4) {
          const v = this.value(c, depth + 1);
          // A constant defined elsewhere in the file: point at the pair, not at the constant.
          return v.kind === 'object' ? v : v.kind === 'unknown' ? { ...v, span: at } : v;
        }
        return unknown();
      }
      case 'member_expression':
      case 'subscript_expression': {
        const key = envKey(n);
        if (key === undefined) return unknown();
        const e = this.fromEnv(key);
        return e ? { kind: 'text', value: e.value, span: at, origin: `from ${e.from} (${key})` } : { kind: 'unknown', why: `process.env.${key}: not in the project's .env, known only at run time`, span: at };
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if ((op === '||' || op === '??') && left && right) {
          const l = this.value(left, depth + 1);
          if (l.kind !== 'unknown') return l;
          const r = this.value(right, depth + 1);
          if (r.kind === 'text' || r.kind === 'number') return { ...r, origin: `${shownExpr(left.text)} not in the project's .env: its default` };
          return unknown();
        }
        return unknown();
      }
      case 'call_expression':
        return this.fileRead(n) ?? unknown();
      default:
        return unknown();
    }
  }

  /** readFileSync(x) / fs.readFileSync(x, 'utf8'): the file it reads. */
  private fileRead(n: SyntaxNode): Value | undefined {
    const fn = n.childForFieldName('function');
    const name = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : fn?.text;
    if (name !== 'readFileSync') return undefined;
    const arg = firstArg(n);
    if (!arg) return undefined;
    const p = this.pathOf(arg);
    if (!p) return { kind: 'unknown', why: `${shownExpr(n.text)}: the file is known only at run time`, span: span(n.startIndex, n.endIndex) };
    return { kind: 'file', path: p.path, span: p.span, ...(p.origin ? { origin: p.origin } : {}) };
  }

  /** A path expression: a string, an env value, or path.join/resolve(__dirname, 'a', 'b'). */
  private pathOf(raw: SyntaxNode): { path: string; span: ReturnType<typeof span>; origin?: string } | undefined {
    const n = unwrap(raw) as SyntaxNode;
    const v = this.value(n, 1);
    if (v.kind === 'text') return { path: v.value, span: v.span, ...(v.origin ? { origin: v.origin } : {}) };
    if (n.type !== 'call_expression') return undefined;
    const fn = n.childForFieldName('function')?.text;
    if (fn !== 'path.join' && fn !== 'path.resolve' && fn !== 'join' && fn !== 'resolve') return undefined;
    const args = argsOf(n).map((a) => unwrap(a) as SyntaxNode);
    if (args[0]?.text !== '__dirname' && args[0]?.text !== 'import.meta.dirname') return undefined;
    const rest = args.slice(1).map((a) => this.value(a, 1));
    if (!rest.length || rest.some((r) => r.kind !== 'text')) return undefined;
    const last = rest[rest.length - 1];
    // The file's own folder is where its relative paths are resolved: the joined parts say the rest.
    return { path: rest.map((r) => (r.kind === 'text' ? r.value : '')).join('/'), span: last.span };
  }

  private fromEnv(key: string) {
    return this.envLookup(key);
  }
}

// ---- small syntax helpers ----------------------------------------------------------------

/** Drops what does not change a value: parentheses, `await`, TypeScript's `as`, `satisfies`, `!`. */
function unwrap(n: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let cur = n ?? undefined;
  for (let i = 0; cur && i < 8; i++) {
    if (cur.type === 'parenthesized_expression' || cur.type === 'await_expression' || cur.type === 'as_expression' || cur.type === 'satisfies_expression' || cur.type === 'non_null_expression' || cur.type === 'type_assertion') {
      cur = cur.namedChildren.find((x) => x.type !== 'type_annotation' && !x.type.endsWith('_type') && x.type !== 'type_identifier' && x.type !== 'comment');
    } else break;
  }
  return cur;
}

function argsOf(call: SyntaxNode): SyntaxNode[] {
  const a = call.childForFieldName('arguments');
  return a ? a.namedChildren.filter((x) => x.type !== 'comment') : [];
}

function firstArg(call: SyntaxNode): SyntaxNode | undefined {
  return unwrap(argsOf(call)[0]);
}

function isString(n: SyntaxNode): boolean {
  return n.type === 'string' || (n.type === 'template_string' && !n.namedChildren.some((x) => x.type === 'template_substitution'));
}

/** A string literal's value: its fragments, with the common escapes decoded. */
function stringText(n: SyntaxNode): string {
  let out = '';
  for (const k of n.namedChildren) {
    if (k.type === 'string_fragment') out += k.text;
    else if (k.type === 'escape_sequence') out += unescape(k.text);
  }
  // template_string without fragments as children (some grammar versions): the text inside the ticks.
  if (!out && n.type === 'template_string') out = n.text.slice(1, -1);
  return out;
}

function unescape(e: string): string {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', b: '\b', f: '\f', v: '\v' };
  const c = e.slice(1);
  if (Object.hasOwn(map, c)) return map[c];
  if (/^x[0-9a-fA-F]{2}$/.test(c) || /^u[0-9a-fA-F]{4}$/.test(c)) return String.fromCharCode(parseInt(c.slice(1), 16));
  return c;
}

function keyText(k: SyntaxNode): string {
  if (k.type === 'string') return stringText(k);
  if (k.type === 'computed_property_name') {
    const inner = k.namedChildren[0];
    return inner && inner.type === 'string' ? stringText(inner) : k.text;
  }
  return k.text;
}

function moduleOf(spec: string): string | undefined {
  const s = spec.startsWith('node:') ? spec.slice(5) : spec;
  return Object.hasOwn(MODULES, s) ? MODULES[s] : undefined;
}

/** process.env.X, process.env['X'], import.meta.env.X -> X. */
function envKey(n: SyntaxNode): string | undefined {
  const obj = n.childForFieldName('object');
  if (!obj || (obj.text !== 'process.env' && obj.text !== 'import.meta.env' && obj.text !== 'Bun.env')) return undefined;
  if (n.type === 'member_expression') return n.childForFieldName('property')?.text;
  const idx = unwrap(n.childForFieldName('index'));
  return idx && isString(idx) ? stringText(idx) : undefined;
}

function textOfValue(v: Value): string | undefined {
  return v.kind === 'text' ? v.value : undefined;
}

function knexFamily(v: Value): Family | undefined {
  const t = textOfValue(v);
  if (t === 'mysql2') return 'mysql2';
  if (t === 'mysql') return 'mysql';
  return undefined;
}

function sequelizeFamily(v: Value): Family | undefined {
  const t = textOfValue(v);
  if (t === 'mysql') return 'mysql2';
  if (t === 'mariadb') return 'mariadb-node';
  return undefined;
}

/** TypeORM loads `mysql` when installed, else `mysql2` (connectorPackage decides when written); the
 *  code alone does not say which is installed: mysql2, the one current projects install. */
function typeormFamily(v: Value, connector: Value | undefined): Family | undefined {
  const t = textOfValue(v);
  if (t !== 'mysql' && t !== 'mariadb') return undefined;
  const pkg = connector ? textOfValue(connector) : undefined;
  return pkg === 'mysql2' ? 'mysql2' : pkg === 'mysql' ? 'mysql' : 'mysql2';
}

function familyOfUrl(url: string): Family | undefined {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme === 'mysql') return 'mysql2';
  if (scheme === 'mariadb') return 'mariadb-node';
  return undefined;
}

