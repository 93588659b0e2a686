// Edits a connection read from Python in its own syntax: a string's content replaced inside its
// quotes, True/False replaced, a missing option added where the driver reads it (a keyword argument
// of the connect call, a key of Django's OPTIONS or of connect_args, an entry of the ssl dict), in
// the container's layout. The option names are the driver's: ssl_mode for mysqlclient,
// ssl_verify_cert/ssl_verify_identity for PyMySQL and Connector/Python.
import type { Connection, ParamLocation } from '../../model/connection';
import type { TextEdit } from '../../model/span';
import { pythonShape, type PythonShape } from '../code/python';
import { readText } from '../readText';
import { badHost, fail, type EditResult, type ParamChange } from './common';
import { escapeIn, fileQuote, placeIn, quotedAt } from './codeCommon';

export function pythonEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const shape = pythonShape(conn) ?? shapeFromText(text, conn);
  if (!shape) return fail('the code is not where it was read: read the file again');
  return new PyEdits(text, conn, shape).apply(change);
}

/** A connection that came from elsewhere (a copy): read the text again for its shape. */
function shapeFromText(text: string, conn: Connection): PythonShape | undefined {
  if (!conn.file) return undefined;
  const again = readText(conn.file, text).connections.find((c) => c.span.start === conn.span.start && c.dialect === 'python');
  return again ? pythonShape(again) : undefined;
}

class PyEdits {
  private readonly edits: TextEdit[] = [];
  private readonly added: string[] = [];
  private readonly addedSsl: string[] = [];
  private readonly q: string;

  constructor(
    private readonly text: string,
    private readonly conn: Connection,
    private readonly shape: PythonShape,
  ) {
    this.q = fileQuote(text);
  }

  apply(change: ParamChange): EditResult {
    const mysqlclient = this.conn.driver === 'mysqlclient';
    switch (change.param) {
      case 'host': {
        const bad = badHost(change.value);
        if (bad) return fail(bad);
        const loc = this.conn.params.host;
        if (!loc) return fail('no host is written in this connection to change');
        return this.replaceString(loc, change.value, 'host') ?? this.result();
      }
      case 'mode': {
        const m = change.value;
        if (m === 'PREFERRED' && !mysqlclient) return fail(`${this.conn.driver === 'pymysql' ? 'PyMySQL' : 'Connector/Python'} has no PREFERRED setting`);
        if (mysqlclient) {
          const loc = this.conn.params.mode;
          if (loc && loc.key === 'ssl_mode') return this.replaceString(loc, m, 'mode') ?? this.result();
          this.add('ssl_mode', this.str(m));
          return this.result();
        }
        if (m === 'DISABLED') {
          this.set('ssl_disabled', 'True');
          return this.result();
        }
        if (this.conn.driver === 'pymysql' && this.shape.ssl) {
          // An ssl dict is written: PyMySQL's ssl_verify_* keywords would replace it (and its CA),
          // so the checks go into the dict (verify_mode, check_hostname).
          // check_hostname off for REQUIRED too: Python refuses CERT_NONE while it is on (a CA turns it on).
          this.setInSsl('verifyServerCert', 'verify_mode', m !== 'REQUIRED');
          this.setInSsl('verifyIdentity', 'check_hostname', m === 'VERIFY_IDENTITY');
          return this.result();
        }
        this.setBool('verifyServerCert', 'ssl_verify_cert', m !== 'REQUIRED');
        if (m === 'VERIFY_IDENTITY' || this.conn.params.verifyIdentity) this.setBool('verifyIdentity', 'ssl_verify_identity', m === 'VERIFY_IDENTITY');
        return this.result();
      }
      case 'ca':
      case 'cert':
      case 'key': {
        const loc = this.conn.params[change.param];
        if (loc) return this.replaceString(loc, change.value, change.param) ?? this.result();
        if (mysqlclient || this.shape.ssl) this.addedSsl.push(`${this.str(change.param)}: ${this.str(change.value)}`);
        else this.add(`ssl_${change.param}`, this.str(change.value));
        return this.result();
      }
      case 'tlsVersions': {
        if (this.conn.driver !== 'mysql-connector-python') return fail('this driver has no TLS version option: set it on the server, or use Connector/Python\'s tls_versions');
        const list = `[${change.value.map((v) => this.str(v)).join(', ')}]`;
        const loc = this.conn.params.tlsVersions;
        if (loc) this.edits.push({ span: loc.valueSpan, newText: list });
        else this.add('tls_versions', list);
        return this.result();
      }
    }
  }

  private str(v: string): string {
    return `${this.q}${escapeIn(v, this.q)}${this.q}`;
  }

  private replaceString(loc: ParamLocation, value: string, param: string): EditResult | undefined {
    const q = quotedAt(this.text, loc.valueSpan);
    if (!q) {
      const origin = this.conn.origins?.[param as 'host'];
      return fail(origin?.startsWith('from ') ? `${param} comes ${origin}: change it there` : `${param} is computed by the code (${origin ?? 'not a literal'}): change it where it is set`);
    }
    this.edits.push({ span: loc.valueSpan, newText: escapeIn(value, q) });
    return undefined;
  }

  private setBool(param: 'verifyServerCert' | 'verifyIdentity', key: string, value: boolean): void {
    const loc = this.conn.params[param];
    if (loc && (this.text.slice(loc.valueSpan.start, loc.valueSpan.end) === 'True' || this.text.slice(loc.valueSpan.start, loc.valueSpan.end) === 'False')) {
      this.edits.push({ span: loc.valueSpan, newText: value ? 'True' : 'False' });
    } else this.add(key, value ? 'True' : 'False');
  }

  /** Sets a bool inside the written ssl dict: in place when written as True/False under that key, else added to the dict. */
  private setInSsl(param: 'verifyServerCert' | 'verifyIdentity', key: string, value: boolean): void {
    const loc = this.conn.params[param];
    const literal = loc ? this.text.slice(loc.valueSpan.start, loc.valueSpan.end) : '';
    if (loc?.key === key && (literal === 'True' || literal === 'False')) this.edits.push({ span: loc.valueSpan, newText: value ? 'True' : 'False' });
    else this.addedSsl.push(`${this.str(key)}: ${value ? 'True' : 'False'}`);
  }

  /** Sets a keyword that may be written already (ssl_disabled). */
  private set(key: string, value: string): void {
    const loc = this.conn.params.mode;
    if (loc?.key === key) this.edits.push({ span: loc.valueSpan, newText: value });
    else this.add(key, value);
  }

  private add(key: string, value: string): void {
    this.added.push(this.shape.kind === 'kwargs' ? `${key}=${value}` : `${this.str(key)}: ${value}`);
  }

  private result(): EditResult {
    const s = this.shape;
    if (this.addedSsl.length) {
      if (s.ssl) this.edits.push(placeIn(this.text, s.ssl, this.addedSsl, ''));
      else this.added.push(s.kind === 'kwargs' ? `ssl={${this.addedSsl.join(', ')}}` : `${this.str('ssl')}: {${this.addedSsl.join(', ')}}`);
    }
    if (this.added.length) {
      if (s.djangoWithoutOptions) this.edits.push(placeIn(this.text, s.container, [`${this.str('OPTIONS')}: {${this.added.join(', ')}}`], ''));
      else this.edits.push(placeIn(this.text, s.container, this.added, ''));
    }
    return { edits: this.edits.sort((a, b) => a.span.start - b.span.start) };
  }
}
