// PHP: PDO (`new PDO('mysql:host=…;port=…;dbname=…', $user, $pass, [PDO::MYSQL_ATTR_SSL_CA => …])`),
// Laravel's config/database.php and Doctrine's connection arrays ('driver' => 'mysql' | 'mariadb' |
// 'pdo_mysql' with 'options' / 'driverOptions'), mysqli (ssl_set, options, real_connect flags, in
// functional or object style) and WordPress's wp-config.php (DB_HOST, MYSQL_CLIENT_FLAGS), read from
// the syntax tree. Written by hand: which call, array or define means a MySQL connection, and what
// each setting means to mysqlnd (php-src ext/pdo_mysql/mysql_driver.c, ext/mysqlnd/mysqlnd_vio.c):
//   PDO     MYSQL_ATTR_SSL_KEY, _CERT, _CA, _CAPATH, _CIPHER (any of them turns TLS on),
//           MYSQL_ATTR_SSL_VERIFY_SERVER_CERT (PHP 8.4: Pdo\Mysql::ATTR_SSL_*)
//   mysqli  ssl_set(key, cert, ca, capath, cipher), MYSQLI_CLIENT_SSL and
//           MYSQLI_CLIENT_SSL_(DONT_)VERIFY_SERVER_CERT in real_connect's flags,
//           options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, bool)
// Other databases (pgsql:, sqlite:, 'driver' => 'pgsql') are not read.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, posix } from 'node:path';
import type { Connection, DriverId, ReadResult } from '../../model/connection';
import type { Span } from '../../model/span';
import { baseName, finish, newConnection, span, type ReadContext } from '../text';
import type { EnvLookup } from './env';
import { withTree, type SyntaxNode } from './grammars';
import { applyPlain } from './nodeOptions';
import { byKey, noteOrigin, pairLocation, shownExpr, textOf, type Pair, type Value } from './values';

/** Where a quick fix writes what is missing. */
export interface PhpShape {
  kind: 'pdo' | 'array' | 'mysqli' | 'wordpress';
  /** The options array (`[…]`) the SSL attributes go in, when written. */
  options?: Span;
  /** The options array sits inside array_filter(): false, null, '' and 0 values are dropped. */
  filtered?: boolean;
  /** PDO / mysqli: the call's argument list and how many arguments it has. */
  args?: Span;
  argCount?: number;
  /** A config array without an options key: the array, where `'options' => [...]` goes. */
  entry?: Span;
  /** The key the options take in this array (`options` for Laravel, `driverOptions` for Doctrine). */
  optionsKey?: string;
  /** mysqli: the flags argument, the ssl_set call's arguments, the receiver variable. */
  flags?: Span;
  sslSet?: { args: Span; argSpans: (Span | undefined)[] };
  receiver?: string;
  /** mysqli: the functional style (mysqli_real_connect($m, …)) or the object style ($m->real_connect(…)). */
  functional?: boolean;
  /** The statement a new line goes after (WordPress: the last define read). */
  after?: Span;
}

const shapes = new WeakMap<Connection, PhpShape>();

export function phpShape(c: Connection): PhpShape | undefined {
  return shapes.get(c);
}

/** The PDO SSL attribute a key names (`PDO::MYSQL_ATTR_SSL_CA`, `\Pdo\Mysql::ATTR_SSL_CA`, either side of a version check). */
const PDO_ATTR = /(?:MYSQL_ATTR|Mysql::ATTR)_SSL_(CA|CERT|KEY|CAPATH|CIPHER|VERIFY_SERVER_CERT)\b/;

const FILE_ATTRS: Record<string, 'ca' | 'cert' | 'key' | 'capath'> = { CA: 'ca', CERT: 'cert', KEY: 'key', CAPATH: 'capath' };

/** Array config keys (Laravel, Doctrine). */
const ARRAY_PLAIN: Record<string, 'host' | 'port' | 'user' | 'password' | 'database' | 'socket'> = {
  host: 'host', port: 'port', username: 'user', user: 'user', password: 'password',
  database: 'database', dbname: 'database', unix_socket: 'socket',
};

const WP_DEFINES = new Set(['DB_HOST', 'DB_USER', 'DB_PASSWORD', 'DB_NAME', 'MYSQL_CLIENT_FLAGS', 'MYSQL_SSL_CA', 'MYSQL_SSL_CERT', 'MYSQL_SSL_KEY', 'MYSQL_SSL_CA_PATH', 'MYSQL_SSL_CIPHER']);

/** CLIENT_SSL in a flags integer. */
const CLIENT_SSL_BIT = 2048;

export function readPhp(text: string, ctx: ReadContext, env: EnvLookup): ReadResult | undefined {
  return withTree('php', text, (root) => new PhpReader(text, ctx, env).read(root));
}

