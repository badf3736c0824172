import { type HostConfig, isLoopback, usesDemoSecrets } from './config.js';
import { DEMO_PASSWORD } from './seed.js';

/** Lines in a box of `#`, so they stand out in the start-up output. */
function framed(lines: readonly string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '#'.repeat(width + 6);
  return ['', rule, ...lines.map((line) => `#  ${line.padEnd(width)}  #`), rule, ''].join('\n');
}

function demoBanner(config: HostConfig): string {
  return framed([
    'DEMO MODE (DEMO=true): NOT FOR REAL MONEY.',
    ...(usesDemoSecrets(config)
      ? ['Tokens and payment webhooks are signed with the PUBLIC demo secrets: anyone can forge them.']
      : []),
    ...(config.seed
      ? [
          `Seeded accounts, all with the published password ${DEMO_PASSWORD}:`,
          '  asha@demo.local (user), guru|meera|ravi@demo.local (consultants), admin@demo.local.',
        ]
      : []),
    config.payments.provider === 'simulated'
      ? 'Payments are simulated: checkout and auto-recharge credit wallets without charging anyone.'
      : `Payments go to ${config.payments.provider}: use its test-mode keys for a demo.`,
    ...(config.payoutProvider === 'instant' ? ['Payouts are instant and simulated: no money leaves.'] : []),
    isLoopback(config.host)
      ? `Listening on ${config.host} only: reachable from this machine alone.`
      : `Listening on ${config.host}: reachable from the network.`,
    'In production leave DEMO unset and set JWT_SECRET and PAYMENT_PROVIDER (stripe or razorpay) with its keys.',
  ]);
}

const MEMORY_BANNER = framed([
  'STORE=memory: NOTHING IS KEPT. Every account, wallet,',
  'session and message is lost when this process stops.',
]);

/** The warnings printed before the host starts listening: demo mode, memory store. */
export function startupBanners(config: HostConfig): string[] {
  return [...(config.demo ? [demoBanner(config)] : []), ...(config.store === 'memory' ? [MEMORY_BANNER] : [])];
}
