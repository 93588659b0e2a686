/**
 * Glob patterns as `files.exclude` and `tlsDoctor.exclude` write them, on `/`-separated paths
 * relative to the folder: `**` any folders, `*` and `?` within one name, `{a,b}` alternatives.
 * A pattern without `/` matches a name at any depth (`.env.example`), as VS Code's do.
 */
export function globMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  const res = patterns.filter((p) => p.trim() !== '').map(globToRegExp);
  return (rel) => res.some((re) => re.test(rel));
}

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (!p.includes('/')) p = `**/${p}`;
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = p.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += `(?:${p.slice(i + 1, close).split(',').map(escape).join('|')})`;
        i = close;
      }
    } else re += escape(c);
  }
  // A folder pattern (`vendor/**` or `legacy`) also covers what is inside it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
}
