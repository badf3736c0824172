import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

// The libraries report through `MetricsSink`; only a host picks a metrics library.
describe('the libraries depend on no metrics library', () => {
  const packages = readdirSync(packagesDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());

  it('finds the packages it checks', () => {
    expect(packages.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['core', 'billing-engine', 'ws-transport']),
    );
  });

  it.each(packages.map((entry) => entry.name))('%s neither imports nor depends on prom-client', (name) => {
    const manifest = readFileSync(join(packagesDir, name, 'package.json'), 'utf8');
    expect(manifest).not.toContain('prom-client');
    for (const file of sourceFiles(join(packagesDir, name, 'src'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/['"]prom-client['"]/);
    }
  });
});
