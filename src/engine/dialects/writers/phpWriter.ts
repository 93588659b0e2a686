// Edits a connection read from PHP in PHP: a string's content replaced inside its quotes (a DSN's
// host inside the DSN), true/false swapped, a mysqli flag renamed, a PDO attribute added to the
// options array in its layout (or the array added), a flag joined to real_connect's flags or to
// WordPress's MYSQL_CLIENT_FLAGS. What mysqlnd cannot do (a TLS version, PREFERRED) is said, not written.
import type { Connection, ParamLocation, SslMode } from '../../model/connection';
import type { TextEdit } from '../../model/span';
import { phpShape, type PhpShape } from '../code/php';
import { lineEnding } from '../text';
import { badHost, fail, type EditResult, type ParamChange } from './common';
import { escapeIn, fileQuote, placeIn, quotedAt } from './codeCommon';

const VERIFY_FLAG = 'MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT';
const DONT_VERIFY_FLAG = 'MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT';
const ATTR: Record<'ca' | 'cert' | 'key', string> = { ca: 'PDO::MYSQL_ATTR_SSL_CA', cert: 'PDO::MYSQL_ATTR_SSL_CERT', key: 'PDO::MYSQL_ATTR_SSL_KEY' };
const SSL_SET_INDEX: Record<'ca' | 'cert' | 'key', number> = { key: 0, cert: 1, ca: 2 };

/** `reread` reads the text again (readText), for a connection that is a copy of the one read. */
export function phpEdit(text: string, conn: Connection, change: ParamChange, reread: (file: string, text: string) => Connection[]): EditResult {
  const shape = phpShape(conn) ?? shapeFromText(text, conn, reread);
  if (!shape) return fail('the code is not where it was read: read the file again');
  return new PhpEdits(text, conn, shape).apply(change);
}

function shapeFromText(text: string, conn: Connection, reread: (file: string, text: string) => Connection[]): PhpShape | undefined {
  if (!conn.file) return undefined;
  const again = reread(conn.file, text).find((c) => c.span.start === conn.span.start && c.dialect === 'php');
  return again ? phpShape(again) : undefined;
}

class PhpEdits {
  private readonly edits: TextEdit[] = [];
  private readonly q: string;

  constructor(
    private readonly text: string,
    private readonly conn: Connection,
    private readonly shape: PhpShape,
  ) {
    this.q = fileQuote(text);
  }

  apply(change: ParamChange): EditResult {
    switch (change.param) {
      case 'host': {
        const bad = badHost(change.value);
        if (bad) return fail(bad);
        const loc = this.conn.params.host;
        if (!loc) return fail('no host is written in this connection to change');
        return this.replaceString(loc, change.value, 'host') ?? this.done();
      }
      case 'tlsVersions':
        return fail("PHP's mysqlnd has no TLS version setting: it offers what OpenSSL allows (TLS 1.2 and 1.3 with OpenSSL 3); change the server's tls_version");
      case 'ca':
      case 'cert':
      case 'key':
        return this.file(change.param, change.value);
      case 'mode':
        return this.mode(change.value);
    }
  }

  // ---- files -------------------------------------------------------------------------------------

  private file(param: 'ca' | 'cert' | 'key', path: string): EditResult {
    const loc = this.conn.params[param];
    const s = this.shape;
    if (loc && !(s.kind === 'mysqli' && this.isNull(loc))) return this.replaceString(loc, path, param) ?? this.done();
    if (s.kind === 'pdo' || s.kind === 'array') return this.addAttributes([`${ATTR[param]} => ${this.str(path)}`]);
    if (s.kind === 'wordpress') {
      return fail(`WordPress passes no ${param === 'ca' ? 'CA' : param} to mysqli unless a db.php drop-in reads MYSQL_SSL_${param.toUpperCase()}: add ${VERIFY_FLAG} to MYSQL_CLIENT_FLAGS to check the server against the system's CAs`);
    }
    if (this.conn.form === 'mysqli-connect') return fail('new mysqli() / mysqli_connect() connect at once, with no TLS options: use mysqli_init(), ssl_set() and real_connect()');
    if (s.sslSet) {
      const at = s.sslSet.argSpans[SSL_SET_INDEX[param]];
      if (!at) return fail('the ssl_set() call has fewer arguments than it needs: read the file again');
      this.edits.push({ span: at, newText: this.str(path) });
      return this.done();
    }
    // No ssl_set() yet: one goes on its own line before the connect call, on the same link.
    const args = ['null', 'null', 'null', 'null', 'null'];
    args[SSL_SET_INDEX[param]] = this.str(path);
    const call = s.functional ? `mysqli_ssl_set(${s.receiver}, ${args.join(', ')});` : `${s.receiver}->ssl_set(${args.join(', ')});`;
    return this.beforeStatement(call);
  }

