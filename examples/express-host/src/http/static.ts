import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { HostError } from '../errors.js';

const require = createRequire(import.meta.url);

const wsTransportDir = dirname(require.resolve('@jyotishconnect/ws-transport/package.json'));

/** i18next's own ES module build (no imports of its own): the web demo's translation layer loads it as is. */
const i18nextModule = join(dirname(require.resolve('i18next/package.json')), 'dist', 'esm', 'i18next.js');

/** The browser client bundle built by `pnpm build` in ws-transport. */
export function browserClientPath(): string {
  return join(wsTransportDir, 'dist', 'client.browser.js');
}

let bundled: Promise<string> | undefined;

/**
 * The browser client as one ES module: the built file when there is one,
 * otherwise bundled from source once with esbuild, so a fresh checkout serves
 * the web demo without a build step.
 */
async function browserClient(): Promise<string> {
  const built = browserClientPath();
  if (existsSync(built)) return await readFile(built, 'utf8');
  bundled ??= build({
    entryPoints: [join(wsTransportDir, 'src', 'client', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return await bundled;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>JyotishConnect API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="api"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

// A separate file: helmet's Content-Security-Policy forbids inline scripts.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true, persistAuthorization: true });`;

/**
 * `/docs` (Swagger UI served from node_modules, so it works offline),
 * `/vendor/ws-client.js`, `/vendor/i18next.js` and the web demo at `/`.
 */
export function staticRoutes(webDemoDir: string, logger: Logger): Router {
  const router = express.Router();
  const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  router.get('/docs', (_req, res) => void res.type('html').send(DOCS_PAGE));
  router.get('/docs/init.js', (_req, res) => void res.type('js').send(DOCS_INIT));
  router.use('/docs/assets', express.static(swaggerDir, { index: false, maxAge: '1h' }));
  router.get('/vendor/ws-client.js', (_req, res, next) => {
    browserClient().then(
      (code) => void res.type('js').send(code),
      (error: unknown) =>
        next(new HostError('CLIENT_NOT_BUILT', `the browser client could not be bundled: ${String(error)}`)),
    );
  });
  // `dotfiles: 'allow'`: the module lives under pnpm's `.pnpm` folder.
  router.get('/vendor/i18next.js', (_req, res, next) => {
    res.type('js').sendFile(i18nextModule, { dotfiles: 'allow', maxAge: '1h' }, (error) => error && next(error));
  });
  if (existsSync(webDemoDir)) router.use(express.static(webDemoDir));
  else logger.warn({ webDemoDir }, 'web demo folder not found; `/` serves nothing');
  return router;
}
