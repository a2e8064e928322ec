import { inspect } from 'node:util';

/**
 * A value that must never reach a log line, an error message, the database or JSON by accident:
 * it prints and serialises as "[redacted]", and only `reveal()` gives it up.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}
