// `pnpm run docs:asyncapi`: writes the WebSocket protocol's AsyncAPI document to docs/asyncapi.json,
// formatted as `pnpm lint` wants it. `test/asyncapi.test.ts` fails while the checked-in file differs
// from a fresh generation.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ASYNCAPI_DOCUMENT_PATH, asyncApiDocument } from '../src/http/asyncapi.js';

writeFileSync(ASYNCAPI_DOCUMENT_PATH, `${JSON.stringify(asyncApiDocument('0.0.0'), null, 2)}\n`);
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const formatted = spawnSync(process.execPath, [biome, 'format', '--write', ASYNCAPI_DOCUMENT_PATH], {
  stdio: 'ignore',
});
if (formatted.status !== 0) throw new Error('biome could not format the AsyncAPI document');
console.log(`docs:asyncapi: wrote ${ASYNCAPI_DOCUMENT_PATH}`);