interface Call {
  node: SyntaxNode;
  /** `mysqli_real_connect`, `real_connect` (method), `PDO` (new), … */
  name: string;
  /** The receiver: `$m` of `$m->ssl_set()`, or of `mysqli_ssl_set($m, …)`. */
  receiver?: string;
  args: SyntaxNode[];
  argList: SyntaxNode;
  method: boolean;
}

class PhpReader {
  private readonly out: Connection[] = [];
  /** `$name = value` (the last assignment in the file) and define('NAME', value). */
  private readonly vars = new Map<string, SyntaxNode>();
  private readonly defines = new Map<string, { call: SyntaxNode; value: SyntaxNode }>();
  private readonly calls: Call[] = [];
  private readonly arrays: SyntaxNode[] = [];
  private readonly used = new Set<number>();

  constructor(
    private readonly text: string,
    private readonly ctx: ReadContext,
    private readonly env: EnvLookup,
  ) {}

  read(root: SyntaxNode): ReadResult {
    const stack: SyntaxNode[] = [root];
    const errors: SyntaxNode[] = [];
    while (stack.length) {
      const n = stack.pop() as SyntaxNode;
      switch (n.type) {
        case 'assignment_expression': this.assignment(n); break;
        case 'function_call_expression':
        case 'member_call_expression':
        case 'object_creation_expression': this.collectCall(n); break;
        case 'array_creation_expression': this.arrays.push(n); break;
        case 'ERROR': errors.push(n); break;
      }
      const kids = n.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    this.calls.sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const c of this.calls) this.pdo(c);
    // ssl_set() and options() apply to the next connect on the same link: one pass, settings kept per link.
    const pending = new Map<string, Call[]>();
    for (const c of this.calls) {
      if (c.receiver && /^(mysqli_)?(ssl_set|options)$/.test(c.name)) {
        const list = pending.get(c.receiver) ?? [];
        list.push(c);
        pending.set(c.receiver, list);
      } else if (this.mysqli(c, c.receiver ? pending.get(c.receiver) ?? [] : [])) pending.delete(c.receiver as string);
    }
    for (const a of this.arrays) if (!this.used.has(a.startIndex)) this.configArray(a);
    this.wordpress();
    for (const e of errors) this.errorNode(e);
    return { connections: this.out.sort((a, b) => a.span.start - b.span.start), problems: [] };
  }

  // ---- what the file holds ---------------------------------------------------------------------

