// One rule for every caller-chosen id in every package, so an id one adapter
// accepts no other refuses. PostgreSQL text cannot hold U+0000, and control
// characters in ids only ever come from forged input: both are refused everywhere.

/** Longest id, in UTF-16 code units. */
export const MAX_ID_LENGTH = 200;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why `value` is not a valid id, or `null` when it is one: a string of 1 to
 * {@link MAX_ID_LENGTH} characters with no NUL or other control character.
 * Each package turns the reason into its own `INVALID_INPUT` error.
 */
export function idProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    return `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`;
  }
  if (CONTROL_CHARACTER.test(value)) return 'must not contain NUL or other control characters';
  return null;
}
