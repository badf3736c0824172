import { isIPv4 } from 'node:net';

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const ipv4 = bare.replace(/^::ffff:/, '');
  return bare === 'localhost' || bare === '::1' || (isIPv4(ipv4) && ipv4.startsWith('127.'));
}
