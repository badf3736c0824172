import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url).pathname;

/** Every source file of the package, with its path under `src/`. */
function sourceFiles(): Array<{ path: string; text: string }> {
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => ({ path, text: readFileSync(join(src, path), 'utf8') }));
}

describe('optional peers', () => {
  it('only the /socket.io entry imports socket.io; nothing imports socket.io-client', () => {
    const files = sourceFiles();
    const importsOf = (text: string) => [...text.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1] ?? '');
    const forbidden = (path: string, specifier: string) =>
      specifier === 'socket.io-client' ||
      specifier.startsWith('engine.io') ||
      (specifier === 'socket.io' && !path.startsWith('socket-io/'));
    const offenders = files
      .filter(({ path, text }) => importsOf(text).some((specifier) => forbidden(path, specifier)))
      .map(({ path }) => path);
    // The scan sees the package, and the import it allows.
    expect(files.some(({ text }) => importsOf(text).includes('socket.io'))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
