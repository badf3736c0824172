import { type Answer, type Entity, fakeId, invalidRequest, NOW } from './fake-razorpay-shared.js';

// RazorpayX contacts and fund accounts of the fake Razorpay: POST /v1/contacts
// and POST /v1/fund_accounts in their documented shapes. As RazorpayX
// documents, the same details again answer the existing entity, not a new one.

const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const CONTACT_TYPES = new Set(['vendor', 'customer', 'employee', 'self']);
/** Banks of the IFSC prefixes the fake knows, as RazorpayX names them in `bank_account.bank_name`; another IFSC does not exist. */
const BANKS: Readonly<Record<string, string>> = { HDFC: 'HDFC Bank', ICIC: 'ICICI Bank', SBIN: 'State Bank of India' };

/** The fake's RazorpayX contacts and fund accounts; reached through {@link FakeRazorpay.accounts}. */
export class FakeRazorpayXAccounts {
  /** Contacts by id (`cont_…`). */
  readonly contacts = new Map<string, Entity>();
  /** Fund accounts by id (`fa_…`), full account numbers included, as RazorpayX keeps them. */
  readonly fundAccounts = new Map<string, Entity>();

  /** Answers POST /v1/contacts. */
  createContact(body: Record<string, unknown>): Answer {
    const { name, email = null, contact = null, type = null, reference_id = null, notes = [] } = body;
    if (typeof name !== 'string' || name.trim().length < 3)
      return invalidRequest('name', 'The name field is required.');
    if (type !== null && !CONTACT_TYPES.has(String(type))) return invalidRequest('type', 'Invalid type');
    if (reference_id !== null && String(reference_id).length > 40) {
      return invalidRequest('reference_id', 'The reference id may not be greater than 40 characters.');
    }
    const same = [...this.contacts.values()].find(
      (c) => c.name === name && c.email === email && c.contact === contact && c.reference_id === reference_id,
    );
    if (same) return [200, same];
    const entity: Entity = {
      id: fakeId('cont'),
      entity: 'contact',
      name,
      contact,
      email,
      type,
      reference_id,
      batch_id: null,
      active: true,
      notes,
      created_at: NOW,
    };
    this.contacts.set(entity.id, entity);
    return [200, entity];
  }

  /** Answers POST /v1/fund_accounts for a bank account or a VPA. */
  createFundAccount(body: Record<string, unknown>): Answer {
    const { contact_id: contactId, account_type: accountType } = body;
    if (typeof contactId !== 'string' || !this.contacts.has(contactId)) {
      return invalidRequest('contact_id', 'The id provided does not exist');
    }
    const details = accountType === 'bank_account' ? bankAccount(body.bank_account) : vpa(body.vpa);
    if (!Array.isArray(details)) {
      if (accountType !== 'bank_account' && accountType !== 'vpa') {
        return invalidRequest('account_type', 'The selected account type is invalid.');
      }
      const same = [...this.fundAccounts.values()].find(
        (f) => f.contact_id === contactId && JSON.stringify(f[String(accountType)]) === JSON.stringify(details),
      );
      if (same) return [200, same];
      const entity: Entity = {
        id: fakeId('fa'),
        entity: 'fund_account',
        contact_id: contactId,
        account_type: accountType,
        [String(accountType)]: details,
        batch_id: null,
        active: true,
        created_at: NOW,
      };
      this.fundAccounts.set(entity.id, entity);
      return [200, entity];
    }
    return details;
  }
}

/** A bank account as RazorpayX answers it, or the refusal of a bad one. */
function bankAccount(value: unknown): Record<string, unknown> | Answer {
  const { name, ifsc, account_number: accountNumber } = (value ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name.length < 3) return invalidRequest('name', 'The name field is required.');
  const bankName = typeof ifsc === 'string' && IFSC.test(ifsc) ? BANKS[ifsc.slice(0, 4)] : undefined;
  if (typeof ifsc !== 'string' || !bankName) return invalidRequest('ifsc', 'Invalid IFSC Code in Bank Account');
  if (typeof accountNumber !== 'string' || !/^[A-Za-z0-9]{5,35}$/.test(accountNumber)) {
    return invalidRequest('account_number', 'The account number format is invalid.');
  }
  return { ifsc, bank_name: bankName, name, notes: [], account_number: accountNumber };
}

/** A VPA as RazorpayX answers it, or the refusal of a bad one. */
function vpa(value: unknown): Record<string, unknown> | Answer {
  const address = (value as { address?: unknown } | undefined)?.address;
  const match = typeof address === 'string' ? /^([^@\s]+)@([A-Za-z0-9]+)$/.exec(address) : null;
  if (!match) return invalidRequest('address', 'Invalid VPA');
  return { username: match[1], handle: match[2], address };
}
