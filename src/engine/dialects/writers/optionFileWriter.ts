// Edits option-file groups: replaces an option's value, or inserts `name=value` lines after the
// group's last option. MariaDB groups get MariaDB's spelling (no ssl-mode there).
import type { Connection, ParamKey, SslMode } from '../../model/connection';
import type { TextEdit } from '../../model/span';
import { readOptionGroups, type OptionLine } from '../optionFile';
import { lineEnd, lineEnding } from '../text';
import { spellModeLike } from '../values';
import { badHost, fail, versionsList, type EditResult, type ParamChange } from './common';

const BASE = ['client', 'client-server', 'client-mariadb'];

export function optionFileEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const w = new OptionEdits(text, conn);
  switch (change.param) {
    case 'mode':
      return isMariadb(conn) ? mariadbMode(text, conn, w, change.value) : w.set('mode', 'ssl-mode', modeWord(text, conn, change.value)).result();
    case 'ca':
    case 'cert':
    case 'key':
      return w.set(change.param, `ssl-${change.param}`, change.value).result();
    case 'tlsVersions':
      return w.set('tlsVersions', 'tls-version', versionsList(change.value)).result();
    case 'host': {
      const bad = badHost(change.value);
      return bad ? fail(bad) : w.set('host', 'host', change.value).result();
    }
  }
}

function modeWord(text: string, conn: Connection, mode: SslMode): string {
  const old = conn.params.mode;
  return old && /ssl.mode/i.test(old.key) ? spellModeLike(mode, text.slice(old.valueSpan.start, old.valueSpan.end)) : mode;
}

/** MariaDB clients read `ssl`, `skip-ssl` and `ssl-verify-server-cert`, and reject ssl-mode. */
function isMariadb(conn: Connection): boolean {
  const key = conn.params.mode?.key.toLowerCase().replace(/_/g, '-') ?? '';
  return (conn.form ?? '').includes('mariadb') || (key !== '' && !key.endsWith('ssl-mode'));
}

function mariadbMode(text: string, conn: Connection, w: OptionEdits, mode: SslMode): EditResult {
  if (mode === 'VERIFY_CA') return fail('MariaDB clients have no VERIFY_CA: ssl-verify-server-cert checks the host name too (VERIFY_IDENTITY)');
  if (mode === 'PREFERRED') return fail('MariaDB clients have no PREFERRED setting in option files: leave out ssl and skip-ssl for their default');
  // Measured with the 10.11 client: with `ssl` it still logs in in plaintext to a server without TLS.
  if (mode === 'REQUIRED') return fail('MariaDB clients have no REQUIRED: `ssl` still connects in plaintext to a server without TLS; ssl-verify-server-cert with ssl-ca (VERIFY_IDENTITY) is the setting that insists on TLS');
  const { ssl, verify } = flagLines(text, conn);
  if (mode === 'DISABLED') return w.line(ssl, 'skip-ssl').result();
  if (ssl && /^(skip|disable)-|=\s*(0|off|false)/i.test(text.slice(ssl.span.start, ssl.span.end))) w.line(ssl, 'ssl');
  if (mode === 'VERIFY_IDENTITY') w.line(verify, 'ssl-verify-server-cert');
  else if (verify) w.line(verify, 'ssl-verify-server-cert=0');
  return w.result();
}

/** The last `ssl`-like and `ssl-verify-server-cert`-like lines the connection reads (base groups, then its own). */
function flagLines(text: string, conn: Connection): { ssl?: OptionLine; verify?: OptionLine } {
  const groups = readOptionGroups(text).groups;
  const own = groups.find((g) => g.span.start === conn.span.start);
  const lines = [...(own && !BASE.includes(own.name) ? groups.filter((g) => BASE.includes(g.name)) : []), ...(own ? [own] : [])].flatMap((g) => g.options);
  let ssl: OptionLine | undefined;
  let verify: OptionLine | undefined;
  for (const o of lines) {
    if (/^(skip-|disable-|enable-)?ssl$/.test(o.name)) ssl = o;
    else if (/^(skip-|disable-|enable-)?ssl-verify-server-cert$/.test(o.name)) verify = o;
  }
  return { ssl, verify };
}

class OptionEdits {
  private readonly edits: TextEdit[] = [];
  private readonly added: string[] = [];

  constructor(private readonly text: string, private readonly conn: Connection) {}

  set(param: ParamKey, name: string, value: string): this {
    const loc = this.conn.params[param];
    const quoted = loc !== undefined && loc.valueSpan.start > 0 && (this.text[loc.valueSpan.start - 1] === '"' || this.text[loc.valueSpan.start - 1] === "'");
    if (loc && (quoted || loc.valueSpan.end > loc.valueSpan.start)) {
      this.edits.push({ span: loc.valueSpan, newText: quoted ? escape(value, this.text[loc.valueSpan.start - 1]) : written(value) });
    } else this.added.push(`${name}=${written(value)}`);
    return this;
  }

  /** Replaces a whole option line, or adds it. */
  line(existing: OptionLine | undefined, newLine: string): this {
    if (existing) this.edits.push({ span: existing.span, newText: newLine });
    else this.added.push(newLine);
    return this;
  }

  result(): EditResult {
    if (this.added.length) {
      const at = lineEnd(this.text, this.conn.span.end);
      const eol = lineEnding(this.text);
      this.edits.push({ span: { start: at, end: at }, newText: this.added.map((l) => eol + l).join('') });
    }
    return { edits: this.edits };
  }
}

/** Option-file values: backslashes doubled (\t would be a tab), quoted when they hold spaces, # or quotes. */
function written(value: string): string {
  if (/[\s#"';]/.test(value) || value === '') return `"${escape(value, '"')}"`;
  return value.replace(/\\/g, '\\\\');
}

function escape(value: string, quote: string): string {
  return value.replace(/\\/g, '\\\\').split(quote).join(`\\${quote}`);
}
