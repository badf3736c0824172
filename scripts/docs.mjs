#!/usr/bin/env node
// `pnpm docs`: refreshes typedoc.json's entry points from every package's public
// exports (their `@jyotishconnect/source` targets), then runs TypeDoc with it.
// Extra arguments are passed on to TypeDoc.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { publicEntries, root, SOURCE_CONDITION, workspacePackages } from './workspace.mjs';

const configPath = join(root, 'typedoc.json');

const entryPoints = [];
const packageNames = [];
for (const pkg of workspacePackages()) {
  if (!pkg.ready) {
    console.log(`docs: skipped ${pkg.name}: src/index.ts does not exist yet`);
    continue;
  }
  packageNames.push(pkg.name);
  for (const entry of publicEntries(pkg)) {
    if (!entry.file) console.log(`docs: skipped ${entry.specifier}: no ${SOURCE_CONDITION} condition`);
    else if (!entry.exists) console.log(`docs: skipped ${entry.specifier}: ${entry.file} does not exist yet`);
    else entryPoints.push(entry.file);
  }
}

const config = JSON.parse(readFileSync(configPath, 'utf8'));
const before = JSON.stringify(config);
config.entryPoints = entryPoints;
// TypeDoc checks documentation only for the packages listed here (default: the root package).
config.packagesRequiringDocumentation = packageNames;
const require = createRequire(join(root, 'package.json'));
if (JSON.stringify(config) !== before) {
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  // Keep the file as `pnpm lint` wants it.
  run(require.resolve('@biomejs/biome/bin/biome'), ['format', '--write', configPath], 'ignore');
  console.log(`docs: typedoc.json now lists ${entryPoints.length} entry points`);
}

const typedoc = join(dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
process.exit(run(typedoc, process.argv.slice(2), 'inherit'));

function run(script, args, stdio) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
