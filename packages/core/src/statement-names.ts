import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * The name a prepared statement is kept under: derived from its text, so the
 * same text always gets the same name and different texts never share one.
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `jc_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}
