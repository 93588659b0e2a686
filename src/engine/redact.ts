/*
 * The one masking path. Whatever the tool shows (the CLI's text and JSON, the Markdown report,
 * explain excerpts, SARIF, the extension's tree, hover, diagnostics and log) goes through a
 * Redactor just before it leaves:
 *
 *     const r = new Redactor().addConnections(connections).add(password);
 *     out(r.text(renderText(report)));     // or r.json(report)
 *
 * It works on what the readers understood: the Secret of every connection read (from files, the
 * command line, pasted text), then, for pasted text, on password-shaped patterns too (`password=`,
 * `-p...`, `user:pass@`, `IDENTIFIED BY`). Each password is masked in every form output can hold
 * it: as written, percent-encoded, JSON-escaped (once and twice), Markdown-escaped and base64.
 * A Secret already prints as its mask; the Redactor is for the places where a reader got a
 * password wrong (its tail read as a user, a host) or where text from outside is echoed.
 */
import { findConnectionStrings } from './dialects/find';
import { percentEncode } from './dialects/text';
import { secretRanges } from './explain/secrets';
import type { Connection } from './model/connection';
import { MASK, Secret } from './model/secret';
import { escapeMarkdown } from './report/escape';

/**
 * Shorter values are not masked by value: `ab` would blank every `ab` in the output. They are
 * still never printed, since a Secret prints as the mask; only a misread could show them.
 */
export const MIN_MASKED_LENGTH = 4;

export type SecretLike = Secret | string | undefined;

/** Values a scan of pasted text reads as `(using password: YES)` and the like: not passwords. */
const NOT_SECRETS = new Set(['YES', 'NO', MASK]);

export class Redactor {
  private readonly values = new Set<string>();
  private forms: string[] | undefined;

  constructor(secrets: Iterable<SecretLike> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Passwords to mask: Secrets, plain strings (an environment variable's value), undefined ignored. */
  add(...secrets: SecretLike[]): this {
    for (const s of secrets) {
      const v = s instanceof Secret ? s.reveal() : s;
      if (v === undefined || v.length < MIN_MASKED_LENGTH || NOT_SECRETS.has(v)) continue;
      if (!this.values.has(v)) this.forms = undefined;
      this.values.add(v);
    }
    return this;
  }

  /** The passwords of connections the readers returned. */
  addConnections(connections: Iterable<Pick<Connection, 'password'>>): this {
    for (const c of connections) this.add(c.password);
    return this;
  }

  /**
   * Text from outside (a pasted error, a log): the passwords of the connection strings the readers
   * find in it, and the values of password-shaped patterns (`password=…`, `-p…`, `user:pass@`).
   */
  addPasted(text: string): this {
    this.addConnections(findConnectionStrings(text, {}).connections);
    for (const [s, e] of secretRanges(text)) this.add(text.slice(s, e));
    return this;
  }

  /** `text` with every known password, in every form, replaced by the mask. */
  text(text: string): string {
    let out = text;
    for (const form of this.allForms()) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  }

  /** JSON.stringify(value, null, space), masked: the string a `--json` output prints. */
  json(value: unknown, space = 2): string {
    return this.text(JSON.stringify(value, null, space));
  }

  private allForms(): string[] {
    if (!this.forms) {
      const forms = new Set<string>();
      for (const v of this.values) for (const f of formsOf(v)) if (f.length >= MIN_MASKED_LENGTH) forms.add(f);
      this.forms = [...forms].sort((a, b) => b.length - a.length);
    }
    return this.forms;
  }
}

/** The ways output can spell a password: raw, URL-encoded, JSON (nested), Markdown, base64. */
function formsOf(v: string): string[] {
  const json = JSON.stringify(v).slice(1, -1);
  const forms = [v, json, JSON.stringify(json).slice(1, -1), escapeMarkdown(v), percentEncode(v), Buffer.from(v).toString('base64')];
  try {
    forms.push(encodeURIComponent(v));
  } catch {
    // a lone surrogate has no URL form
  }
  return forms;
}

/** One-off: `text` with the given passwords masked. */
export function redact(text: string, ...secrets: SecretLike[]): string {
  return new Redactor(secrets).text(text);
}
