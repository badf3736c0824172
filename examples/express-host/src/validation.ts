import { z } from 'zod';
import { HostError } from './errors.js';

/** One line of text: no control character, so no NUL, tab or line break (names, ids, places). */
export const oneLine = z.string().regex(/^\P{Cc}*$/u, 'must not contain control characters');

/** Parses `value` with a zod schema, or throws `VALIDATION_FAILED` naming the first bad field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : where;
  throw new HostError('VALIDATION_FAILED', `${field}: ${issue?.message ?? 'is invalid'}`, { field });
}
