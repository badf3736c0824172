import { isJyotishError } from '@jyotishconnect/core';
import { BACKUP_USAGE, parseBackupCommand, runBackupCommand } from './backup-command.js';

// `pnpm --filter @jyotishconnect/express-host backup --out FILE` / `restore --in FILE`.
const command = parseBackupCommand(process.argv.slice(2), process.env);
if (!command) {
  console.error(BACKUP_USAGE);
  process.exit(64); // EX_USAGE
}
try {
  console.log(await runBackupCommand(command));
} catch (error) {
  // The host's own errors and file system errors are sentences for the operator; anything else keeps its stack.
  const known = isJyotishError(error) || (error as NodeJS.ErrnoException).code !== undefined;
  console.error(known ? (error as Error).message : error);
  process.exit(1);
}
