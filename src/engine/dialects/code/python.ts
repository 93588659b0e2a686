// Python: Django DATABASES entries, SQLAlchemy create_engine(url, connect_args=...), and the
// drivers' own connect calls (pymysql.connect, MySQLdb.connect, mysql.connector.connect), read from
// the syntax tree. Written by hand: which call or dict is a MySQL connection, its driver, and what
// each TLS option means for that driver (read from the drivers' sources):
//   PyMySQL       ssl={'ca','cert','key','capath','cipher','check_hostname','verify_mode'}, ssl_ca,
//                 ssl_cert, ssl_key, ssl_verify_cert, ssl_verify_identity, ssl_disabled
//   mysqlclient   ssl={'ca','cert','key','capath','cipher'}, ssl_mode (Django's default backend)
//   Connector/Py  ssl_ca, ssl_cert, ssl_key, ssl_verify_cert, ssl_verify_identity, ssl_disabled, tls_versions
// PostgreSQL, SQLite and other engines written the same way are not read.
import { isDriverId, type Connection, type DriverId, type ReadResult } from '../../model/connection';
import { readUrlAt } from '../find';
import { finish, newConnection, problem, setParam, span, type ReadContext } from '../text';
import { parseSslMode, parseTlsVersions, unknownSslMode } from '../values';
import type { EnvLookup } from './env';
import { withTree, type SyntaxNode } from './grammars';
import { applyPlain } from './nodeOptions';
import { byKey, noteOrigin, pairLocation, shownExpr, textOf, type Pair, type Value } from './values';

/** Where a quick fix adds what is missing: the container the options are written in. */
export interface PythonShape {
  /** `kwargs`: a call's argument list (key=value); `dict`: a dict literal ('key': value). */
  kind: 'kwargs' | 'dict';
  container: { start: number; end: number };
  /** The ssl dict, when written. */
  ssl?: { start: number; end: number };
  /** A Django entry without OPTIONS: the container is the entry, and OPTIONS must be added. */
  djangoWithoutOptions?: boolean;
}

const shapes = new WeakMap<Connection, PythonShape>();

export function pythonShape(c: Connection): PythonShape | undefined {
  return shapes.get(c);
}

const CONNECT_MODULES: Record<string, DriverId> = {
  pymysql: 'pymysql',
  MySQLdb: 'mysqlclient',
  'mysql.connector': 'mysql-connector-python',
  aiomysql: 'pymysql',
};

const PLAIN: Record<string, 'host' | 'port' | 'user' | 'password' | 'database' | 'socket'> = {
  host: 'host', HOST: 'host',
  port: 'port', PORT: 'port',
  user: 'user', username: 'user', USER: 'user',
  passwd: 'password', password: 'password', PASSWORD: 'password',
  db: 'database', database: 'database', NAME: 'database',
  unix_socket: 'socket',
};

export function readPython(text: string, ctx: ReadContext, env: EnvLookup): ReadResult | undefined {
  return withTree('python', text, (root) => new PyReader(text, ctx, env).read(root));
}

class PyReader {
  /** Local names bound to a driver module (`import pymysql as db`, `from mysql import connector`). */
  private readonly modules = new Map<string, string>();
  private readonly out: Connection[] = [];

  constructor(
    private readonly text: string,
    private readonly ctx: ReadContext,
    private readonly env: EnvLookup,
  ) {}

