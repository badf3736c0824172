import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { PGliteWorkerError } from './pglite-worker-errors.js';

const SCRIPT = 'pglite-worker-thread';

/**
 * Starts the PGlite worker script that sits beside this module: the built
 * `.js` in a published package, or the TypeScript source inside this
 * repository, where tests and benchmarks run the sources. A worker thread
 * cannot run TypeScript by itself, so the source is loaded through tsx's
 * `tsImport` (tsx is a development dependency of the repository).
 */
export function startWorkerScript(options: WorkerOptions): Worker {
  const built = new URL(`./${SCRIPT}.js`, import.meta.url);
  if (existsSync(built)) return new Worker(built, options);
  const source = new URL(`./${SCRIPT}.ts`, import.meta.url);
  if (!existsSync(source)) {
    throw new PGliteWorkerError('PGLITE_WORKER_SCRIPT_MISSING', `the PGlite worker script is missing: ${built.href}`);
  }
  // A loader passed as `--import` in a worker's execArgv is not applied on Node 20; tsImport is.
  const bootstrap = `import(${JSON.stringify(tsxApi())}).then(({ tsImport }) => tsImport(${JSON.stringify(source.href)}, ${JSON.stringify(source.href)}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}

// The `import` build of tsx's ESM API (its `require` build does not load in a worker), found through tsx's
// exports map: `import.meta.resolve` would do it, but it has no equivalent in this module's CommonJS build.
function tsxApi(): string {
  try {
    const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TsxManifest;
    return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api'].import.default)).href;
  } catch (error) {
    throw new PGliteWorkerError(
      'PGLITE_WORKER_SCRIPT_MISSING',
      'running the PGlite worker from TypeScript sources needs tsx installed; build the package to run it from dist',
      { cause: error },
    );
  }
}

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } };
}
