import { createRazorpayXFundAccounts, type RazorpayXFundAccounts } from '@jyotishconnect/payments/razorpay';
import type { HostConfig } from './config.js';

/**
 * RazorpayX's contacts and fund accounts, where a consultant's bank account
 * or UPI address becomes the fund account their payouts go to; `null` when
 * payouts do not go through RazorpayX (an operator pays by hand, or demo mode).
 */
export function fundAccountsOf(config: HostConfig): RazorpayXFundAccounts | null {
  const { razorpayx } = config;
  if (config.payoutProvider !== 'razorpayx' || !razorpayx) return null;
  const { keyId, keySecret, apiUrl } = razorpayx;
  return createRazorpayXFundAccounts({ keyId, keySecret, ...(apiUrl ? { baseUrl: apiUrl } : {}) });
}