  read(root: SyntaxNode): ReadResult {
    const calls: SyntaxNode[] = [];
    const dicts: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [root];
    while (stack.length) {
      const n = stack.pop() as SyntaxNode;
      if (n.type === 'import_statement' || n.type === 'import_from_statement') this.importOf(n);
      else if (n.type === 'call') calls.push(n);
      else if (n.type === 'dictionary') dicts.push(n);
      else if (n.type === 'ERROR') this.errorNode(n);
      const kids = n.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    for (const c of calls) this.call(c);
    for (const d of dicts) this.djangoEntry(d);
    return { connections: this.out.sort((a, b) => a.span.start - b.span.start), problems: [] };
  }

  private importOf(n: SyntaxNode): void {
    if (n.type === 'import_statement') {
      for (const k of n.namedChildren) {
        const name = k.type === 'aliased_import' ? k.childForFieldName('name') : k;
        const alias = k.type === 'aliased_import' ? k.childForFieldName('alias') : undefined;
        if (!name) continue;
        this.modules.set(alias?.text ?? name.text, name.text);
        if (!alias && name.text === 'mysql.connector') this.modules.set('mysql.connector', 'mysql.connector');
      }
      return;
    }
    const mod = n.childForFieldName('module_name')?.text;
    if (!mod) return;
    for (const k of n.childrenForFieldName('name')) {
      const name = k.type === 'aliased_import' ? k.childForFieldName('name') : k;
      const alias = k.type === 'aliased_import' ? k.childForFieldName('alias') : undefined;
      if (name) this.modules.set(alias?.text ?? name.text, `${mod}.${name.text}`);
    }
  }

  /** `pymysql.connect`, `connector.connect`, `create_engine`: what the callee names, module-qualified. */
  private calleeName(fn: SyntaxNode | null): string | undefined {
    if (!fn) return undefined;
    if (fn.type === 'identifier') return this.modules.get(fn.text) ?? fn.text;
    if (fn.type === 'attribute') {
      const obj = fn.childForFieldName('object');
      const attr = fn.childForFieldName('attribute')?.text;
      const base = obj ? this.calleeName(obj) : undefined;
      return base && attr ? `${base}.${attr}` : undefined;
    }
    return undefined;
  }

  private call(n: SyntaxNode): void {
    const name = this.calleeName(n.childForFieldName('function'));
    if (!name) return;
    const argList = n.childForFieldName('arguments');
    if (!argList || argList.type !== 'argument_list') return;
    const dot = name.lastIndexOf('.');
    const mod = name.slice(0, dot);
    const fn = name.slice(dot + 1);
    if ((fn === 'connect' || fn === 'Connect' || fn === 'Connection' || fn === 'create_pool') && Object.hasOwn(CONNECT_MODULES, mod)) {
      const pairs = this.kwargs(argList);
      return this.emit(n, CONNECT_MODULES[mod], `${mod}-connect`, pairs, { kind: 'kwargs', container: span(argList.startIndex, argList.endIndex) });
    }
    if (fn === 'create_engine' || fn === 'create_async_engine' || name === 'create_engine' || name === 'create_async_engine') this.engine(n, argList);
  }

  /** Half-typed code: the parser keeps `pymysql.connect`, `host='h'`, `ssl`, `'ca': …` as loose
   *  pieces of an ERROR; a connect callee followed by keyword arguments is still a connection. */
  private errorNode(e: SyntaxNode): void {
    const kids = e.namedChildren;
    for (let i = 0; i < kids.length; i++) {
      const name = kids[i].type === 'attribute' ? this.calleeName(kids[i]) : undefined;
      if (!name) continue;
      const dot = name.lastIndexOf('.');
      const mod = name.slice(0, dot);
      if (name.slice(dot + 1) !== 'connect' || !Object.hasOwn(CONNECT_MODULES, mod)) continue;
      const pairs: Pair[] = [];
      let end = kids[i].endIndex;
      for (let j = i + 1; j < kids.length; j++) {
        const k = kids[j];
        if (k.type === 'keyword_argument') pairs.push(...this.kwargs({ namedChildren: [k] } as unknown as SyntaxNode));
        else if (k.type === 'identifier' && kids[j + 1]?.type === 'pair') {
          // `ssl={'ca': 'x', ` cut short: the dict's pairs follow the name.
          let m = j + 1;
          const inner: SyntaxNode[] = [];
          while (m < kids.length && kids[m].type === 'pair') inner.push(kids[m++]);
          const pairsOf = this.dictPairs({ namedChildren: inner, startIndex: kids[j + 1].startIndex, endIndex: kids[m - 1].endIndex } as unknown as SyntaxNode);
          pairs.push({ key: k.text, span: span(k.startIndex, kids[m - 1].endIndex), value: { kind: 'object', pairs: pairsOf, span: span(kids[j + 1].startIndex, kids[m - 1].endIndex) } });
          j = m - 1;
        } else break;
        end = kids[j].endIndex;
      }
      if (pairs.length) this.emit({ startIndex: kids[i].startIndex, endIndex: end } as SyntaxNode, CONNECT_MODULES[mod], `${mod}-connect`, pairs, { kind: 'kwargs', container: span(kids[i].endIndex, end) });
    }
  }

  /** create_engine('mysql+pymysql://…', connect_args={...}): the URL, then the driver's own arguments. */
  private engine(n: SyntaxNode, argList: SyntaxNode): void {
    const first = argList.namedChildren.find((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
    const urlArg = first ?? argList.namedChildren.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'url')?.childForFieldName('value') ?? undefined;
    if (!urlArg) return;
    const url = this.value(urlArg);
    const connectArgs = this.kwargs(argList).find((p) => p.key === 'connect_args');
    const argsDict = connectArgs?.value.kind === 'object' ? connectArgs.value : undefined;
    let c: Connection | undefined;
    if (url.kind === 'text' && !url.origin) {
      if (!/^(mysql|mariadb)(\+\w+)?:\/\//i.test(url.value)) return;
      c = readUrlAt(this.text, url.span.start, url.span.end, this.ctx, 'python');
    } else if (url.kind === 'text' || url.kind === 'unknown') {
      // A URL from .env or the environment: a MySQL one only when its scheme says so.
      if (url.kind === 'text' && !/^(mysql|mariadb)(\+\w+)?:\/\//i.test(url.value)) return;
      if (url.kind === 'unknown' && !argsDict) return;
      c = newConnection(this.ctx, 'python', 'sqlalchemy', 'unknown', span(n.startIndex, n.endIndex));
      (c.origins ??= {}).host = url.kind === 'unknown' ? url.why : url.origin;
      if (url.kind === 'text') {
        const parsed = readUrlAt(url.value, 0, url.value.length, {}, 'python');
        if (parsed) c.driver = parsed.driver;
        if (parsed?.host) c.host = parsed.host;
        if (parsed?.port) c.port = parsed.port;
        if (parsed?.user) c.user = parsed.user;
      }
    }
    if (!c) return;
    c.form = 'sqlalchemy';
    c.span = span(n.startIndex, n.endIndex);
    if (this.ctx.file !== undefined) c.id = `${this.ctx.file}#${n.startIndex}`;
    if (c.driver === 'unknown') c.driver = 'mysqlclient'; // SQLAlchemy's default MySQL DBAPI
    const shape: PythonShape = argsDict ? { kind: 'dict', container: argsDict.span } : { kind: 'kwargs', container: span(argList.startIndex, argList.endIndex) };
    this.applyOptions(c, argsDict?.pairs ?? [], shape);
    shapes.set(c, shape);
    this.out.push(finish(c));
  }

  /** A Django DATABASES entry: a dict with an ENGINE naming a MySQL backend. */
  private djangoEntry(d: SyntaxNode): void {
    const pairs = this.dictPairs(d);
    const engine = byKey(pairs).get('ENGINE');
    const e = engine ? textOf(engine.value) : undefined;
    if (!e) return;
    let driver: DriverId;
    if (e === 'django.db.backends.mysql' || e.endsWith('.mysql') && !e.includes('connector')) driver = 'mysqlclient';
    else if (e === 'mysql.connector.django') driver = 'mysql-connector-python';
    else return;
    const options = byKey(pairs).get('OPTIONS');
    const opts = options?.value.kind === 'object' ? options.value : undefined;
    const c = newConnection(this.ctx, 'python', 'django', driver, span(d.startIndex, d.endIndex));
    for (const p of pairs) if (Object.hasOwn(PLAIN, p.key) && p.key === p.key.toUpperCase()) applyPlain(c, PLAIN[p.key], p);
    const shape: PythonShape = opts ? { kind: 'dict', container: opts.span } : { kind: 'dict', container: span(d.startIndex, d.endIndex), djangoWithoutOptions: true };
    this.applyOptions(c, opts?.pairs ?? [], shape, !opts);
    shapes.set(c, shape);
    this.out.push(finish(c));
  }

  private emit(at: SyntaxNode, driver: DriverId, form: string, pairs: Pair[], shape: PythonShape): void {
    const c = newConnection(this.ctx, 'python', form, isDriverId(driver) ? driver : 'unknown', span(at.startIndex, at.endIndex));
    for (const p of pairs) if (Object.hasOwn(PLAIN, p.key) && p.key === p.key.toLowerCase()) applyPlain(c, PLAIN[p.key], p);
    this.applyOptions(c, pairs, shape);
    shapes.set(c, shape);
    this.out.push(finish(c));
  }

  /** The TLS options, as the connection's driver reads them. `noOptions`: a Django entry without OPTIONS. */
  private applyOptions(c: Connection, pairs: readonly Pair[], shape: PythonShape, noOptions = false): void {
    if (noOptions) return;
    const m = byKey(pairs);
    const ssl = m.get('ssl');
    if (ssl?.value.kind === 'object') {
      shape.ssl = ssl.value.span;
      this.sslDict(c, ssl.value.pairs);
    }
    if (ssl && c.driver === 'mysqlclient') this.mysqlclientSsl(c, ssl);
    else if (ssl?.value.kind === 'bool' && c.driver === 'mysql-connector-python') {
      note(c, ssl, 'Connector/Python has no ssl option: TLS is on unless ssl_disabled=True, and ssl_ca/ssl_verify_cert set the checks');
    }
    for (const [key, field] of [['ssl_ca', 'ca'], ['ssl_cert', 'cert'], ['ssl_key', 'key'], ['ssl_capath', 'capath']] as const) {
      const p = m.get(key);
      if (!p) continue;
      if (c.driver === 'mysqlclient') note(c, p, `mysqlclient does not take ${key}: write ssl={'${field}': …}`);
      else this.fileParam(c, field, p);
    }
    for (const [key, field] of [['ssl_verify_cert', 'verifyServerCert'], ['ssl_verify_identity', 'verifyIdentity']] as const) {
      const p = m.get(key);
      if (!p) continue;
      if (c.driver === 'mysqlclient') note(c, p, `mysqlclient does not take ${key}: use ssl_mode`);
      else if (p.value.kind === 'bool') {
        c.tls[field] = p.value.value;
        setParam(c, field, pairLocation(p));
      }
    }
    const disabled = m.get('ssl_disabled');
    if (disabled?.value.kind === 'bool' && disabled.value.value) {
      c.tls.mode = 'DISABLED';
      setParam(c, 'mode', pairLocation(disabled));
    }
    const mode = m.get('ssl_mode');
    if (mode) {
      if (c.driver !== 'mysqlclient') note(c, mode, `${c.driver === 'pymysql' ? 'PyMySQL' : 'Connector/Python'} does not read ssl_mode: use ssl_verify_cert and ssl_verify_identity (or ssl_disabled)`);
      else this.modeParam(c, mode);
    }
    const versions = m.get('tls_versions');
    if (versions && c.driver === 'mysql-connector-python') {
      const t = this.text.slice(versions.value.span.start, versions.value.span.end);
      const v = parseTlsVersions(t.replace(/[[\]()'"]/g, ' '));
      if (v.versions.length) {
        c.tls.tlsVersions = v.versions;
        setParam(c, 'tlsVersions', pairLocation(versions));
      }
    }
    for (const p of pairs) if (p.key === 'sslmode' || p.key === 'sslrootcert') note(c, p, `${p.key} is PostgreSQL's spelling: no MySQL driver reads it`);
    if (c.driver === 'pymysql' && ssl?.value.kind === 'object' && c.tls.mode === undefined && !c.tls.ca && !c.tls.capath && ssl.value.pairs.length) {
      c.tls.mode = 'REQUIRED'; // a non-empty ssl dict without a CA: PyMySQL uses TLS and checks nothing
      setParam(c, 'mode', pairLocation(ssl));
    }
  }

  private sslDict(c: Connection, pairs: readonly Pair[]): void {
    const m = byKey(pairs);
    for (const f of ['ca', 'cert', 'key', 'capath'] as const) {
      const p = m.get(f);
      if (p) this.fileParam(c, f, p);
    }
    const cipher = m.get('cipher');
    const ct = cipher ? textOf(cipher.value) : undefined;
    if (cipher && ct !== undefined) {
      c.tls.cipher = ct;
      setParam(c, 'cipher', pairLocation(cipher));
    }
    const check = m.get('check_hostname');
    if (check?.value.kind === 'bool') {
      if (c.driver === 'mysqlclient') note(c, check, "mysqlclient's ssl dict has no check_hostname: use ssl_mode='VERIFY_IDENTITY'");
      else {
        c.tls.verifyIdentity = check.value.value;
        setParam(c, 'verifyIdentity', pairLocation(check));
      }
    }
    const verify = m.get('verify_mode');
    if (verify && c.driver === 'pymysql') this.pymysqlVerifyMode(c, verify);
    else if (verify) note(c, verify, `${c.driver === 'mysqlclient' ? 'mysqlclient' : 'This driver'}'s ssl dict has no verify_mode`);
  }

  /** PyMySQL reads verify_mode as a bool or a string only; ssl.CERT_NONE (an int) falls to the default. */
  private pymysqlVerifyMode(c: Connection, p: Pair): void {
    const v = pymysqlVerifyValue(p.value);
    if (v === undefined) {
      const t = this.text.slice(p.value.span.start, p.value.span.end);
      note(c, p, `PyMySQL reads verify_mode only as True/False or a string ("required", "none"...): ${shownExpr(t)} is ignored, and the default applies (a CA: verified; none: not verified)`);
      return;
    }
    c.tls.verifyServerCert = v;
    setParam(c, 'verifyServerCert', pairLocation(p));
  }

  /** mysqlclient calls mysql_ssl_set for any ssl argument (MySQLdb/_mysql.c: `if (ssl)`), even
   *  ssl=True or {}: TLS when the server offers it, as an option file's `ssl` does. */
  private mysqlclientSsl(c: Connection, ssl: Pair): void {
    if (ssl.value.kind === 'unknown' || c.tls.mode !== undefined) return;
    c.tls.mode = 'PREFERRED';
    setParam(c, 'mode', pairLocation(ssl));
    if (ssl.value.kind === 'bool' && !ssl.value.value) {
      note(c, ssl, 'mysqlclient calls mysql_ssl_set for any ssl argument, ssl=False too: TLS is used whenever the server offers it (leave ssl out for no TLS)');
    }
  }

  private fileParam(c: Connection, f: 'ca' | 'cert' | 'key' | 'capath', p: Pair): void {
    setParam(c, f, pairLocation(p));
    noteOrigin(c, f, p.value);
    const t = p.value.kind === 'file' ? p.value.path : textOf(p.value);
    if (t !== undefined) c.tls[f] = t;
  }

  private modeParam(c: Connection, p: Pair): void {
    setParam(c, 'mode', pairLocation(p));
    noteOrigin(c, 'mode', p.value);
    const t = textOf(p.value);
    if (t === undefined) return;
    const mode = parseSslMode(t);
    if (mode) c.tls.mode = mode;
    else c.problems.push(problem(unknownSslMode(p.key, t), p.value.span.start, p.value.span.end));
  }

  // ---- values ----------------------------------------------------------------------------

  private kwargs(argList: SyntaxNode): Pair[] {
    const out: Pair[] = [];
    for (const a of argList.namedChildren) {
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name');
        const value = a.childForFieldName('value');
        if (name && value) out.push({ key: name.text, span: span(a.startIndex, a.endIndex), value: this.value(value) });
      } else if (a.type === 'dictionary_splat') {
        const inner = a.namedChildren[0];
        if (inner?.type === 'dictionary') out.push(...this.dictPairs(inner));
      }
    }
    return out;
  }

  private readonly dictCache = new Map<string, Pair[]>();

  private dictPairs(d: SyntaxNode): Pair[] {
    const id = `${d.startIndex}:${d.endIndex}`;
    const known = this.dictCache.get(id);
    if (known) return known;
    const out: Pair[] = [];
    this.dictCache.set(id, out);
    for (const p of d.namedChildren) {
      if (p.type !== 'pair') continue;
      const k = p.childForFieldName('key');
      const v = p.childForFieldName('value');
      if (!k || !v || k.type !== 'string') continue;
      out.push({ key: stringText(k), span: span(p.startIndex, p.endIndex), value: this.value(v) });
    }
    return out;
  }

  private value(raw: SyntaxNode, depth = 0): Value {
    let n = raw;
    while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    const at = span(n.startIndex, n.endIndex);
    const unknown = (what = 'known only at run time'): Value => ({ kind: 'unknown', why: `${shownExpr(n.text)}: ${what}`, span: at });
    switch (n.type) {
      case 'string': {
        if (n.namedChildren.some((k) => k.type === 'interpolation')) return unknown();
        const content = contentSpan(n);
        return { kind: 'text', value: stringText(n), span: content };
      }
      case 'integer': {
        const v = Number(n.text.replace(/_/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, span: at } : unknown();
      }
      case 'true':
      case 'false':
        return { kind: 'bool', value: n.type === 'true', span: at };
      case 'dictionary':
        return { kind: 'object', pairs: this.dictPairs(n), span: at };
      case 'call':
        return depth < 4 ? this.callValue(n, depth) ?? unknown() : unknown();
      case 'subscript': {
        // os.environ['X']
        const obj = n.childForFieldName('value');
        const sub = n.childForFieldName('subscript');
        if (obj?.text === 'os.environ' && sub?.type === 'string') return this.fromEnv(stringText(sub), undefined, at);
        return unknown();
      }
      case 'binary_operator':
        return unknown('a path built at run time');
      default:
        return unknown();
    }
  }

  /** os.environ.get / os.getenv / env('X', default=…) / config('X', default=…), open(…).read(). */
  private callValue(n: SyntaxNode, depth: number): Value | undefined {
    const fn = n.childForFieldName('function')?.text ?? '';
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    const at = span(n.startIndex, n.endIndex);
    if (/^(os\.environ\.get|os\.getenv|env|env\.str|env\.int|config|environ\.get)$/.test(fn)) {
      const key = args[0]?.type === 'string' ? stringText(args[0]) : undefined;
      if (key === undefined) return undefined;
      const dflt = args[1] && args[1].type !== 'keyword_argument' ? args[1] : args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default')?.childForFieldName('value') ?? undefined;
      return this.fromEnv(key, dflt ? this.value(dflt, depth + 1) : undefined, at);
    }
    return undefined;
  }

  private fromEnv(key: string, dflt: Value | undefined, at: { start: number; end: number }): Value {
    const e = this.env(key);
    if (e) return { kind: 'text', value: e.value, span: at, origin: `from ${e.from} (${key})` };
    if (dflt && (dflt.kind === 'text' || dflt.kind === 'number')) return { ...dflt, origin: `${key} not in the project's .env: its default` };
    return { kind: 'unknown', why: `${key}: not in the project's .env, known only at run time`, span: at };
  }
}

/** PyMySQL's verify_mode table (connections.py _create_ssl_ctx): undefined when it is not read. */
function pymysqlVerifyValue(v: Value): boolean | undefined {
  if (v.kind === 'bool') return v.value;
  if (v.kind !== 'text') return undefined;
  const t = v.value.toLowerCase();
  if (['none', '0', 'false', 'no'].includes(t)) return false;
  if (['required', 'optional', '1', 'true', 'yes'].includes(t)) return true;
  return undefined;
}

function note(c: Connection, p: Pair, message: string): void {
  (c.settingNotes ??= []).push({ code: 'setting-ignored', key: p.key, span: p.span, message });
}

/** The span between a string's quotes (prefix and triple quotes excluded). */
function contentSpan(n: SyntaxNode): { start: number; end: number } {
  const start = n.namedChildren.find((k) => k.type === 'string_start');
  const end = n.namedChildren.find((k) => k.type === 'string_end');
  const s = start ? start.endIndex : n.startIndex;
  const e = end ? end.startIndex : n.endIndex;
  return span(s, Math.max(s, e));
}

function stringText(n: SyntaxNode): string {
  const raw = (n.namedChildren.find((k) => k.type === 'string_start')?.text ?? '').toLowerCase().includes('r');
  let out = '';
  for (const k of n.namedChildren) {
    if (k.type === 'string_content') out += k.text;
    else if (k.type === 'escape_sequence') out += raw ? k.text : unescape(k.text);
  }
  // Content as one node in some grammar versions: escapes stay inside string_content.
  return raw ? out : out.replace(/\\(["'\\])/g, '$1');
}

function unescape(e: string): string {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"' };
  const c = e.slice(1);
  return Object.hasOwn(map, c) ? map[c] : e;
}


