/*
 * Pasted errors can hold credentials (a DSN in a Go error, a JDBC URL in a Java trace). Excerpts
 * are echoed into findings, JSON and logs, so every password-shaped part is masked first.
 * Inputs here are excerpts (at most a few hundred characters); scans are linear.
 */
import { MASK } from '../model/secret';

const KEYS = ['password=', 'pwd=', 'passwd=', 'password":"', 'password": "', "password: '", 'password":', 'mysql_pwd='];

function isTokenBreak(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '"' || c === "'" || c === '/' || c === '(' || c === '`' || c === '=' || c === ',';
}

/** `scheme://user:pass@host` and Go's `user:pass@tcp(host)`: the part between ':' and '@'. */
function maskUserInfo(text: string): string {
  let out = '';
  let last = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at - 1;
    while (start >= last && !isTokenBreak(text[start])) start--;
    const colon = text.indexOf(':', start + 1);
    if (colon < 0 || colon >= at) continue;
    out += `${text.slice(last, colon + 1)}${MASK}`;
    last = at;
  }
  return out + text.slice(last);
}

/** `password=...`, `"password":"..."`: the value up to the next separator. */
function maskKeyValues(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let last = 0;
  const starts: Array<[number, number]> = [];
  for (const key of KEYS) {
    for (let at = lower.indexOf(key); at >= 0; at = lower.indexOf(key, at + 1)) starts.push([at, at + key.length]);
  }
  starts.sort((a, b) => a[0] - b[0]);
  for (const [, valueStart] of starts) {
    if (valueStart <= last) continue;
    let end = valueStart;
    while (end < text.length && !'&;"\' ,)}\n'.includes(text[end])) end++;
    if (end === valueStart) continue;
    out += `${text.slice(last, valueStart)}${MASK}`;
    last = end;
  }
  return out + text.slice(last);
}

export function maskSecrets(text: string): string {
  return maskKeyValues(maskUserInfo(text));
}
