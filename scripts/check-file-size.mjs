#!/usr/bin/env node
// `pnpm check:layout` (second half): no source file of a published package
// grows past the size at which it stops reading as one concept.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root, workspacePackages } from './workspace.mjs';

const MAX_LINES = 300;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs)$/.test(entry.name)) yield path;
  }
}

const tooLong = workspacePackages()
  .flatMap((pkg) => [...sourceFiles(join(pkg.dir, 'src'))])
  .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
  .filter(({ lines }) => lines > MAX_LINES);

for (const { file, lines } of tooLong) console.error(`${file}: ${lines} lines (split it: at most ${MAX_LINES})`);
if (tooLong.length > 0) process.exit(1);
console.log(`file size: every packages/*/src file has at most ${MAX_LINES} lines`);
