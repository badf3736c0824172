// Helpers shared by the repository scripts: the published packages and their public entries.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The export condition that points a package's entries at its TypeScript sources. */
export const SOURCE_CONDITION = '@jyotishconnect/source';

/**
 * Every non-private package under `packages/`, sorted by folder name:
 * `{ name, dir, manifest, ready }`, where `ready` is false while the package
 * has no `src/index.ts` yet (work in progress).
 */
export function workspacePackages() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort()
    .map((folder) => {
      const dir = join(packagesDir, folder);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, dir, manifest, ready: existsSync(join(dir, 'src', 'index.ts')) };
    })
    .filter((pkg) => !pkg.manifest.private);
}

/**
 * The public entries of a package: every `exports` subpath except
 * `./package.json` and Vitest setup modules, with the source file its
 * `@jyotishconnect/source` condition points at (`file`, relative to the
 * repository root, `/`-separated) and whether that file exists yet.
 */
export function publicEntries(pkg) {
  const exportsField = pkg.manifest.exports ?? {};
  return Object.entries(exportsField)
    .filter(([subpath]) => subpath !== './package.json' && !subpath.endsWith('/vitest-setup'))
    .map(([subpath, target]) => {
      const source = typeof target === 'object' && target !== null ? target[SOURCE_CONDITION] : undefined;
      const absolute = typeof source === 'string' ? join(pkg.dir, source) : undefined;
      return {
        specifier: subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`,
        subpath,
        file: absolute ? relative(root, absolute).split(sep).join('/') : undefined,
        exists: absolute ? existsSync(absolute) : false,
      };
    });
}
