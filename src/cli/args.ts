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

/**
 * A whole number from 1 to `max`, written in digits only: `1e3`, `0x10`, ` 5` and `1.5` are
 * refused rather than read as something the user may not have meant.
 */
export function positiveInt(value: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER, unit = ''): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got '${value}'`);
  if (n > max) throw new UsageError(`${name} must be at most ${max}${unit}, got '${value}'`);
  return n;
}
