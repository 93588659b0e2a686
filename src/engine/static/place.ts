// What a file is to the running application: its configuration, a template of it, or the
// configuration of a container (whose paths are the container's, not this machine's).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { isRelativePath, isWindowsPathElsewhere, resolveConfiguredPath } from '../certs/paths';
import { baseName } from '../dialects/text';

/**
 * - `config`: read by the application on this machine: every check applies.
 * - `template`: `.env.example` and the like: a copy to fill in; its settings are judged, its paths
 *   are not looked up (they name files on the machine it will be copied to).
 * - `container`: docker-compose or Kubernetes: a path is the container's; it is checked on this
 *   machine only where a bind mount of the compose file maps it (`mapPath`).
 */
export type FilePlace =
  | { kind: 'config' }
  | { kind: 'template' }
  | { kind: 'container'; orchestrator: 'compose' | 'kubernetes'; mapPath?: (containerPath: string) => string | undefined };

const TEMPLATE_SUFFIXES = ['.example', '.sample', '.template', '.tmpl', '.tpl', '.dist', '.orig', '.default', '.defaults'];

/** `.env.example`, `.env.sample`, `my.cnf.dist`, `config.template.json`, `.env.template`... */
export function isTemplateName(file: string): boolean {
  const name = baseName(file).toLowerCase();
  if (TEMPLATE_SUFFIXES.some((s) => name.endsWith(s))) return true;
  // config.example.json, database.sample.yml: the marker before the real extension.
  return /[._-](example|sample|template|dist)\.[a-z0-9]+$/.test(name);
}

const COMPOSE_NAME = /^(docker-)?compose([._-][\w.-]*)?\.ya?ml$/;

/** docker-compose.yml, compose.yaml, docker-compose.prod.yml... */
export function isComposeName(file: string): boolean {
  return COMPOSE_NAME.test(baseName(file).toLowerCase());
}

/** A Kubernetes manifest: YAML with `apiVersion:` and `kind:` at the start of a line. */
export function isKubernetesText(file: string, text: string): boolean {
  if (!/\.ya?ml$/i.test(file)) return false;
  return /^apiVersion:\s*\S/m.test(text) && /^kind:\s*\S/m.test(text);
}

/**
 * The place of a file from its name and text. `offset` (a connection's start) picks the compose
 * service whose mounts apply; `dir` is the folder of the file on this machine.
 */
export function placeOf(file: string, text: string | undefined, dir: string | undefined, offset = 0): FilePlace {
  if (isTemplateName(file)) return { kind: 'template' };
  if (isComposeName(file)) {
    const mounts = text === undefined ? [] : composeMounts(text);
    const own = mountsAt(mounts, offset);
    return { kind: 'container', orchestrator: 'compose', mapPath: (p) => mapThroughMounts(p, own, dir) };
  }
  if (text !== undefined && isKubernetesText(file, text)) return { kind: 'container', orchestrator: 'kubernetes' };
  return { kind: 'config' };
}

/**
 * Whether a file setting written here (`value`, or none yet) names a file of this machine, so a
 * tool here may point it at another file: not in a template (the files of the machine it will be
 * copied to) nor in a container's file (the container's path, even where a mount maps it), and an
 * absolute path only where its folder exists here.
 */
export function namesThisMachinesFile(place: FilePlace, value: string | undefined, dir: string | undefined): boolean {
  if (place.kind !== 'config') return false;
  if (value === undefined || isRelativePath(value)) return true;
  if (isWindowsPathElsewhere(value)) return false;
  const resolved = resolveConfiguredPath(value, dir);
  return 'path' in resolved && existsSync(dirname(resolved.path));
}

/** One bind mount of a compose service: a folder or file of the host seen at `target` inside. */
export interface Mount {
  service: string;
  /** The service's block in the file (offsets), to tell which service a connection belongs to. */
  serviceSpan: { start: number; end: number };
  /** As written: `./certs`, `/etc/ssl/db`, `~/certs`. */
  source: string;
  target: string;
}

/**
 * The bind mounts of every service of a compose file, short (`- ./certs:/etc/mysql/certs:ro`) and
 * long (`type: bind`, `source:`, `target:`) syntax. Named volumes are no host path and are left out.
 * A small reader of the indentation compose files use, not a YAML parser: what it cannot read, it skips.
 */
