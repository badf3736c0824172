import { createHash } from 'node:crypto';
import { z } from 'zod';
import { invalidInput, PaymentError } from '../../errors.js';
import { RAZORPAY_API_URL } from './options.js';
import { postRazorpayX, type RazorpayXApi, type RazorpayXRefusal } from './x-request.js';

// A consultant's payout destination as RazorpayX pays it: a contact (who the
// consultant is) and a fund account under it (a bank account or a UPI VPA).
// The fund account id (`fa_…`) is all a payout needs; the full account number
// goes to RazorpayX once and is kept nowhere here: only its last four, in the label.

/** Where a consultant wants to be paid: an Indian bank account, or a UPI address. */
export type PayoutDestination =
  | {
      readonly type: 'bank_account';
      /** The account holder's name as the bank knows it. */
      readonly name: string;
      /** The branch's IFSC, such as `HDFC0000053`. */
      readonly ifsc: string;
      /** 9 to 18 digits. */
      readonly accountNumber: string;
    }
  | {
      readonly type: 'vpa';
      /** A UPI address such as `asha@okicici`. */
      readonly address: string;
    };

/** What {@link RazorpayXFundAccounts.create} makes for a consultant. */
export interface FundAccountRequest {
  /** Our id of the consultant: the contact's `reference_id`. */
  readonly consultantId: string;
  /** The contact's name. */
  readonly name: string;
  readonly email?: string;
  readonly destination: PayoutDestination;
}

/** The fund account RazorpayX made, and what its owner may be shown of it. */
export interface CreatedFundAccount {
  /** The fund account (`fa_…`) payouts are sent to. */
  readonly fundAccountId: string;
  /** The contact (`cont_…`) it belongs to. */
  readonly contactId: string;
  /** `HDFC0000053 ••••6789` for a bank account, the address for a VPA: never a full account number. */
  readonly label: string;
}

