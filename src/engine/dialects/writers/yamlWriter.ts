// Edits connections read from YAML in YAML: Spring's JDBC URL through the JDBC writer (the URL is
// the value), a Rails database.yml key replaced in place or added on its own line with the entry's
// indentation, a docker-compose/Kubernetes environment value replaced in place (the .env group
// writer, whose spans are the YAML's) or added in the block's own form (`KEY: v`, `- KEY=v`,
// `- name: KEY` / `value: v`).
import type { Connection, ParamLocation } from '../../model/connection';
import { lineEnd, lineEnding } from '../text';
import { spellModeLike } from '../values';
import { badHost, fail, type EditResult, type ParamChange } from './common';
import { dotenvGroupEdit } from './dotenvWriter';
import { jdbcEdit } from './jdbcWriter';

export function yamlEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  if (conn.form === 'spring-datasource') return springEdit(text, conn, change);
  if (conn.form === 'rails-database-yml') return railsEdit(text, conn, change);
  return envEdit(text, conn, change);
}

function springEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  if (conn.origins?.host) return fail(`the URL comes ${conn.origins.host.startsWith('from ') ? conn.origins.host : `from a placeholder (${conn.origins.host})`}: change it there`);
  const start = text.indexOf('jdbc:', conn.span.start);
  if (start < 0 || start >= conn.span.end) return fail('the JDBC URL is no longer where it was read: read the file again');
  let end = conn.span.end;
  if (text[end - 1] === '"' || text[end - 1] === "'") end--;
  return jdbcEdit(text, { ...conn, span: { start, end } }, change);
}

const RAILS_KEYS = { mode: 'ssl_mode', ca: 'sslca', cert: 'sslcert', key: 'sslkey', host: 'host' } as const;

function railsEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  if (change.param === 'tlsVersions') return fail('the mysql2 adapter has no TLS version setting: change it on the server');
  if (change.param === 'host') {
    const bad = badHost(change.value);
    if (bad) return fail(bad);
  }
  const loc = conn.params[change.param];
  const value = change.param === 'mode' ? spellModeLike(change.value, loc ? text.slice(loc.valueSpan.start, loc.valueSpan.end) : 'required') : change.value;
  if (loc) return replaceScalar(text, conn, loc, value, change.param);
  return addLine(text, conn, `${RAILS_KEYS[change.param]}: ${plain(value)}`);
}

/** A group's key prefix (`DB_`, `MYSQL_`) from a key it has. */
function prefixOf(conn: Connection): string {
  for (const loc of Object.values(conn.params)) {
    const m = loc && /^(.*?)(HOST|HOSTNAME|PORT|USER|USERNAME|PASSWORD|DATABASE|SSL_MODE|SSL_CA|SSL_CERT|SSL_KEY)$/.exec(loc.key);
    if (m) return m[1];
  }
  return 'DB_';
}

function envEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const keyFor: Record<string, string> = { mode: 'SSL_MODE', ca: 'SSL_CA', cert: 'SSL_CERT', key: 'SSL_KEY', host: 'HOST', tlsVersions: 'TLS_VERSION' };
  const loc = conn.params[change.param];
  if (loc) return dotenvGroupEdit(text, { ...conn, dialect: 'dotenv', form: 'dotenv-group' }, change);
  if (change.param === 'host') {
    const bad = badHost(change.value);
    if (bad) return fail(bad);
  }
  const value = change.param === 'tlsVersions' ? change.value.join(',') : change.value;
  const key = prefixOf(conn) + keyFor[change.param];
  // The block's form, from the line of its last entry.
  const at = lineEnd(text, conn.span.end);
  const lineStart = text.lastIndexOf('\n', conn.span.end - 1) + 1;
  const line = text.slice(lineStart, at);
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const nl = lineEnding(text);
  if (/^\s*value:/.test(line)) {
    const dash = indent.length >= 2 ? indent.slice(0, -2) : '';
    return { edits: [{ span: { start: at, end: at }, newText: `${nl}${dash}- name: ${key}${nl}${indent}value: ${JSON.stringify(value)}` }] };
  }
  if (/^\s*-\s/.test(line)) return { edits: [{ span: { start: at, end: at }, newText: `${nl}${indent}- ${plain(`${key}=${value}`)}` }] };
  return { edits: [{ span: { start: at, end: at }, newText: `${nl}${indent}${key}: ${plain(value)}` }] };
}

function replaceScalar(text: string, conn: Connection, loc: ParamLocation, value: string, param: string): EditResult {
  const raw = text.slice(loc.valueSpan.start, loc.valueSpan.end);
  if (raw.includes('<%') || raw.includes('${')) {
    const origin = conn.origins?.[param as 'host'];
    return fail(`${param} is ${origin?.startsWith('from ') ? `taken ${origin}` : 'computed when the file is loaded'}: change it there`);
  }
  const q = text[loc.valueSpan.start - 1];
  const quoted = (q === '"' || q === "'") && text[loc.valueSpan.end] === q;
  const newText = quoted ? (q === '"' ? JSON.stringify(value).slice(1, -1) : value.replace(/'/g, "''")) : plain(value);
  return { edits: [{ span: loc.valueSpan, newText }] };
}

/** A key line added after the entry's last line, with its keys' indentation. */
function addLine(text: string, conn: Connection, line: string): EditResult {
  let end = conn.span.end;
  while (end > conn.span.start && /\s/.test(text[end - 1])) end--;
  const at = lineEnd(text, end);
  const anyKey = Object.values(conn.params).find((l) => l !== undefined);
  let indent = '  ';
  if (anyKey) {
    const ls = text.lastIndexOf('\n', anyKey.span.start - 1) + 1;
    indent = /^[ \t]*/.exec(text.slice(ls, anyKey.span.start))?.[0] ?? indent;
  }
  return { edits: [{ span: { start: at, end: at }, newText: `${lineEnding(text)}${indent}${line}` }] };
}

/** A value as a plain YAML scalar, quoted when plain would read otherwise. */
function plain(v: string): string {
  if (v === '' || /^[\s!&*?|>'"%@`#,[\]{}-]|[:#]\s|\s$|:$|^(true|false|yes|no|on|off|null|~|[-+]?\d[\d._]*)$/i.test(v)) return JSON.stringify(v);
  return v;
}
