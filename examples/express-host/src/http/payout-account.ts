import type { PayoutDestination } from '@jyotishconnect/payments/razorpay';
import { z } from 'zod';
import { HostError } from '../errors.js';
import { fundAccountsOf } from '../payout-accounts.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';

/** A RazorpayX fund account id. */
const fundAccountId = z
  .string()
  .max(64)
  .regex(/^fa_[A-Za-z0-9]{14,}$/, 'must be a RazorpayX fund account id (fa_…)');

// Shapes only: the formats (IFSC, account number, VPA) are the payments package's rules, typed INVALID_INPUT naming the field.
const bankAccount = z.object({
  name: z.string().min(1).max(120),
  ifsc: z.string().min(1).max(20),
  accountNumber: z.string().min(1).max(40),
});

/** A fund account id (or `null` to remove it), a bank account, or a UPI address. */
const payoutAccountBody = z.union([
  z.object({ payoutAccount: fundAccountId.nullable() }).strict(),
  z.object({ bankAccount }).strict(),
  z.object({ vpa: z.string().min(1).max(300) }).strict(),
]);

const payoutAccountAnswer = z.object({ payoutAccount: z.string().nullable(), label: z.string().nullable() });

/** The destination a body names, when it gives bank details or a UPI address. */
function destinationOf(body: z.infer<typeof payoutAccountBody>): PayoutDestination | null {
  if ('bankAccount' in body) return { type: 'bank_account', ...body.bankAccount };
  if ('vpa' in body) return { type: 'vpa', address: body.vpa };
  return null;
}

/** `PUT /api/consultants/me/payout-account`: where my payouts go. */
export function payoutAccountRoutes(api: ApiRouter, services: Services): void {
  const fundAccounts = fundAccountsOf(services.config);

  api.put(
    '/consultants/me/payout-account',
    {
      summary:
        'Set where my payouts go: my bank account ({ bankAccount: { name, ifsc, accountNumber } }) or UPI address ({ vpa }), made a RazorpayX contact and fund account by the host; or a RazorpayX fund account id ({ payoutAccount: "fa_…" }), or none ({ payoutAccount: null }). A malformed IFSC, account number or UPI address is 400 INVALID_INPUT naming the field; bank details on a host that does not pay through RazorpayX are 409 PAYOUT_ACCOUNT_UNSUPPORTED. The full account number goes to RazorpayX only: the host keeps its last four digits, in the label `GET /api/earnings` shows',
      tag: 'earnings',
      access: ['consultant'],
      body: payoutAccountBody,
      response: payoutAccountAnswer,
    },
    async (ctx) => {
      const consultant = caller(ctx);
      const destination = destinationOf(ctx.body);
      let account: string | null;
      let label: string | undefined;
      if (destination) {
        if (!fundAccounts) {
          throw new HostError(
            'PAYOUT_ACCOUNT_UNSUPPORTED',
            'this host pays consultants by hand, not through RazorpayX: the operator takes bank details directly',
          );
        }
        const created = await fundAccounts.create({
          consultantId: consultant.id,
          name: consultant.name,
          email: consultant.email,
          destination,
        });
        account = created.fundAccountId;
        label = created.label;
      } else {
        account = 'payoutAccount' in ctx.body ? ctx.body.payoutAccount : null;
      }
      const profile = await services.host.directory.setPayoutAccount(consultant.id, account, label);
      if (!profile) throw new HostError('CONSULTANT_NOT_FOUND', 'no directory entry for this account');
      return { payoutAccount: profile.payoutAccount ?? null, label: profile.payoutAccountLabel ?? null };
    },
  );
}