  // ---- mode --------------------------------------------------------------------------------------

  private mode(m: SslMode): EditResult {
    if (m === 'PREFERRED') return fail('mysqlnd has no PREFERRED setting: TLS is either asked for (and then required) or not used');
    if (m === 'DISABLED') return fail('to turn TLS off, remove the SSL settings of this connection');
    const verify = m !== 'REQUIRED';
    if (this.shape.kind === 'pdo' || this.shape.kind === 'array') return this.pdoMode(verify);
    return this.mysqliMode(verify);
  }

  /** PDO: MYSQL_ATTR_SSL_VERIFY_SERVER_CERT; TLS itself needs a file or cipher attribute. */
  private pdoMode(verify: boolean): EditResult {
    const tls = this.conn.tls;
    if (tls.ca === undefined && tls.capath === undefined && tls.cert === undefined && tls.key === undefined && tls.cipher === undefined) {
      return fail("PDO uses TLS only when an SSL attribute names a file or cipher: point PDO::MYSQL_ATTR_SSL_CA at the server's CA");
    }
    const loc = this.conn.params.verifyServerCert;
    if (loc) {
      const now = this.text.slice(loc.valueSpan.start, loc.valueSpan.end);
      if (/^(true|false)$/i.test(now)) {
        if (!verify && this.shape.filtered) return fail('array_filter() drops a false value: write MYSQL_ATTR_SSL_VERIFY_SERVER_CERT outside array_filter');
        this.edits.push({ span: loc.valueSpan, newText: sameCase(now, verify ? 'true' : 'false') });
        return this.done();
      }
      return fail(`${loc.key} is computed by the code: set it to ${verify ? 'true' : 'false'} where it is set`);
    }
    if (verify) return this.addAttributes(['PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true']);
    if (this.shape.filtered) return fail('array_filter() drops a false value: write MYSQL_ATTR_SSL_VERIFY_SERVER_CERT outside array_filter');
    return this.addAttributes(['PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false']);
  }

  /** mysqli and WordPress: the flags (and an options() call that sets the check). */
  private mysqliMode(verify: boolean): EditResult {
    if (this.conn.form === 'mysqli-connect') return fail('new mysqli() / mysqli_connect() connect at once, with no TLS options: use mysqli_init(), ssl_set() and real_connect(…, MYSQLI_CLIENT_SSL)');
    const loc = this.conn.params.verifyServerCert;
    const now = loc ? this.text.slice(loc.valueSpan.start, loc.valueSpan.end) : '';
    if (loc && (now === VERIFY_FLAG || now === DONT_VERIFY_FLAG)) {
      this.edits.push({ span: loc.valueSpan, newText: verify ? VERIFY_FLAG : DONT_VERIFY_FLAG });
      return this.done();
    }
    if (loc && /^(true|false)$/i.test(now)) {
      // options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, …): its value, and TLS asked for in the flags.
      this.edits.push({ span: loc.valueSpan, newText: sameCase(now, verify ? 'true' : 'false') });
      return this.conn.tls.mode === undefined && !this.anyFile() ? this.addFlags(['MYSQLI_CLIENT_SSL']) : this.done();
    }
    const want: string[] = [];
    if (this.conn.tls.mode === undefined) want.push('MYSQLI_CLIENT_SSL');
    // With a file or cipher set mysqlnd verifies by itself; without, the flag asks for it.
    if (verify && !this.anyFile()) want.push(VERIFY_FLAG);
    if (!verify && this.anyFile()) want.push(DONT_VERIFY_FLAG);
    if (!want.length) return fail(verify ? 'mysqlnd already verifies this connection (a CA or certificate is set)' : 'this connection already uses TLS without verification');
    return this.addFlags(want);
  }

  private addFlags(names: string[]): EditResult {
    const s = this.shape;
    if (s.flags) {
      const raw = this.text.slice(s.flags.start, s.flags.end);
      // A flags value of 0 is replaced; any other is kept and joined.
      this.edits.push(raw.trim() === '0' ? { span: s.flags, newText: names.join(' | ') } : { span: { start: s.flags.end, end: s.flags.end }, newText: ` | ${names.join(' | ')}` });
      return this.done();
    }
    if (s.kind === 'wordpress') return this.afterStatement(this.defineLike('MYSQL_CLIENT_FLAGS', names.join(' | ')));
    if (!s.args || s.argCount === undefined) return fail('the connect call is not where it was read: read the file again');
    // real_connect(host, user, password, database, port, socket, flags): nulls up to the flags.
    const flagsAt = s.functional ? 7 : 6;
    const pad = Array.from({ length: Math.max(0, flagsAt - s.argCount) }, () => 'null');
    return this.appendArgs(s.args, [...pad, names.join(' | ')]);
  }

