import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createBillingEngine, createRateCard } from '@jyotishconnect/billing-engine';
import { createMemoryBillingStore } from '@jyotishconnect/billing-engine/memory';
import { createChat } from '@jyotishconnect/chat-core';
import { createMemoryChatStore } from '@jyotishconnect/chat-core/memory';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { attachConsultations } from '@jyotishconnect/ws-transport/socket.io';
import express from 'express';
import { Server } from 'socket.io';

// Two accounts to try it with: Asha (₹1,000 in her wallet) and Guru (₹6 a minute for chat).
const wallet = createWallet({ store: createMemoryWalletStore() });
await wallet.openSystemAccounts();
await wallet.openAccount({ id: 'asha', type: 'user' });
await wallet.topUp({ id: 'welcome:asha', to: 'asha', amount: 100_000 });
await wallet.openAccount({ id: 'guru', type: 'consultant' });
const rates = createRateCard();
rates.set('guru', { chat: 600 });
const intervalSeconds = Number(process.env.BILLING_INTERVAL_SECONDS ?? 15);
const billing = createBillingEngine({ wallet, rates, store: createMemoryBillingStore(), config: { intervalSeconds } });
const chat = createChat({ store: createMemoryChatStore() });

// An app's own sign-in would issue these; here each account's token comes from the environment, or is made up and shown.
function tokenOf(name: string): string {
  const given = process.env[name];
  if (given) return given;
  const madeUp = randomBytes(16).toString('hex');
  console.log(`${name}=${madeUp}`);
  return madeUp;
}
const tokens = new Map([
  [tokenOf('ASHA_TOKEN'), { id: 'asha', role: 'user' as const }],
  [tokenOf('GURU_TOKEN'), { id: 'guru', role: 'consultant' as const }],
]);

// Browser pages of the sites in ALLOWED_ORIGINS (comma-separated) may connect, and no other site's: a page elsewhere
// must not open a socket as its visitor. Native apps and servers send no Origin and are let through.
const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter((origin) => origin !== '');

const app = express();
app.get('/health', (_request, response) => void response.json({ ok: true }));
const http = createServer(app);
const io = new Server(http);
const consultations = attachConsultations(io.of('/consultations'), {
  chat,
  billing,
  allowedOrigins,
  authenticate: (handshake) => tokens.get(String(handshake.auth.token)) ?? null,
});

http.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = http.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', async () => {
  await consultations.close();
  await billing.close();
  io.close();
});
