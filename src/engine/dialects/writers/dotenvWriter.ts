// Edits .env key groups: replaces a key's value in its own quoting, or adds a key line after
// the group's last key, with the file's line ending, `export ` prefix and quoting style.
import type { Connection, ParamLocation } from '../../model/connection';
import { GROUP_SUFFIXES } from '../dotenv';
import { lineEnd, lineEnding } from '../text';
import { spellModeLike } from '../values';
import { badHost, fail, versionsList, type EditResult, type ParamChange } from './common';

const LARAVEL_MODE = "Laravel's config/database.php reads no ssl-mode variable: set MYSQL_ATTR_SSL_CA (PDO then checks the server certificate), or add PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT to the mysql connection's 'options'";

export function dotenvGroupEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const laravel = conn.driver === 'php-pdo';
  const prefix = groupPrefix(conn);
  switch (change.param) {
    case 'mode': {
      if (laravel) return fail(LARAVEL_MODE);
      // A `DB_SSL=true` flag cannot hold a mode: a *_SSL_MODE key (read first) is added instead.
      const old = conn.params.mode && /SSL_?MODE$/.test(conn.params.mode.key) ? conn.params.mode : undefined;
      const value = old ? spellModeLike(change.value, text.slice(old.valueSpan.start, old.valueSpan.end)) : change.value;
      return setKey(text, conn, old, `${prefix}SSL_MODE`, value);
    }
    case 'ca':
      return setKey(text, conn, conn.params.ca, laravel ? 'MYSQL_ATTR_SSL_CA' : `${prefix}SSL_CA`, change.value);
    case 'cert':
    case 'key':
      if (laravel) return fail(`Laravel's config/database.php reads only MYSQL_ATTR_SSL_CA: add PDO::MYSQL_ATTR_SSL_${change.param.toUpperCase()} => env('MYSQL_ATTR_SSL_${change.param.toUpperCase()}') to the mysql connection's 'options' first`);
      return setKey(text, conn, conn.params[change.param], `${prefix}SSL_${change.param.toUpperCase()}`, change.value);
    case 'tlsVersions':
      if (laravel) return fail("Laravel's config/database.php has no TLS version setting: change it on the server instead");
      return setKey(text, conn, conn.params.tlsVersions, `${prefix}TLS_VERSION`, versionsList(change.value));
    case 'host': {
      const bad = badHost(change.value);
      return bad ? fail(bad) : setKey(text, conn, conn.params.host, `${prefix}HOST`, change.value);
    }
  }
}

/** `MYSQL_`, `DB_`, `APP_DB_`...: any group key without its suffix. */
function groupPrefix(conn: Connection): string {
  const suffixes = Object.keys(GROUP_SUFFIXES).sort((a, b) => b.length - a.length);
  for (const loc of Object.values(conn.params)) {
    if (!loc || loc.key.startsWith('MYSQL_ATTR_')) continue;
    const s = suffixes.find((x) => loc.key.endsWith(x) && loc.key.length > x.length);
    if (s) return loc.key.slice(0, loc.key.length - s.length);
  }
  return 'DB_';
}

/** Replaces the value at `loc`, or adds `key=value` after the group's last key. */
function setKey(text: string, conn: Connection, loc: ParamLocation | undefined, key: string, value: string): EditResult {
  if (loc) {
    const q = quoteAround(text, loc.valueSpan.start, loc.valueSpan.end);
    const written = writeValue(value, q);
    if (written === undefined) return fail(`the value cannot be written in ${q}-quotes: it holds both quote kinds`);
    const span = q ? { start: loc.valueSpan.start - 1, end: loc.valueSpan.end + 1 } : loc.valueSpan;
    return { edits: [{ span, newText: written }] };
  }
  const at = lineEnd(text, conn.span.end);
  const lineStart = Math.max(text.lastIndexOf('\n', conn.span.start), text.lastIndexOf('\r', conn.span.start)) + 1;
  const lastLine = text.slice(Math.max(lineStart, text.lastIndexOf('\n', conn.span.end - 1) + 1), at);
  const exported = /^\s*export\s/.test(lastLine) ? 'export ' : '';
  const written = writeValue(value, quoteAround(text, conn.span.end - 1, conn.span.end - 1) || styleQuote(text, conn.span.end));
  if (written === undefined) return fail('the value holds every quote kind and cannot be written in a .env file');
  return { edits: [{ span: { start: at, end: at }, newText: `${lineEnding(text)}${exported}${key}=${written}` }] };
}

/** The quote character around text[start,end), or ''. */
function quoteAround(text: string, start: number, end: number): '' | '"' | "'" | '`' {
  const q = text[start - 1];
  return (q === '"' || q === "'" || q === '`') && text[end] === q ? q : '';
}

/** The quote the group's last value uses (its closing quote ends the group). */
function styleQuote(text: string, end: number): '' | '"' | "'" | '`' {
  const q = text[end - 1];
  return q === '"' || q === "'" || q === '`' ? q : '';
}

/** The value with its quotes: the preferred one, another when it holds that quote, quotes when dotenv needs them. */
function writeValue(value: string, preferred: '' | '"' | "'" | '`'): string | undefined {
  const needs = /[#\s"'`]/.test(value) || value === '';
  const order = preferred ? [preferred, '"', "'", '`'] : needs ? ['"', "'", '`'] : [''];
  for (const q of order) if (q === '' || (!value.includes(q) && !(q === '"' && /\\[nr]/.test(value)))) return `${q}${value}${q}`;
  return undefined;
}