  private assignment(n: SyntaxNode): void {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type === 'variable_name' && right) this.vars.set(left.text, right);
  }

  private collectCall(n: SyntaxNode): void {
    const argList = n.childForFieldName('arguments') ?? n.namedChildren.find((k) => k.type === 'arguments');
    if (!argList) return;
    const args = argList.namedChildren.filter((a) => a.type === 'argument').map((a) => a.namedChildren[a.namedChildren.length - 1]).filter((a): a is SyntaxNode => !!a);
    let name: string | undefined;
    let receiver: string | undefined;
    const method = n.type === 'member_call_expression';
    if (n.type === 'object_creation_expression') name = n.namedChildren.find((k) => k.type === 'name' || k.type === 'qualified_name')?.text.replace(/^\\/, '');
    else if (method) {
      name = n.childForFieldName('name')?.text;
      receiver = n.childForFieldName('object')?.text;
    } else {
      name = n.childForFieldName('function')?.text.replace(/^\\/, '');
      if (name?.startsWith('mysqli_') && args[0]?.type === 'variable_name') receiver = args[0].text;
    }
    if (!name) return;
    if (name === 'define' && args[0] && args[1]) {
      const key = this.literal(args[0]);
      if (key !== undefined) this.defines.set(key, { call: n, value: args[1] });
      return;
    }
    this.calls.push({ node: n, name, receiver, args, argList, method });
  }

  // ---- PDO ---------------------------------------------------------------------------------------

  private pdo(call: Call): void {
    if (call.node.type !== 'object_creation_expression' || !/^(PDO|Pdo\\Mysql)$/.test(call.name)) return;
    const dsnNode = call.args[0];
    if (!dsnNode) return;
    const dsn = this.dsnOf(dsnNode);
    if (!dsn) return;
    const c = newConnection(this.ctx, 'php', 'pdo', 'php-pdo', span(call.node.startIndex, call.node.endIndex));
    this.applyDsn(c, dsn);
    const names = ['user', 'password'] as const;
    for (let i = 0; i < 2; i++) {
      const a = call.args[i + 1];
      if (a) applyPlain(c, names[i], { key: names[i] === 'user' ? 'username' : 'password', span: span(a.startIndex, a.endIndex), value: this.value(a) });
    }
    const shape: PhpShape = { kind: 'pdo', args: span(call.argList.startIndex, call.argList.endIndex), argCount: call.args.length };
    const opts = call.args[3] ? this.arrayOf(call.args[3]) : undefined;
    if (opts) {
      shape.options = span(opts.array.startIndex, opts.array.endIndex);
      shape.filtered = opts.filtered;
      this.pdoAttributes(c, this.pairs(opts.array), opts.filtered);
    }
    this.push(c, shape);
  }

  /** Half-typed code: the parser keeps `new PDO`, its arguments and the options' elements as loose
   *  pieces of an ERROR; a PDO name followed by a MySQL DSN argument is still a connection. */
  private errorNode(e: SyntaxNode): void {
    const kids = e.namedChildren;
    for (let i = 0; i < kids.length; i++) {
      if (kids[i].type !== 'name' || kids[i].text !== 'PDO' || kids[i + 1]?.type !== 'argument') continue;
      const args: SyntaxNode[] = [];
      let j = i + 1;
      while (j < kids.length && kids[j].type === 'argument' && kids[j].namedChildren.length) args.push(kids[j++].namedChildren[kids[j - 1].namedChildren.length - 1]);
      const dsn = this.dsnOf(args[0]);
      if (!dsn) continue;
      const elements: SyntaxNode[] = [];
      while (j < kids.length && kids[j].type === 'array_element_initializer') elements.push(kids[j++]);
      const end = (elements[elements.length - 1] ?? args[args.length - 1]).endIndex;
      const c = newConnection(this.ctx, 'php', 'pdo', 'php-pdo', span(kids[i].startIndex, end));
      this.applyDsn(c, dsn);
      if (elements.length) this.pdoAttributes(c, this.elementPairs(elements), false);
      this.push(c, { kind: 'pdo' });
    }
  }

  /** A DSN string: literal, from .env, or built at run time (`"mysql:host=$h"`, `'mysql:host=' . $h`). */
  private dsnOf(n: SyntaxNode): { text: string; at?: number; origin?: string; partial?: boolean } | undefined {
    const node = this.follow(n);
    const v = this.value(node);
    if (v.kind === 'text') {
      if (!/^\s*mysql:/i.test(v.value)) return undefined;
      return v.origin ? { text: v.value, origin: v.origin } : { text: this.text.slice(v.span.start, v.span.end), at: v.span.start };
    }
    // Built at run time: a MySQL DSN only when its first literal piece says so.
    const first = leftmost(node);
    const lit = first && (first.type === 'string' || first.type === 'encapsed_string') ? first.namedChildren.find((k) => k.type === 'string_content')?.text : undefined;
    if (!lit || !/^\s*mysql:/i.test(lit)) return undefined;
    return { text: lit, partial: true, origin: `${shownExpr(node.text)}: built at run time` };
  }

  /** mysql:host=h;port=p;dbname=d;unix_socket=s (keys as PDO reads them). */
  private applyDsn(c: Connection, dsn: { text: string; at?: number; origin?: string; partial?: boolean }): void {
    const colon = dsn.text.indexOf(':');
    let i = colon + 1;
    const fields: Record<string, 'host' | 'port' | 'database' | 'socket'> = { host: 'host', port: 'port', dbname: 'database', unix_socket: 'socket' };
    while (i <= dsn.text.length) {
      let end = dsn.text.indexOf(';', i);
      if (end < 0) end = dsn.text.length;
      const eq = dsn.text.indexOf('=', i);
      if (eq > i && eq < end) {
        const key = dsn.text.slice(i, eq).trim();
        let value = dsn.text.slice(eq + 1, end);
        const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
        // A piece cut by interpolation (`host=$h`) is not known.
        if (field && !(dsn.partial && end === dsn.text.length)) {
          if (value.includes('$') || value.includes('{')) value = '';
          const at = dsn.at;
          const valueSpan = at !== undefined ? span(at + eq + 1, at + end) : c.span;
          const pair: Pair = {
            key,
            span: at !== undefined ? span(at + i, at + end) : c.span,
            value: value ? { kind: 'text', value, span: valueSpan, ...(dsn.origin ? { origin: dsn.origin } : {}) } : { kind: 'unknown', why: dsn.origin ?? `${key}: known only at run time`, span: valueSpan },
          };
          applyPlain(c, field, pair);
        }
      }
      i = end + 1;
    }
    if (dsn.origin && c.host === undefined) (c.origins ??= {}).host = dsn.origin;
  }

  /** PDO attributes of an options array (PDO itself, Laravel's 'options', Doctrine's 'driverOptions'). */
  private pdoAttributes(c: Connection, pairs: readonly Pair[], filtered: boolean | undefined): void {
    for (const p of pairs) {
      const m = PDO_ATTR.exec(p.key);
      if (!m) continue;
      const attr = m[1];
      if (filtered && dropped(p.value)) {
        note(c, p, `array_filter() drops this ${shownExpr(this.text.slice(p.value.span.start, p.value.span.end))} value: PDO never sees the attribute. Write the options array without array_filter, or give a value that is not false, null, '' or 0`);
        continue;
      }
      if (attr === 'VERIFY_SERVER_CERT') {
        const b = this.boolOf(p.value);
        if (b === undefined) continue;
        c.tls.verifyServerCert = b;
        c.params.verifyServerCert = pairLocation(p);
        continue;
      }
      const field = attr === 'CIPHER' ? 'cipher' : FILE_ATTRS[attr];
      c.params[field] = pairLocation(p);
      noteOrigin(c, field, p.value);
      const t = textOf(p.value);
      // env('MYSQL_ATTR_SSL_CA') with an empty value in .env is null to Laravel: no attribute.
      if (t !== undefined && t !== '') c.tls[field] = field === 'cipher' ? t : envRelative(t, p.value);
      else if (p.value.kind === 'unknown' && !p.value.why.includes("not in the project's .env")) {
        // Set by code this reader cannot follow: the attribute is there, and mysqlnd then verifies.
        c.tls.mode ??= 'VERIFY_IDENTITY';
      }
    }
  }

  // ---- Laravel and Doctrine config arrays -----------------------------------------------------------

  private configArray(a: SyntaxNode): void {
    const pairs = this.pairs(a);
    const m = byKey(pairs);
    const driver = m.get('driver');
    const d = driver ? textOf(driver.value) : undefined;
    if (!d || !/^(mysql|mariadb|pdo_mysql|mysqli)$/.test(d)) return;
    if (!['host', 'url', 'unix_socket', 'options', 'driverOptions', 'port', 'database', 'dbname'].some((k) => m.has(k))) return;
    const mysqli = d === 'mysqli';
    const c = newConnection(this.ctx, 'php', d === 'pdo_mysql' || d === 'mysqli' ? 'doctrine' : 'laravel', mysqli ? 'php-mysqli' : 'php-pdo', span(a.startIndex, a.endIndex));
    for (const p of pairs) {
      if (!Object.hasOwn(ARRAY_PLAIN, p.key)) continue;
      // An empty unix_socket (Laravel's default env('DB_SOCKET', '')) means TCP.
      if (p.key === 'unix_socket' && textOf(p.value) === '') continue;
      applyPlain(c, ARRAY_PLAIN[p.key], p);
    }
    const optionsKey = m.has('driverOptions') || d === 'pdo_mysql' ? 'driverOptions' : 'options';
    const shape: PhpShape = { kind: 'array', entry: span(a.startIndex, a.endIndex), optionsKey };
    const opts = m.get(optionsKey);
    const node = opts ? this.arrayNodeAt(opts.value.span) : undefined;
    if (node) {
      shape.options = span(node.array.startIndex, node.array.endIndex);
      shape.filtered = node.filtered;
      this.used.add(node.array.startIndex);
      this.pdoAttributes(c, this.pairs(node.array), node.filtered);
    }
    this.push(c, shape);
  }

  // ---- mysqli ------------------------------------------------------------------------------------

  /** A mysqli connect call; true when it used the link's pending settings. */
  private mysqli(call: Call, settings: readonly Call[]): boolean {
    const connect = call.method ? call.name === 'real_connect' : call.name === 'mysqli_real_connect';
    // new mysqli() without arguments connects nowhere (it is mysqli_init()).
    const plain = ((call.node.type === 'object_creation_expression' && call.name === 'mysqli') || (!call.method && call.name === 'mysqli_connect')) && call.args.length > 0;
    if (!connect && !plain) return false;
    // mysqli_real_connect($m, host, …) takes the link first; $m->real_connect(host, …) does not.
    const args = connect && !call.method ? call.args.slice(1) : call.args;
    if (connect && !call.receiver) return false;
    const c = newConnection(this.ctx, 'php', connect ? 'mysqli-real-connect' : 'mysqli-connect', 'php-mysqli', span(call.node.startIndex, call.node.endIndex));
    const fields = ['host', 'user', 'password', 'database', 'port', 'socket'] as const;
    const keys = ['hostname', 'username', 'password', 'database', 'port', 'socket'];
    for (let i = 0; i < fields.length; i++) {
      const a = args[i];
      if (!a || a.type === 'null') continue;
      const v = this.value(a);
      // mysqli's own "p:" prefix asks for a persistent connection; the host follows it.
      if (fields[i] === 'host' && v.kind === 'text' && v.value.startsWith('p:')) {
        applyPlain(c, 'host', { key: keys[i], span: span(a.startIndex, a.endIndex), value: { ...v, value: v.value.slice(2), span: span(v.span.start + 2, v.span.end) } });
      } else applyPlain(c, fields[i], { key: keys[i], span: span(a.startIndex, a.endIndex), value: v });
    }
    const shape: PhpShape = { kind: 'mysqli', args: span(call.argList.startIndex, call.argList.endIndex), argCount: call.args.length, receiver: call.receiver, functional: !call.method };
    if (connect) {
      const flags = args[6];
      if (flags) {
        shape.flags = span(flags.startIndex, flags.endIndex);
        this.flags(c, flags, 'flags');
      }
      for (const other of settings) this.mysqliSetting(c, other, shape);
    }
    this.push(c, shape);
    return connect;
  }

  /** ssl_set() and options() on the same link, before the connect. */
  private mysqliSetting(c: Connection, call: Call, shape: PhpShape): void {
    const args = call.method ? call.args : call.args.slice(1);
    const name = call.name.replace(/^mysqli_/, '');
    if (name === 'ssl_set') {
      const order = ['key', 'cert', 'ca', 'capath', 'cipher'] as const;
      shape.sslSet = { args: span(call.argList.startIndex, call.argList.endIndex), argSpans: [] };
      for (let i = 0; i < order.length; i++) {
        const a = args[i];
        shape.sslSet.argSpans.push(a ? span(a.startIndex, a.endIndex) : undefined);
        if (!a || a.type === 'null') continue;
        const p: Pair = { key: order[i], span: span(a.startIndex, a.endIndex), value: this.value(a) };
        const field = order[i];
        c.params[field] = pairLocation(p);
        noteOrigin(c, field, p.value);
        const t = textOf(p.value);
        if (t !== undefined && t !== '') c.tls[field] = t;
      }
    } else if (name === 'options' || name === 'mysqli_options') {
      const opt = args[0]?.text.replace(/^\\/, '');
      if (opt !== 'MYSQLI_OPT_SSL_VERIFY_SERVER_CERT' || !args[1]) return;
      // real_connect's flags decide the check and override this option (measured with PHP 8.2:
      // true checks nothing without a CA, false does not stop the check a CA brings).
      const p: Pair = { key: opt, span: span(call.node.startIndex, call.node.endIndex), value: this.value(args[1]) };
      note(c, p, `${opt} is overridden by real_connect's flags: mysqlnd checks the certificate when a CA, certificate, key or cipher is set ` +
        'and MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT is not given, whatever this option says. Use that flag (or MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT) instead');
    }
  }

  /** real_connect's flags and WordPress's MYSQL_CLIENT_FLAGS: names joined by |, or a number. */
  private flags(c: Connection, raw: SyntaxNode, key: string): void {
    const n = this.follow(raw);
    const names: SyntaxNode[] = [];
    const stack = [n];
    let bits = 0;
    while (stack.length) {
      const k = stack.pop() as SyntaxNode;
      if (k.type === 'name') names.push(k);
      else if (k.type === 'integer') bits |= Number(k.text) || 0;
      else if (k.type === 'binary_expression' || k.type === 'parenthesized_expression') stack.push(...k.namedChildren);
    }
    const loc = { key, span: span(raw.startIndex, raw.endIndex), valueSpan: span(raw.startIndex, raw.endIndex) };
    if (names.some((x) => x.text === 'MYSQLI_CLIENT_SSL') || bits & CLIENT_SSL_BIT) {
      c.tls.mode = 'REQUIRED';
      c.params.mode = loc;
    }
    const dont = names.find((x) => x.text === 'MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT');
    const verify = names.find((x) => x.text === 'MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT');
    if (dont || verify) {
      c.tls.mode ??= 'REQUIRED'; // either flag asks for TLS too (mysqli adds CLIENT_SSL for them)
      c.params.mode ??= loc;
      c.tls.verifyServerCert = !dont;
      const x = (dont ?? verify) as SyntaxNode;
      c.params.verifyServerCert = { key: x.text, span: span(x.startIndex, x.endIndex), valueSpan: span(x.startIndex, x.endIndex) };
    }
  }

  // ---- WordPress ---------------------------------------------------------------------------------

  private wordpress(): void {
    const host = this.defines.get('DB_HOST');
    if (!host) return;
    const wp = /^wp-config.*\.php$/i.test(baseName(this.ctx.file ?? '')) || /\$table_prefix\b/.test(this.text) || this.defines.has('DB_COLLATE');
    if (!wp) return;
    const found = [...WP_DEFINES].map((k) => this.defines.get(k)).filter((d): d is { call: SyntaxNode; value: SyntaxNode } => !!d);
    const start = Math.min(...found.map((d) => d.call.startIndex));
    const end = Math.max(...found.map((d) => d.call.endIndex));
    const c = newConnection(this.ctx, 'php', 'wordpress', 'php-mysqli', span(start, end));
    const hv = this.value(host.value);
    const hostPair: Pair = { key: 'DB_HOST', span: span(host.call.startIndex, host.call.endIndex), value: hv };
    if (hv.kind === 'text') this.wpHost(c, hostPair, hv);
    else applyPlain(c, 'host', hostPair);
    for (const [k, field] of [['DB_USER', 'user'], ['DB_PASSWORD', 'password'], ['DB_NAME', 'database']] as const) {
      const d = this.defines.get(k);
      if (d) applyPlain(c, field, { key: k, span: span(d.call.startIndex, d.call.endIndex), value: this.value(d.value) });
    }
    const flags = this.defines.get('MYSQL_CLIENT_FLAGS');
    if (flags) this.flags(c, flags.value, 'MYSQL_CLIENT_FLAGS');
    const shape: PhpShape = { kind: 'wordpress', after: span(0, 0), ...(flags ? { flags: span(flags.value.startIndex, flags.value.endIndex) } : {}) };
    // WordPress itself reads MYSQL_CLIENT_FLAGS only; a db.php drop-in (HyperDB, LudicrousDB and the
    // hosts' own) passes MYSQL_SSL_* to mysqli_ssl_set.
    const dropIn = this.ctx.file !== undefined && existsSync(join(dirname(this.ctx.file), 'wp-content', 'db.php'));
    for (const [k, field] of [['MYSQL_SSL_CA', 'ca'], ['MYSQL_SSL_CERT', 'cert'], ['MYSQL_SSL_KEY', 'key'], ['MYSQL_SSL_CA_PATH', 'capath'], ['MYSQL_SSL_CIPHER', 'cipher']] as const) {
      const d = this.defines.get(k);
      if (!d) continue;
      const p: Pair = { key: k, span: span(d.call.startIndex, d.call.endIndex), value: this.value(d.value) };
      if (!dropIn && this.ctx.file !== undefined) {
        note(c, p, `WordPress reads ${k} only through a db.php drop-in (wp-content/db.php, none here): its own connection passes MYSQL_CLIENT_FLAGS alone, so this file is not used`);
        continue;
      }
      c.params[field] = pairLocation(p);
      noteOrigin(c, field, p.value);
      const t = textOf(p.value);
      if (t !== undefined && t !== '') c.tls[field] = t;
    }
    const last = found.reduce((a, b) => (a.call.endIndex > b.call.endIndex ? a : b));
    shape.after = span(last.call.startIndex, last.call.endIndex);
    this.push(c, shape);
  }

  /** DB_HOST is `host`, `host:port`, `host:/socket` or `[::1]:port`. */
  private wpHost(c: Connection, p: Pair, v: Extract<Value, { kind: 'text' }>): void {
    const raw = v.value;
    const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(raw);
    const host = m ? m[1].replace(/^\[|\]$/g, '') : raw;
    const rest = m?.[2];
    const hostSpan = v.origin ? v.span : span(v.span.start + (m?.[1].startsWith('[') ? 1 : 0), v.span.start + (m?.[1].startsWith('[') ? 1 : 0) + host.length);
    applyPlain(c, 'host', { ...p, value: { ...v, value: host, span: hostSpan } });
    if (rest === undefined || rest === '') return;
    const restStart = v.span.start + (m?.[1].length ?? 0) + 1;
    const restSpan = v.origin ? v.span : span(restStart, restStart + rest.length);
    if (/^\d+$/.test(rest)) applyPlain(c, 'port', { ...p, value: { ...v, value: rest, span: restSpan } });
    else if (rest.startsWith('/')) {
      const sock = /^(\d+):(\/.*)$/.exec(rest);
      applyPlain(c, 'socket', { ...p, value: { ...v, value: sock ? sock[2] : rest, span: restSpan } });
    }
  }

  // ---- values ------------------------------------------------------------------------------------

  private push(c: Connection, shape: PhpShape): void {
    shapes.set(c, shape);
    this.out.push(finish(c));
  }

  /** A variable or constant followed to what was assigned to it (a few steps). */
  private follow(n: SyntaxNode): SyntaxNode {
    let cur = n;
    for (let i = 0; i < 4; i++) {
      while (cur.type === 'parenthesized_expression' && cur.namedChildren[0]) cur = cur.namedChildren[0];
      const next = cur.type === 'variable_name' ? this.vars.get(cur.text) : cur.type === 'name' ? this.defines.get(cur.text)?.value : undefined;
      if (!next || next === cur) break;
      cur = next;
    }
    return cur;
  }

  /** An options array: `[…]`, `array(…)`, a variable holding one, `array_filter([…])`, `cond ? [...] : []`. */
  private arrayOf(raw: SyntaxNode): { array: SyntaxNode; filtered: boolean } | undefined {
    const n = this.follow(raw);
    if (n.type === 'array_creation_expression') return { array: n, filtered: false };
    if (n.type === 'conditional_expression') {
      const body = n.childForFieldName('body');
      return body ? this.arrayOf(body) : undefined;
    }
    if (n.type === 'function_call_expression' && n.childForFieldName('function')?.text === 'array_filter') {
      const args = n.childForFieldName('arguments')?.namedChildren.filter((a) => a.type === 'argument') ?? [];
      const inner = args[0]?.namedChildren[0];
      const r = inner && args.length === 1 ? this.arrayOf(inner) : undefined;
      return r ? { array: r.array, filtered: true } : undefined;
    }
    return undefined;
  }

  private arrayNodeAt(s: Span): { array: SyntaxNode; filtered: boolean } | undefined {
    const n = this.nodes.get(`${s.start}:${s.end}`);
    return n ? this.arrayOf(n) : undefined;
  }

  /** Value nodes by span, to find an array element's node again. */
  private readonly nodes = new Map<string, SyntaxNode>();
  private readonly arrayPairs = new Map<number, Pair[]>();

  private pairs(a: SyntaxNode): Pair[] {
    const known = this.arrayPairs.get(a.startIndex);
    if (known) return known;
    const out: Pair[] = [];
    this.arrayPairs.set(a.startIndex, out);
    out.push(...this.elementPairs(a.namedChildren));
    return out;
  }

  private elementPairs(elements: readonly SyntaxNode[]): Pair[] {
    const out: Pair[] = [];
    for (const e of elements) {
      if (e.type !== 'array_element_initializer' || e.namedChildren.length < 2) continue;
      const [k, v] = e.namedChildren;
      const key = k.type === 'string' || k.type === 'encapsed_string' ? this.literal(k) ?? k.text : k.text.replace(/\s+/g, ' ');
      this.nodes.set(`${v.startIndex}:${v.endIndex}`, v);
      out.push({ key, span: span(e.startIndex, e.endIndex), value: this.value(v) });
    }
    return out;
  }

  private literal(n: SyntaxNode): string | undefined {
    const v = this.value(n);
    return v.kind === 'text' && !v.origin ? v.value : undefined;
  }

  private boolOf(v: Value): boolean | undefined {
    if (v.kind === 'bool') return v.value;
    if (v.kind === 'number') return v.value !== 0;
    if (v.kind === 'text' && v.origin) return !(v.value === '' || v.value === '0' || /^(false|off|no|null)$/i.test(v.value));
    return undefined;
  }

  private value(raw: SyntaxNode, depth = 0): Value {
    let n = raw;
    while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    const at = span(n.startIndex, n.endIndex);
    const unknown = (what = 'known only at run time'): Value => ({ kind: 'unknown', why: `${shownExpr(n.text)}: ${what}`, span: at });
    switch (n.type) {
      case 'string':
      case 'encapsed_string': {
        if (n.namedChildren.some((k) => k.type !== 'string_content' && k.type !== 'escape_sequence')) return unknown();
        const q = this.text[n.startIndex];
        if (q !== "'" && q !== '"') return unknown(); // heredoc, nowdoc, b'' prefixes
        return { kind: 'text', value: stringText(n, q), span: span(n.startIndex + 1, Math.max(n.startIndex + 1, n.endIndex - 1)) };
      }
      case 'integer': {
        const v = Number(n.text.replace(/_/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, span: at } : unknown();
      }
      case 'boolean':
        return { kind: 'bool', value: n.text.toLowerCase() === 'true', span: at };
      case 'variable_name':
      case 'name': {
        const target = depth < 4 ? this.follow(n) : n;
        if (target === n) return unknown();
        const v = this.value(target, depth + 1);
        return v.kind === 'unknown' ? { ...v, span: at } : v;
      }
      case 'function_call_expression':
        return depth < 4 ? this.callValue(n, depth) ?? unknown() : unknown();
      case 'subscript_expression': {
        const obj = n.namedChildren[0]?.text;
        const key = n.namedChildren[1];
        if ((obj === '$_ENV' || obj === '$_SERVER') && key) {
          const k = this.literal(key);
          if (k !== undefined) return this.fromEnv(k, undefined, at);
        }
        return unknown();
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if ((op === '??' || op === '?:') && left && right) return this.orDefault(left, right, depth, n);
        if (op === '.' && left && right) return this.dirPath(left, right) ?? unknown('a path built at run time');
        return unknown();
      }
      case 'conditional_expression': {
        // `getenv('X') ?: 'default'` is a conditional without a body.
        const body = n.childForFieldName('body');
        const cond = n.childForFieldName('condition');
        const alt = n.childForFieldName('alternative');
        if (!body && cond && alt) return this.orDefault(cond, alt, depth, n);
        return unknown();
      }
      default:
        return unknown();
    }
  }

  /** `__DIR__ . '/certs/ca.pem'` and `dirname(__DIR__) . '/ca.pem'`: a path relative to this file's folder. */
  private dirPath(left: SyntaxNode, right: SyntaxNode): Value | undefined {
    const r = this.value(right, 4);
    if (r.kind !== 'text' || r.origin) return undefined;
    let up = left.text === '__DIR__' ? '' : /^dirname\(\s*__DIR__\s*\)$/.test(left.text) ? '..' : undefined;
    if (up === undefined) return undefined;
    const rel = r.value.replace(/^\/+/, '');
    up = up ? `${up}/` : '';
    return { kind: 'text', value: `${up}${rel}` || '.', span: span(left.startIndex, right.endIndex), origin: `${shownExpr(`${left.text} . ${right.text}`)}: relative to this file's folder` };
  }

  private orDefault(left: SyntaxNode, right: SyntaxNode, depth: number, whole: SyntaxNode): Value {
    const l = this.value(left, depth + 1);
    if (l.kind !== 'unknown') return { ...l, span: span(whole.startIndex, whole.endIndex) } as Value;
    const r = this.value(right, depth + 1);
    if (r.kind === 'text' || r.kind === 'number') return { ...r, origin: `${shownExpr(left.text)} not in the project's .env: its default` };
    return { kind: 'unknown', why: `${shownExpr(whole.text)}: known only at run time`, span: span(whole.startIndex, whole.endIndex) };
  }

  /** env('X', default) (Laravel), getenv('X'), file_get_contents isn't a path a driver reads. */
  private callValue(n: SyntaxNode, depth: number): Value | undefined {
    const fn = n.childForFieldName('function')?.text.replace(/^\\/, '');
    const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type === 'argument').map((a) => a.namedChildren[a.namedChildren.length - 1]);
    const at = span(n.startIndex, n.endIndex);
    if (fn === 'env' || fn === 'getenv' || fn === 'Env::get') {
      const key = args[0] ? this.literal(args[0]) : undefined;
      if (key === undefined) return undefined;
      return this.fromEnv(key, args[1] ? this.value(args[1], depth + 1) : undefined, at);
    }
    return undefined;
  }

  private fromEnv(key: string, dflt: Value | undefined, at: Span): Value {
    const e = this.env(key);
    if (e) return { kind: 'text', value: e.value, span: at, origin: `from ${e.from} (${key})` };
    if (dflt && (dflt.kind === 'text' || dflt.kind === 'number' || dflt.kind === 'bool')) return { ...dflt, origin: `${key} not in the project's .env: its default` } as Value;
    return { kind: 'unknown', why: `${key}: not in the project's .env, known only at run time`, span: at };
  }
}

