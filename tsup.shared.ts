import { defineConfig, type Options } from 'tsup';

/** The build every package shares: ESM + CJS + declarations for each public entry. */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    ...extra,
  });
}
