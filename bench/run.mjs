#!/usr/bin/env node
// `pnpm bench NAME [args…]` runs bench/NAME.ts with tsx, resolving workspace
// packages to their TypeScript sources (the `@jyotishconnect/source` export
// condition), with the caller's environment. Exits with the bench's exit code.
// `pnpm bench` alone lists the benches.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  console.log('Usage: pnpm bench NAME [args…]');
  console.log(`Available benches: ${benches.length ? benches.join(', ') : '(none)'}`);
  process.exit(0);
}
const file = join(benchDir, `${name}.ts`);
if (!/^[\w-]+$/.test(name) || !existsSync(file)) {
  console.error(`No bench named "${name}". Available benches: ${benches.join(', ') || '(none)'}`);
  process.exit(2);
}

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const child = spawn(process.execPath, [tsx, '--conditions=@jyotishconnect/source', file, ...args], {
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
