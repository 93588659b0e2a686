// Dispatches one file's text to the reader its name calls for.
import type { DriverId, ReadResult } from '../model/connection';
import { readDotenv } from './dotenv';
import { findConnectionStrings } from './find';
import { addSiblingCredentials } from './siblingCredentials';
import { applyProperties } from './properties';
import { readDotnetStrings } from './dotnet';
import { isClientGroup, optionFileConnections, readOptionGroups } from './optionFile';
import { baseName, problem, type ReadContext } from './text';
import { loadGrammarFor, mergeCode, readCode, type CodeReadOptions } from './code';

export type FileKind = 'dotenv' | 'option-file' | 'ini' | 'strings';

export function fileKind(file: string): FileKind {
  return kindOfName(baseName(file).toLowerCase());
}

function kindOfName(name: string): FileKind {
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  if (name.endsWith('.cnf')) return 'option-file';
  if (name.endsWith('.ini')) return 'ini';
  return 'strings';
}

/** A driver the file's place suggests when the connection itself says nothing. */
function driverHint(file: string): DriverId | undefined {
  const lower = file.toLowerCase().replace(/\\/g, '/');
  if (lower.endsWith('.prisma') || /(^|\/)prisma(\/|$)/.test(lower) || baseName(lower).includes('prisma')) return 'prisma';
  if (lower.endsWith('.php')) return 'php-pdo';
  return undefined;
}

/**
 * Reads every connection in one file's text, by the file's name: `.env`, `.env.*` -> dotenv;
 * `*.cnf` (and `*.ini` with client groups) -> option file; anything else -> URIs, JDBC URLs and Go
 * DSNs found anywhere in the text. Never throws. `file` goes into Connection.file and Connection.id.
 */
export function readText(file: string, text: string, opts: CodeReadOptions = {}): ReadResult {
  try {
    const hint = driverHint(file);
    const ctx: ReadContext = hint ? { file, driverHint: hint } : { file };
    switch (fileKind(file)) {
      case 'dotenv': return readDotenv(text, ctx);
      case 'option-file': return optionFileConnections(readOptionGroups(text), ctx);
      case 'ini': return readIni(text, ctx);
      default: {
        const r = findConnectionStrings(text, ctx);
        const dotnet = readDotnetStrings(text, ctx);
        if (dotnet.connections.length) r.connections = [...r.connections, ...dotnet.connections].sort((a, b) => a.span.start - b.span.start);
        addSiblingCredentials(file, text, r.connections);
        if (/\.properties$/i.test(file)) applyProperties(text, r.connections);
        const code = readCode(file, text, ctx, opts);
        return code ? mergeCode(r, code) : r;
      }
    }
  } catch (err) {
    // A reader bug must not take the scan down; say where, without the text (it may hold a password).
    return { connections: [], problems: [problem(`internal error while reading ${baseName(file)}: ${(err as Error).name}`, 0, 0)] };
  }
}

/** readText after loading the grammar the file needs (once; code files only): for callers that can wait. */
export async function readTextAsync(file: string, text: string, opts: CodeReadOptions = {}): Promise<ReadResult> {
  await loadGrammarFor(file);
  return readText(file, text, opts);
}

/** `.ini` files are option files when they have client groups, else plain text with URLs. */
function readIni(text: string, ctx: ReadContext): ReadResult {
  const parsed = readOptionGroups(text);
  if (parsed.groups.some((g) => isClientGroup(g.name))) return optionFileConnections(parsed, ctx);
  return findConnectionStrings(text, ctx);
}

const TEXT_EXTENSIONS = new Set([
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'json', 'jsonc', 'json5', 'yaml', 'yml', 'toml', 'properties',
  'xml', 'go', 'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'py', 'php', 'rb', 'rs', 'cs', 'conf', 'cfg', 'config',
  'prisma', 'sh', 'bash', 'zsh', 'ps1', 'tf', 'tfvars', 'hcl', 'txt', 'env', 'cnf', 'ini', 'erb', 'exs', 'ex', 'clj',
  'swift', 'dart', 'lua', 'pl', 'r', 'sql', 'vue', 'svelte', 'astro',
]);

const TEXT_NAMES = new Set(['dockerfile', 'makefile', 'procfile', 'containerfile', '.envrc', 'my.cnf', '.my.cnf']);

/** Extensions and whole names (lower case) of every file isConnectionFile lets through but for
 *  the `.env` and option-file names; a tool that selects files by glob starts from these. */
export const CONNECTION_FILE_NAMES = { extensions: [...TEXT_EXTENSIONS], names: [...TEXT_NAMES] };

/** Cheap, name-based: may this file hold a connection? (The scanner and watchers pre-filter with it.) */
export function isConnectionFile(file: string): boolean {
  return connectionKindOfName(baseName(file)) !== undefined;
}

/** The reader a bare file name (as a folder listing gives it) calls for, or undefined when the
 *  name says it holds no connection. One pass over the name: a scan asks it of every file. */
export function connectionKindOfName(fileName: string): FileKind | undefined {
  const name = fileName.toLowerCase();
  if (name === '.mylogin.cnf') return undefined; // obfuscated binary, not text
  const kind = kindOfName(name);
  if (kind !== 'strings' || TEXT_NAMES.has(name)) return kind;
  if (name.endsWith('.min.js') || name.endsWith('.map') || name === 'package-lock.json') return undefined;
  const dot = name.lastIndexOf('.');
  return dot > 0 && TEXT_EXTENSIONS.has(name.slice(dot + 1)) ? kind : undefined;
}

/** Whether the bytes start with a UTF-16 byte-order mark (FF FE little-endian, FE FF big-endian),
 *  as Windows tools (PowerShell's Out-File, Notepad's "Unicode") write text. */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/**
 * A file's text as every reader gets it: UTF-16 (LE or BE) when it starts with that byte-order
 * mark, else UTF-8. The mark stays as U+FEFF at offset 0 in both cases (spans count it, as for a
 * UTF-8 mark; editors hide it), so spans are UTF-16 offsets into the decoded text either way.
 */
export function decodeText(bytes: Buffer): string {
  if (!hasUtf16Bom(bytes)) return bytes.toString('utf8');
  const even = bytes.subarray(0, bytes.length & ~1);
  if (bytes[0] === 0xff) return even.toString('utf16le');
  return Buffer.from(even).swap16().toString('utf16le');
}