/** A relative path taken from a .env elsewhere (`from ../.env (X)`) is relative to that .env's folder,
 *  the project root the application runs from: written relative to the code file's folder here. */
function envRelative(path: string, v: Value): string {
  const from = v.kind === 'text' ? /^from (.+) \([\w.]+\)$/.exec(v.origin ?? '')?.[1] : undefined;
  if (!from || isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('~')) return path;
  const dir = posix.dirname(from);
  return dir === '.' ? path : posix.join(dir, path);
}

/** A value array_filter() drops: false, null, '', '0', 0 (and an env() that yields nothing). */
function dropped(v: Value): boolean {
  if (v.kind === 'bool') return !v.value;
  if (v.kind === 'number') return v.value === 0;
  if (v.kind === 'text') return v.value === '' || v.value === '0';
  return false;
}

/** The first piece of a concatenation or the string itself. */
function leftmost(n: SyntaxNode): SyntaxNode | undefined {
  let cur: SyntaxNode | undefined = n;
  while (cur && cur.type === 'binary_expression') cur = cur.childForFieldName('left') ?? undefined;
  return cur;
}

/** A PHP string's value: single quotes know only \' and \\; double quotes the usual escapes. */
function stringText(n: SyntaxNode, q: string): string {
  let out = '';
  for (const k of n.namedChildren) {
    if (k.type === 'string_content') out += k.text;
    else if (k.type === 'escape_sequence') out += unescape(k.text, q);
  }
  return out;
}

function unescape(e: string, q: string): string {
  const c = e.slice(1);
  if (q === "'") return c === "'" || c === '\\' ? c : e;
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', v: '\v', f: '\f', e: '\x1b', '0': '\0', '\\': '\\', '"': '"', $: '$' };
  if (Object.hasOwn(map, c)) return map[c];
  if (/^x[0-9a-fA-F]{1,2}$/.test(c)) return String.fromCharCode(parseInt(c.slice(1), 16));
  return e;
}

function note(c: Connection, p: Pair, message: string): void {
  (c.settingNotes ??= []).push({ code: 'setting-ignored', key: p.key, span: p.span, message });
}

export type { DriverId };