  // ---- placing -----------------------------------------------------------------------------------

  /** PDO attributes into the options array; the array itself when there is none. */
  private addAttributes(entries: string[]): EditResult {
    const s = this.shape;
    if (s.options) {
      this.edits.push(placeIn(this.text, s.options, entries, ''));
      return this.done();
    }
    if (s.kind === 'array' && s.entry) {
      this.edits.push(placeIn(this.text, s.entry, [`${this.str(s.optionsKey ?? 'options')} => [${entries.join(', ')}]`], ''));
      return this.done();
    }
    if (s.kind === 'pdo' && s.args && s.argCount !== undefined) {
      const pad = Array.from({ length: Math.max(0, 3 - s.argCount) }, () => 'null');
      return this.appendArgs(s.args, [...pad, `[${entries.join(', ')}]`]);
    }
    return fail('there is no options array to put the attribute in');
  }

  private appendArgs(args: { start: number; end: number }, extra: string[]): EditResult {
    this.edits.push(placeIn(this.text, args, extra, ''));
    return this.done();
  }

  /** A statement on its own line before the connection's statement, with its indentation. */
  private beforeStatement(code: string): EditResult {
    const lineStart = this.text.lastIndexOf('\n', this.conn.span.start - 1) + 1;
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))?.[0] ?? '';
    this.edits.push({ span: { start: lineStart, end: lineStart }, newText: `${indent}${code}${lineEnding(this.text)}` });
    return this.done();
  }

  /** A statement on its own line after the last define read (WordPress), with its indentation. */
  private afterStatement(code: string): EditResult {
    const after = this.shape.after as { start: number; end: number };
    let end = after.end;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    if (this.text[end] === ';') end++;
    const lineStart = this.text.lastIndexOf('\n', after.start - 1) + 1;
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))?.[0] ?? '';
    this.edits.push({ span: { start: end, end }, newText: `${lineEnding(this.text)}${indent}${code}` });
    return this.done();
  }

  /** `define( 'X', v );` spaced as the file's own define of the host. */
  private defineLike(name: string, value: string): string {
    const host = this.conn.params.host;
    const sample = host ? this.text.slice(host.span.start, host.span.end) : "define('DB_HOST', '')";
    const spaced = /^define\(\s/.test(sample);
    return spaced ? `define( ${this.str(name)}, ${value} );` : `define(${this.str(name)}, ${value});`;
  }

  // ---- values ------------------------------------------------------------------------------------

  private anyFile(): boolean {
    const t = this.conn.tls;
    return t.ca !== undefined || t.capath !== undefined || t.cert !== undefined || t.key !== undefined || t.cipher !== undefined;
  }

  private isNull(loc: ParamLocation): boolean {
    return /^null$/i.test(this.text.slice(loc.valueSpan.start, loc.valueSpan.end));
  }

  private str(v: string): string {
    return `${this.q}${escapeIn(v, this.q).replace(/\$/g, this.q === '"' ? '\\$' : '$')}${this.q}`;
  }

  private replaceString(loc: ParamLocation, value: string, param: string): EditResult | undefined {
    const origin = this.conn.origins?.[param as 'host'];
    const q = quotedAt(this.text, loc.valueSpan);
    // A DSN's host or WordPress's host:port: a part of one string, replaced alone.
    const inside = !q && !origin && this.insideString(loc);
    if (!q && !inside) {
      return fail(origin?.startsWith('from ') ? `${param} comes ${origin}: change it there` : `${param} is computed by the code (${origin ?? 'not a literal'}): change it where it is set`);
    }
    const quote = q ?? this.text[this.stringStart(loc)];
    this.edits.push({ span: loc.valueSpan, newText: quote === '"' ? escapeIn(value, '"').replace(/\$/g, '\\$') : escapeIn(value, quote) });
    return undefined;
  }

  private insideString(loc: ParamLocation): boolean {
    const s = this.stringStart(loc);
    return s >= 0 && loc.valueSpan.start > s && (this.shape.kind === 'pdo' || this.shape.kind === 'wordpress');
  }

  /** The opening quote before a value that is a part of a string (on the same line). */
  private stringStart(loc: ParamLocation): number {
    for (let i = loc.valueSpan.start - 1; i >= 0 && this.text[i] !== '\n'; i--) {
      if (this.text[i] === "'" || this.text[i] === '"') return i;
    }
    return -1;
  }

  private done(): EditResult {
    return { edits: this.edits.sort((a, b) => a.span.start - b.span.start) };
  }
}

function sameCase(old: string, word: string): string {
  return old === old.toUpperCase() ? word.toUpperCase() : word;
}
