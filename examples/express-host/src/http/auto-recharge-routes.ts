import { z } from 'zod';
import { HostError } from '../errors.js';
import type { AutoRecharge } from '../host-store/index.js';
import { methodView } from '../saved-methods.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';
import { paise, topUpAmount } from './schemas.js';

/** Enabling takes a threshold at most `MAX_TOP_UP` and an amount that is a top-up's. */
const autoRechargeBody = (maxTopUp: number) =>
  z.union([
    z.object({ enabled: z.literal(false) }),
    z.object({ threshold: paise.max(maxTopUp), amount: topUpAmount(maxTopUp), enabled: z.literal(true).optional() }),
  ]);

/** The saved method demo mode's simulated provider charges: it charges nobody. */
export const demoSavedMethod = (userId: string) => ({
  customerRef: `sim_cust_${userId}`,
  methodRef: 'card_demo',
  brand: 'visa',
  last4: '4242',
});

/** How many of a user's newest orders are searched for their last auto-recharge. */
const RECENT_ORDERS = 50;

/** The user's last auto-recharge charge: a declined one is shown with its reason, so the user can act on it. */
async function lastRecharge(services: Services, userId: string) {
  const orders = await services.payments.ordersOf(userId, RECENT_ORDERS);
  const last = orders.find((order) => order.id.startsWith('auto_'));
  if (!last) return null;
  const { id: orderId, amount, status, failureReason, createdAt } = last;
  return { orderId, amount, status, failureReason, createdAt };
}

/** The setting as the API shows it: the saved card's brand and last four, never its references. */
async function settingView(services: Services, userId: string, setting: AutoRecharge | null) {
  const method = methodView(setting?.method ?? null);
  const recharge = await lastRecharge(services, userId);
  if (!setting || setting.enabled === false) return { enabled: false, method, lastRecharge: recharge };
  const { threshold, amount } = setting;
  return { enabled: true, threshold, amount, methodSaved: method !== null, method, lastRecharge: recharge };
}

/** `GET`/`PUT /api/wallet/auto-recharge` and `DELETE /api/wallet/auto-recharge/method`. */
export function autoRechargeRoutes(api: ApiRouter, services: Services): void {
  const settings = services.host.autoRecharge;

  api.get(
    '/wallet/auto-recharge',
    {
      summary:
        'My auto-recharge setting, the card saved for it (brand and last four only) and my last auto-recharge (a declined one with its reason)',
      tag: 'wallet',
      access: ['user'],
    },
    async (ctx) => {
      const userId = caller(ctx).id;
      return await settingView(services, userId, await settings.settingOf(userId));
    },
  );

  api.put(
    '/wallet/auto-recharge',
    {
      summary:
        'Top up by `amount` from my saved card each time a debit takes the balance below `threshold`: once per crossing, at most 3 charges a day, a declined charge never retried. A card is saved by a top-up started with saveMethod; in demo mode enabling saves a simulated card. Without a saved card enabling is 409 PAYMENT_METHOD_REQUIRED. Disabling keeps the saved card',
      tag: 'wallet',
      access: ['user'],
      body: autoRechargeBody(services.config.maxTopUp),
    },
    async (ctx) => {
      const userId = caller(ctx).id;
      const body = ctx.body;
      const current = await settings.settingOf(userId);
      if ('threshold' in body) {
        const method = current?.method ?? (services.simulated ? demoSavedMethod(userId) : null);
        if (!method) {
          throw new HostError(
            'PAYMENT_METHOD_REQUIRED',
            'auto-recharge charges a saved card, and this account has none: tick "save this card" on a top-up',
          );
        }
        const { threshold, amount } = body;
        await settings.set({ userId, threshold, amount, method, enabled: true });
        return { enabled: true, threshold, amount };
      }
      if (current?.method) await settings.set({ ...current, enabled: false });
      else await settings.clear(userId);
      return { enabled: false };
    },
  );

  api.delete(
    '/wallet/auto-recharge/method',
    {
      summary:
        'Forget my saved card: auto-recharge is turned off and charges nothing until a top-up saves another. The card stays on the provider’s customer record until detached there',
      tag: 'wallet',
      access: ['user'],
    },
    async (ctx) => {
      const userId = caller(ctx).id;
      await settings.clear(userId);
      return await settingView(services, userId, null);
    },
  );
}
