/** Options accepted by every JyotishConnect error. */
export interface JyotishErrorOptions {
  /** The lower-level error that caused this one, if any. */
  cause?: unknown;
  /** Machine-readable facts about the failure (ids, amounts, field names). */
  details?: Record<string, unknown>;
}

/**
 * Base class of every error the JyotishConnect packages throw on purpose.
 * `code` is stable across releases; hosts map it to HTTP statuses or UI text.
 */
export class JyotishError<Code extends string = string> extends Error {
  /** Stable, machine-readable error code such as `INSUFFICIENT_FUNDS`. */
  readonly code: Code;
  /** Machine-readable facts about the failure. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: Code, message: string, options: JyotishErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain object safe to serialize into logs or API responses. */
  toJSON(): { name: string; code: Code; message: string; details: Readonly<Record<string, unknown>> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** True when `value` is a JyotishError, optionally with the given code. */
export function isJyotishError<Code extends string = string>(value: unknown, code?: Code): value is JyotishError<Code> {
  return value instanceof JyotishError && (code === undefined || value.code === code);
}
