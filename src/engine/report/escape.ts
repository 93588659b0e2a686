/**
 * Text from outside (certificate names, connection labels, server messages) made to render as
 * written in Markdown. Line breaks become spaces, so a value cannot start a new block or table
 * row; then inline syntax is escaped everywhere (`$` too: VS Code reads `$(name)` as an icon),
 * and block syntax only where it can act, at the start.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]()!|<>~$]/g, '\\$&')
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** The text as inline code: a backtick inside would end the span early, so it becomes a quote. */
export function inlineCode(s: string): string {
  return `\`${s.replace(/\r?\n|\r/g, ' ').replace(/`/g, "'")}\``;
}
