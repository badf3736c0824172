#!/usr/bin/env node
// `pnpm check:packages`: packs every published package the way `pnpm publish`
// would, then lints the tarball with publint (warnings count as errors) and
// checks its types with @arethetypeswrong/cli (profile node16: ESM + CJS for
// Node's `import` and `require`; node10 resolution of subpaths is not
// supported). Run `pnpm build` first. The custom `@jyotishconnect/source`
// condition (TypeScript sources for the workspace) is expected and ignored by both tools.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { root, workspacePackages } from './workspace.mjs';

const require = createRequire(join(root, 'package.json'));
const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js');
const pnpm = findPnpm();
const failures = [];
const workDir = mkdtempSync(join(tmpdir(), 'jc-check-packages-'));

try {
  for (const pkg of workspacePackages()) {
    const where = relative(root, pkg.dir);
    if (!pkg.ready) {
      console.log(`skipped ${pkg.name} (${where}): src/index.ts does not exist yet`);
      continue;
    }
    console.log(`\n=== ${pkg.name} (${where})`);
    if (!existsSync(join(pkg.dir, 'dist'))) {
      fail(pkg, 'dist/ does not exist: run `pnpm build` first');
      continue;
    }
    const tarball = pack(pkg);
    if (!tarball) continue;

    const data = readFileSync(tarball);
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    for (const message of messages) {
      console.log(`publint ${message.type}: ${formatMessage(message, manifest, { color: false })}`);
    }
    const errors = messages.filter((message) => message.type === 'error').length;
    if (errors > 0) fail(pkg, `publint found ${errors} error(s)`);
    else console.log(`publint: ok${messages.length ? ` (${messages.length} suggestion(s))` : ''}`);

    const types = spawnSync(process.execPath, [attw, tarball, '--profile', 'node16', '--no-emoji', '--no-color'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (types.status !== 0) fail(pkg, `@arethetypeswrong/cli exited with ${types.status ?? types.signal}`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\ncheck:packages failed:\n${failures.map((line) => `  - ${line}`).join('\n')}`);
  process.exit(1);
}
console.log('\ncheck:packages: all packages ok');

function pack(pkg) {
  const destination = mkdtempSync(join(workDir, 'pack-'));
  const [command, ...prefix] = pnpm;
  const result = spawnSync(command, [...prefix, 'pack', '--pack-destination', destination], {
    cwd: pkg.dir,
    encoding: 'utf8',
  });
  const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'));
  if (result.status !== 0 || !tarball) {
    fail(pkg, `pnpm pack failed:\n${result.stderr || result.stdout || result.error}`);
    return undefined;
  }
  return join(destination, tarball);
}

function fail(pkg, reason) {
  console.error(`${pkg.name}: ${reason}`);
  failures.push(`${pkg.name}: ${reason}`);
}

/** `pnpm` when it is on the PATH (as inside `pnpm run`), otherwise `npx -y pnpm@10`. */
function findPnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? ['pnpm'] : ['npx', '-y', 'pnpm@10'];
}