export function composeMounts(text: string): Mount[] {
  const lines = splitLines(text);
  const out: Mount[] = [];
  const services = lines.findIndex((l) => /^services:\s*(#.*)?$/.test(l.text));
  if (services < 0) return out;
  let i = services + 1;
  const serviceIndent = firstIndent(lines, i);
  if (serviceIndent <= 0) return out;
  while (i < lines.length) {
    const l = lines[i];
    if (isBlank(l.text)) { i++; continue; }
    const indent = indentOf(l.text);
    if (indent < serviceIndent) break;
    const name = indent === serviceIndent ? /^\s*([\w.-]+):\s*(#.*)?$/.exec(l.text)?.[1] : undefined;
    if (!name) { i++; continue; }
    const end = blockEnd(lines, i + 1, serviceIndent + 1);
    const serviceSpan = { start: l.start, end: end < lines.length ? lines[end].start : text.length };
    out.push(...serviceMounts(lines.slice(i + 1, end), name, serviceSpan));
    i = end;
  }
  return out;
}

function serviceMounts(lines: Line[], service: string, serviceSpan: Mount['serviceSpan']): Mount[] {
  const out: Mount[] = [];
  const at = lines.findIndex((l) => /^\s*volumes:\s*(#.*)?$/.test(l.text));
  if (at < 0) return out;
  const keyIndent = indentOf(lines[at].text);
  // A list may sit at its key's own indentation (`volumes:` then `- ./certs:/certs` beneath it).
  let end = at + 1;
  while (end < lines.length && (isBlank(lines[end].text) || indentOf(lines[end].text) > keyIndent || /^\s*-/.test(lines[end].text) && indentOf(lines[end].text) === keyIndent)) end++;
  let long: { source?: string; target?: string; bind?: boolean } | undefined;
  const flush = () => {
    if (long?.source && long.target && long.bind !== false && isHostPath(long.source)) out.push({ service, serviceSpan, source: long.source, target: long.target });
    long = undefined;
  };
  for (const l of lines.slice(at + 1, end)) {
    const item = /^\s*-\s*(.*?)\s*(#.*)?$/.exec(l.text);
    const body = item ? unquote(item[1]) : undefined;
    if (item) flush();
    if (body !== undefined && !/^[\w-]+:\s/.test(body) && !/^[\w-]+:$/.test(body)) {
      const short = shortMount(body);
      if (short) out.push({ service, serviceSpan, ...short });
      continue;
    }
    const kv = /^\s*(?:-\s*)?([\w-]+):\s*(.*?)\s*(#.*)?$/.exec(l.text);
    if (!kv) continue;
    long ??= {};
    const value = unquote(kv[2]);
    if (kv[1] === 'source') long.source = value;
    else if (kv[1] === 'target') long.target = value;
    else if (kv[1] === 'type') long.bind = value === 'bind';
  }
  flush();
  return out;
}

/** `./certs:/etc/mysql/certs:ro` -> source and target; a named volume (`data:/var/lib/mysql`) -> undefined. */
function shortMount(body: string): { source: string; target: string } | undefined {
  const parts = body.split(':');
  if (parts.length < 2) return undefined;
  const [source, target] = parts;
  return isHostPath(source) && target.startsWith('/') ? { source, target } : undefined;
}

function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

/** The mounts of the service whose block holds `offset`; every mount when it is in none. */
export function mountsAt(mounts: Mount[], offset: number): Mount[] {
  const own = mounts.filter((m) => m.serviceSpan.start <= offset && offset < m.serviceSpan.end);
  return own.length ? own : mounts;
}

/**
 * The host path behind a container path: the mount with the longest target that holds it, its
 * source resolved against the compose file's folder. Undefined when no mount covers it (the file
 * lives only in the image or a named volume), or when two mounts of equal length disagree.
 */
export function mapThroughMounts(containerPath: string, mounts: Mount[], composeDir: string | undefined): string | undefined {
  if (!containerPath.startsWith('/')) return undefined;
  const p = posix.normalize(containerPath);
  let best: Mount | undefined;
  let ambiguous = false;
  for (const m of mounts) {
    const t = posix.normalize(m.target).replace(/\/$/, '');
    if (p !== t && !p.startsWith(`${t}/`)) continue;
    if (best && posix.normalize(best.target).replace(/\/$/, '').length === t.length) {
      ambiguous ||= best.source !== m.source;
      continue;
    }
    if (!best || t.length > posix.normalize(best.target).replace(/\/$/, '').length) {
      best = m;
      ambiguous = false;
    }
  }
  if (!best || ambiguous) return undefined;
  const rest = p.slice(posix.normalize(best.target).replace(/\/$/, '').length);
  const source = best.source.startsWith('~') ? join(process.env.HOME ?? '~', best.source.slice(1)) : best.source;
  const base = isAbsolute(source) ? source : resolve(composeDir ?? '.', source);
  return rest ? join(base, rest) : base;
}

interface Line {
  text: string;
  start: number;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const t of text.split('\n')) {
    out.push({ text: t.replace(/\r$/, ''), start });
    start += t.length + 1;
  }
  return out;
}

function isBlank(t: string): boolean {
  return /^\s*(#.*)?$/.test(t);
}

function indentOf(t: string): number {
  return /^ */.exec(t)![0].length;
}

function firstIndent(lines: Line[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i].text)) return indentOf(lines[i].text);
  return 0;
}

/** The first line at or after `from` indented less than `indent` (blank lines belong to the block). */
function blockEnd(lines: Line[], from: number, indent: number): number {
  let i = from;
  while (i < lines.length && (isBlank(lines[i].text) || indentOf(lines[i].text) >= indent)) i++;
  return i;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}
