import type { PaymentOrder, SavedMethodDetails, SaveMethodRequest } from '@jyotishconnect/payments';
import type { AutoRecharge, AutoRechargeStore, SavedMethodRef, UserRecord } from './host-store/index.js';

// Saving a payment method at a top-up, for auto-recharge. The method comes
// only from the payments package, which reports it once for a captured,
// verified payment of an order its user started with "save this card"; it is
// kept in that order's user's setting, never anyone's the event body names.

/** The customer ids each provider gives (`cus_…`, `cust_…`): a saved method of another provider is not reused. */
const CUSTOMER_PREFIX: Readonly<Record<string, string>> = { stripe: 'cus_', razorpay: 'cust_', simulated: 'sim_cust_' };

/**
 * What the provider needs to save the method a user's top-up is paid with:
 * their saved customer when it is this provider's (one customer per user),
 * else their name, email and `phone` for a new one.
 */
export async function saveMethodRequest(
  settings: AutoRechargeStore,
  provider: string,
  user: UserRecord,
  phone: string | undefined,
): Promise<SaveMethodRequest> {
  const customerRef = (await settings.settingOf(user.id))?.method?.customerRef;
  const prefix = CUSTOMER_PREFIX[provider];
  if (customerRef && prefix && customerRef.startsWith(prefix)) return { customerRef };
  return { name: user.name, email: user.email, ...(phone ? { contact: phone } : {}) };
}

/**
 * Keeps the method a paid top-up saved in its user's setting: it replaces
 * the method of an existing setting (on or off as it was); without a setting,
 * it is kept with auto-recharge off until the user turns it on.
 */
export async function keepSavedMethod(
  settings: AutoRechargeStore,
  order: PaymentOrder,
  saved: SavedMethodDetails,
): Promise<void> {
  const method: SavedMethodRef = {
    customerRef: saved.customerRef,
    methodRef: saved.methodRef,
    ...(saved.brand ? { brand: saved.brand } : {}),
    ...(saved.last4 ? { last4: saved.last4 } : {}),
  };
  const current = await settings.settingOf(order.userId);
  const setting: AutoRecharge = current
    ? { ...current, method }
    : { userId: order.userId, threshold: 0, amount: order.amount, method, enabled: false };
  await settings.set(setting);
}

/** What a person is shown of a saved method: its card's brand and last four, never its references. */
export function methodView(method: SavedMethodRef | null): { brand: string | null; last4: string | null } | null {
  return method && { brand: method.brand ?? null, last4: method.last4 ?? null };
}
