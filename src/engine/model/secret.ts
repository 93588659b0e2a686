import { inspect } from 'node:util';

export const MASK = '****';

/**
 * A password. Every way of turning it into text (string conversion, JSON, util.inspect, template
 * literals) yields the mask; only `reveal()` gives the value, and only code that opens a
 * connection should call it.
 */
export class Secret {
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
