import { inspect } from 'node:util';
import { neverLog, TAP_CODE_TTL_MS } from '../redaction';

/**
 * A value that must never reach a log line, an error message, the database or JSON by accident:
 * it prints and serialises as "[redacted]", and only `reveal()` gives it up.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string, ttlMs = TAP_CODE_TTL_MS) {
    this.#value = value;
    neverLog(value, ttlMs);
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
