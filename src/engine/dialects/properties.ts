// Java `.properties` (Spring's application.properties): the JDBC URL of `spring.datasource.url` is
// read as JDBC (find.ts) with its user and password beside it (siblingCredentials.ts); this adds
// the driver properties Spring hands to the driver through Hikari
// (`spring.datasource.hikari.data-source-properties.sslMode=VERIFY_IDENTITY`), each on its own
// line's span; a connection with such keys beside its URL is of dialect `properties`. Keys as java.util.Properties reads
// them: `key=value`, `key: value` or `key value`, `#`/`!` comments.
import type { Connection } from '../model/connection';
import { applyDataSourceProperty } from './dataSourceProperties';
import { finish, location, problem, setParam } from './text';
import { parseSslMode, unknownSslMode } from './values';

interface PropLine {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

const HIKARI = /^spring\.datasource\.(?:[\w-]+\.)?hikari\.data-source-properties\.(\w+)$/;

/** The connections of a .properties file, named `properties` and given their Hikari driver properties. */
export function applyProperties(text: string, connections: Connection[]): void {
  const jdbc = connections.filter((c) => c.dialect === 'jdbc');
  if (!jdbc.length) return;
  const lines = propertyLines(text);
  // One sweep: connections and lines are both in text order. A key written twice: the last one
  // counts (java.util.Properties), so each data source's Hikari properties go to its last URL.
  const byPrefix = new Map<string, Connection>();
  let j = 0;
  for (const c of [...jdbc].sort((a, b) => a.span.start - b.span.start)) {
    while (j < lines.length && lines[j].valueEnd < c.span.end) j++;
    const line = lines[j];
    if (!line || line.valueStart > c.span.start || !/(^|\.)url$/.test(line.key)) continue;
    byPrefix.set(line.key.slice(0, -'url'.length), c);
  }
  // A URL with driver properties beside it is a `properties` connection; a URL alone stays `jdbc`.
  for (const l of lines) {
    const m = HIKARI.exec(l.key);
    const c = m ? byPrefix.get(l.key.slice(0, l.key.indexOf('hikari.'))) : undefined;
    if (!c || !m) continue;
    c.dialect = 'properties';
    c.form = 'spring-properties';
    driverProperty(c, text, m[1], l);
    finish(c);
  }
}

/** What Connector/J (and MariaDB Connector/J) read from a Hikari data-source property. */
function driverProperty(c: Connection, text: string, name: string, l: PropLine): void {
  const value = text.slice(l.valueStart, l.valueEnd).trim();
  const at = location(l.key, l.keyStart, l.valueEnd, l.valueStart, l.valueEnd);
  if (name === 'sslMode' || name === 'sslmode') {
    setParam(c, 'mode', at);
    const mode = parseSslMode(value);
    if (mode) c.tls.mode = mode;
    else c.problems.push(problem(unknownSslMode(l.key, value), l.valueStart, l.valueEnd));
  } else {
    applyDataSourceProperty(c, name, value, at);
  }
}

/** Every `key=value` line: one pass, continuation lines joined into the value they continue. */
export function propertyLines(text: string): PropLine[] {
  const out: PropLine[] = [];
  let i = 0;
  while (i < text.length) {
    let end = i;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    // A value continued with a trailing backslash runs on to the next line.
    while (end < text.length && text[end - 1] === '\\') {
      end++;
      if (text[end - 1] === '\r' && text[end] === '\n') end++;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    }
    let k = i;
    while (k < end && (text[k] === ' ' || text[k] === '\t' || text[k] === '\f')) k++;
    if (k < end && text[k] !== '#' && text[k] !== '!') {
      let ke = k;
      while (ke < end && !'=: \t'.includes(text[ke])) ke++;
      let v = ke;
      while (v < end && (text[v] === ' ' || text[v] === '\t')) v++;
      if (v < end && (text[v] === '=' || text[v] === ':')) v++;
      while (v < end && (text[v] === ' ' || text[v] === '\t')) v++;
      let ve = end;
      while (ve > v && (text[ve - 1] === ' ' || text[ve - 1] === '\t')) ve--;
      out.push({ key: text.slice(k, ke), keyStart: k, valueStart: v, valueEnd: ve });
    }
    i = end + 1;
  }
  return out;
}
