import { inspect } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  checkDestination,
  createRazorpayXFundAccounts,
  createRazorpayXPayoutProvider,
} from '../src/providers/razorpay/index.js';
import { startFakeRazorpay } from '../src/testing/razorpay.js';
import { errorOf } from './rejections.js';

const keyId = 'rzp_test_1DP5mmOlF5G5ag';
const keySecret = 'thisisthekeysecret_0123456789';
const GURU = 'consultant:guru';
const ACCOUNT_NUMBER = '50100012345678';
const bank = { type: 'bank_account', name: 'Guru Dev', ifsc: 'HDFC0000053', accountNumber: ACCOUNT_NUMBER } as const;

async function accountsWorld() {
  const { fake, baseUrl } = await startFakeRazorpay(keyId, keySecret, 'webhook_secret_0123456789');
  onTestFinished(() => fake.close());
  return { fake, baseUrl, accounts: createRazorpayXFundAccounts({ keyId, keySecret, baseUrl }) };
}

describe('RazorpayX contacts and fund accounts', () => {
  it('creates the contact, then a bank-account fund account under it; the label shows only the last four digits', async () => {
    const { fake, accounts } = await accountsWorld();
    const created = await accounts.create({ consultantId: GURU, name: 'Guru Dev', destination: bank });
    expect(created).toEqual({
      fundAccountId: expect.stringMatching(/^fa_/),
      contactId: expect.stringMatching(/^cont_/),
      label: 'HDFC0000053 ••••5678',
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/contacts', 'POST /v1/fund_accounts']);
    expect(fake.requests[0]?.body).toEqual({
      name: 'Guru Dev',
      type: 'vendor',
      reference_id: GURU,
      notes: { consultantId: GURU },
    });
    expect(fake.requests[1]?.body).toEqual({
      contact_id: created.contactId,
      account_type: 'bank_account',
      bank_account: { name: 'Guru Dev', ifsc: 'HDFC0000053', account_number: ACCOUNT_NUMBER },
    });
    expect(fake.accounts.fundAccounts.get(created.fundAccountId)).toMatchObject({
      bank_account: { bank_name: 'HDFC Bank', account_number: ACCOUNT_NUMBER },
    });
    expect(JSON.stringify(created)).not.toContain(ACCOUNT_NUMBER);
  });

  it('creates a VPA fund account; a retry with the same details answers the same contact and fund account', async () => {
    const { fake, accounts } = await accountsWorld();
    const vpa = { type: 'vpa', address: 'Guru.Dev@okicici' } as const;
    const first = await accounts.create({ consultantId: GURU, name: 'Guru Dev', destination: vpa });
    const again = await accounts.create({ consultantId: GURU, name: 'Guru Dev', destination: vpa });
    expect(again).toEqual(first);
    expect(first.label).toBe('guru.dev@okicici');
    expect(fake.accounts.contacts.size).toBe(1);
    expect(fake.accounts.fundAccounts.size).toBe(1);
    expect(fake.requests[1]?.body).toEqual({
      contact_id: first.contactId,
      account_type: 'vpa',
      vpa: { address: 'guru.dev@okicici' },
    });
  });

  it('the fund account it made is what a payout is sent to', async () => {
    const { fake, baseUrl, accounts } = await accountsWorld();
    const { fundAccountId } = await accounts.create({ consultantId: GURU, name: 'Guru Dev', destination: bank });
    const provider = createRazorpayXPayoutProvider({
      keyId,
      keySecret,
      webhookSecret: 'webhook_secret_0123456789',
      accountNumber: '7878780080316316',
      baseUrl,
      fundAccountOf: async () => fundAccountId,
    });
    await provider.createPayout({ payoutId: 'payout-1', consultantId: GURU, amount: 20_000, currency: 'INR' });
    expect([...fake.payouts.entities.values()]).toEqual([expect.objectContaining({ fund_account_id: fundAccountId })]);
  });

  it.each([
    [{ ...bank, ifsc: 'HDFC1000053' }, 'bankAccount.ifsc'],
    [{ ...bank, ifsc: 'HDF0000053' }, 'bankAccount.ifsc'],
    [{ ...bank, accountNumber: '1234' }, 'bankAccount.accountNumber'],
    [{ ...bank, accountNumber: '12345678901234567890' }, 'bankAccount.accountNumber'],
    [{ ...bank, name: 'G' }, 'bankAccount.name'],
    [{ type: 'vpa', address: 'no-handle' }, 'vpa'],
    [{ type: 'vpa', address: 'two@@signs' }, 'vpa'],
  ] as const)(
    'refuses a malformed destination, naming the field, before RazorpayX is asked (%o)',
    async (destination, field) => {
      const { fake, accounts } = await accountsWorld();
      const error = await errorOf(accounts.create({ consultantId: GURU, name: 'Guru Dev', destination }));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field } });
      expect(inspect(error)).not.toContain(ACCOUNT_NUMBER);
      expect(fake.requests).toEqual([]);
    },
  );

  it('takes an IFSC in lower case and an account number with spaces, as people type them', () => {
    expect(checkDestination({ ...bank, ifsc: 'hdfc0000053', accountNumber: '5010 0012 3456 78' })).toEqual(bank);
  });

  it('a field RazorpayX itself refuses is INVALID_INPUT naming it; an outage is PROVIDER_ERROR without the secret', async () => {
    const { fake, accounts } = await accountsWorld();
    // A well-formed IFSC of no branch: RazorpayX refuses the fund account, naming the field.
    const unknown = await errorOf(
      accounts.create({ consultantId: GURU, name: 'Guru Dev', destination: { ...bank, ifsc: 'ABCD0000001' } }),
    );
    expect(unknown).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'bankAccount.ifsc' } });
    expect(fake.accounts.fundAccounts.size).toBe(0);
    fake.failNext(500, false, '/v1/contacts');
    const outage = await errorOf(accounts.create({ consultantId: GURU, name: 'Guru Dev', destination: bank }));
    expect(outage.code).toBe('PROVIDER_ERROR');
    expect(inspect(outage, { depth: 5 })).not.toContain(keySecret);
    expect(inspect(outage, { depth: 5 })).not.toContain(ACCOUNT_NUMBER);
    const refused = await errorOf(
      createRazorpayXFundAccounts({ keyId, keySecret, baseUrl: 'http://127.0.0.1:9' }).create({
        consultantId: GURU,
        name: 'Guru Dev',
        destination: bank,
      }),
    );
    expect(refused.code).toBe('PROVIDER_ERROR');
  });
});
