// Colours for terminal text, in a module of their own: the CLI's entry needs them before any command loads.
export interface TextStyle {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

export const PLAIN: TextStyle = { bold: id, red: id, yellow: id, green: id, dim: id };

export const ANSI: TextStyle = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s) => `\x1b[33m${s}\x1b[39m`,
  green: (s) => `\x1b[32m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
};

function id(s: string): string {
  return s;
}