const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const ACCOUNT_NUMBER = /^[0-9]{9,18}$/;
const HOLDER_NAME = /^[A-Za-z][A-Za-z .'-]{2,119}$/;
const VPA = /^[A-Za-z0-9][A-Za-z0-9._-]{1,255}@[A-Za-z][A-Za-z0-9]{1,63}$/;
/** RazorpayX's longest `reference_id`. */
const MAX_REFERENCE_LENGTH = 40;

/** Checks a destination's formats; throws `INVALID_INPUT` naming the field (`bankAccount.ifsc`, `vpa`, …), never echoing the value. */
export function checkDestination(destination: PayoutDestination): PayoutDestination {
  if (destination?.type === 'vpa') {
    const address = String(destination.address ?? '').trim();
    if (!VPA.test(address)) throw invalidInput('vpa', 'must be a UPI address such as name@bank');
    return { type: 'vpa', address: address.toLowerCase() };
  }
  if (destination?.type !== 'bank_account')
    throw invalidInput('destination', 'must be a bank account or a UPI address');
  const name = String(destination.name ?? '').trim();
  const ifsc = String(destination.ifsc ?? '')
    .trim()
    .toUpperCase();
  const accountNumber = String(destination.accountNumber ?? '').replace(/[\s-]/g, '');
  if (!HOLDER_NAME.test(name))
    throw invalidInput('bankAccount.name', 'must be the account holder’s name, 3 to 120 letters');
  if (!IFSC.test(ifsc))
    throw invalidInput('bankAccount.ifsc', 'must be an IFSC: 4 letters, a zero, then 6 letters or digits');
  if (!ACCOUNT_NUMBER.test(accountNumber)) throw invalidInput('bankAccount.accountNumber', 'must be 9 to 18 digits');
  return { type: 'bank_account', name, ifsc, accountNumber };
}

/** The contact's `reference_id`: the consultant's id, or its SHA-256 (40 hex digits) when longer than RazorpayX takes. */
export function contactReference(consultantId: string): string {
  return consultantId.length <= MAX_REFERENCE_LENGTH
    ? consultantId
    : createHash('sha256').update(consultantId).digest('hex').slice(0, MAX_REFERENCE_LENGTH);
}

/** What the consultant is shown of a destination: never more than the last four digits of an account number. */
export function destinationLabel(destination: PayoutDestination): string {
  return destination.type === 'vpa'
    ? destination.address
    : `${destination.ifsc} ••••${destination.accountNumber.slice(-4)}`;
}

const contactAnswer = z.object({ id: z.string().regex(/^cont_/) });
const fundAccountAnswer = z.object({ id: z.string().regex(/^fa_/) });
const optionsSchema = z.object({
  keyId: z.string().min(1),
  keySecret: z.string().min(1),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default(RAZORPAY_API_URL)
    .transform((url) => url.replace(/\/+$/, '')),
});

/** Options of {@link createRazorpayXFundAccounts}: RazorpayX's keys, and another API host for tests. */
export type RazorpayXFundAccountOptions = z.input<typeof optionsSchema>;

/** A field RazorpayX refused, as the caller named it. */
const REFUSED_FIELDS: Readonly<Record<string, string>> = {
  ifsc: 'bankAccount.ifsc',
  'bank_account.ifsc': 'bankAccount.ifsc',
  account_number: 'bankAccount.accountNumber',
  'bank_account.account_number': 'bankAccount.accountNumber',
  name: 'bankAccount.name',
  'bank_account.name': 'bankAccount.name',
  address: 'vpa',
  'vpa.address': 'vpa',
};

/** A 400 about a field of the destination is the consultant's input, not a fault: `INVALID_INPUT` naming it. */
function refusedField(refusal: RazorpayXRefusal): PaymentError | undefined {
  const field = refusal.field === undefined ? undefined : REFUSED_FIELDS[refusal.field];
  if (refusal.status !== 400 || field === undefined) return undefined;
  return new PaymentError('INVALID_INPUT', `${field} was refused by RazorpayX`, { details: { field } });
}

/** RazorpayX contacts and fund accounts: where consultants' payouts go. */
export class RazorpayXFundAccounts {
  readonly #api: RazorpayXApi;

  constructor(options: RazorpayXFundAccountOptions) {
    const parsed = optionsSchema.safeParse(options ?? {});
    if (!parsed.success)
      throw invalidInput(String(parsed.error.issues[0]?.path[0] ?? 'options'), 'is missing or invalid');
    this.#api = parsed.data;
  }

  /**
   * Creates the consultant's contact and a fund account for the destination.
   * RazorpayX answers a contact or fund account with the same details as an
   * existing one with that one, so a retry makes no duplicate.
   */
  async create(request: FundAccountRequest): Promise<CreatedFundAccount> {
    const destination = checkDestination(request.destination);
    const contactBody = {
      name: request.name,
      ...(request.email ? { email: request.email } : {}),
      type: 'vendor',
      reference_id: contactReference(request.consultantId),
      notes: { consultantId: request.consultantId },
    };
    const contact = await this.#post('/v1/contacts', contactBody, 'create a contact', contactAnswer);
    const account =
      destination.type === 'vpa'
        ? { account_type: 'vpa', vpa: { address: destination.address } }
        : {
            account_type: 'bank_account',
            bank_account: { name: destination.name, ifsc: destination.ifsc, account_number: destination.accountNumber },
          };
    const body = { contact_id: contact.id, ...account };
    const fundAccount = await this.#post('/v1/fund_accounts', body, 'create a fund account', fundAccountAnswer);
    return { fundAccountId: fundAccount.id, contactId: contact.id, label: destinationLabel(destination) };
  }

  async #post<S extends z.ZodType>(path: string, body: Record<string, unknown>, operation: string, schema: S) {
    const answer = await postRazorpayX(this.#api, path, body, { operation, onRefusal: refusedField });
    const parsed = schema.safeParse(answer);
    if (parsed.success) return parsed.data as z.output<S>;
    throw new PaymentError('PROVIDER_ERROR', `razorpayx failed to ${operation}: unexpected answer`, {
      details: { provider: 'razorpayx', operation },
    });
  }
}

/**
 * Creates the RazorpayX contacts and fund accounts client; throws `INVALID_INPUT` naming a bad option.
 * @example
 * const accounts = createRazorpayXFundAccounts({ keyId, keySecret });
 * const { fundAccountId, label } = await accounts.create({
 *   consultantId, name: 'Guru Dev',
 *   destination: { type: 'bank_account', name: 'Guru Dev', ifsc: 'HDFC0000053', accountNumber: '50100012345678' },
 * });
 */
export function createRazorpayXFundAccounts(options: RazorpayXFundAccountOptions): RazorpayXFundAccounts {
  return new RazorpayXFundAccounts(options);
}
