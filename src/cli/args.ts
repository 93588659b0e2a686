import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into one-line usage errors. */
export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageMessage(e as Error & { code?: string }, options));
  }
}

/** parseArgs' own wording is several lines long and talks about positionals: one line instead. */
function usageMessage(e: Error & { code?: string }, options: Options): string {
  const option = /option '(-[^' ]+)/i.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return `unknown option '${option}'; the options are ${Object.keys(options).map((o) => `--${o}`).join(', ')}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /ambiguous/.test(e.message)) {
    return `${option} needs a value; a value starting with "-" is written ${option}=VALUE`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /argument missing/.test(e.message)) return `${option} needs a value`;
  return e.message.split('\n')[0];
}

export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got '${value}'`);
  return n;
}
