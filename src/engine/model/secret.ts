import { inspect } from 'node:util';

export const MASK = '****';

/**
 * A password. Every way of turning it into text (string conversion, JSON, util.inspect, template
 * literals) yields the mask; only `reveal()` gives the value, and only code that opens a
 * connection should call it.
 */
class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return `Secret(${MASK})`;
  }
}

// One class per process: a reader bundled on its own (dist/readers/php.js) carries a copy of this
// module, and its passwords must still be Secrets to `instanceof` (the Redactor masks by it).
const KEY = Symbol.for('mysql-tls-doctor.Secret');
const registry = globalThis as Record<symbol, unknown>;
export const Secret: typeof SecretValue = (registry[KEY] as typeof SecretValue | undefined) ?? (registry[KEY] = SecretValue) as typeof SecretValue;
export type Secret = SecretValue;
