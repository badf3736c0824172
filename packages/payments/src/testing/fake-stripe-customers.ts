// Customers and saved PaymentMethods of the fake Stripe API: POST /v1/customers,
// GET /v1/payment_methods/:id, and the card a PaymentIntent confirmed with
// `setup_future_usage` leaves attached to its customer, as Stripe documents it.
import { type FakeAnswer, fakeId, stripeError } from './fake-stripe-answers.js';

type Json = Record<string, unknown>;

/** What a person may see of a test card: its network and last four digits. */
export interface FakeCard {
  readonly brand: string;
  readonly last4: string;
}

/** The cards behind Stripe's test PaymentMethods (docs.stripe.com/testing). */
const testCards: Readonly<Record<string, FakeCard>> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995' },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184' },
};

/** The fake's customers and the PaymentMethods attached to them. */
export class FakeStripeCustomers {
  readonly #customers = new Map<string, Json>();
  readonly #attached = new Map<string, Set<string>>();
  /** A PaymentMethod Stripe made from a test one (`pm_…` → `pm_card_visa`): it behaves as that test method. */
  readonly #clones = new Map<string, string>();

  /** `POST /v1/customers`. */
  create(form: Readonly<Record<string, string>>): FakeAnswer {
    const metadata = Object.fromEntries(
      Object.entries(form)
        .filter(([key]) => key.startsWith('metadata['))
        .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
    );
    const customer: Json = {
      id: fakeId('cus'),
      object: 'customer',
      email: form.email ?? null,
      name: form.name ?? null,
      phone: form.phone ?? null,
      metadata,
      invoice_settings: { default_payment_method: null },
      livemode: false,
      created: Math.floor(Date.now() / 1000),
    };
    this.#customers.set(String(customer.id), customer);
    this.#attached.set(String(customer.id), new Set());
    return { status: 200, body: customer };
  }

  /** Whether the fake holds this customer. */
  has(customerRef: string): boolean {
    return this.#customers.has(customerRef);
  }

  /** Whether `methodRef` is attached to `customerRef`. */
  owns(customerRef: string, methodRef: string): boolean {
    return this.#attached.get(customerRef)?.has(methodRef) ?? false;
  }

  /** Attaches `methodRef` itself (a test method such as `pm_card_visa`) to a new customer, as a SetupIntent leaves it. */
  saveTestMethod(methodRef: string): { customerRef: string; methodRef: string } {
    const customerRef = String(this.create({}).body.id);
    this.#attached.get(customerRef)?.add(methodRef);
    return { customerRef, methodRef };
  }

  /** The new PaymentMethod a confirmation with `testMethod` makes, attached to `customerRef` when given. */
  cloneTestMethod(testMethod: string, customerRef: string | null): string {
    const methodRef = fakeId('pm');
    this.#clones.set(methodRef, testMethod);
    if (customerRef !== null) this.#attached.get(customerRef)?.add(methodRef);
    return methodRef;
  }

  /** The test method a PaymentMethod behaves as: itself, or the one it was made from. */
  testMethodOf(methodRef: string): string {
    return this.#clones.get(methodRef) ?? methodRef;
  }

  /** `GET /v1/payment_methods/:id`: a card PaymentMethod with its brand and last four digits. */
  retrieve(methodRef: string): FakeAnswer {
    const card = testCards[this.testMethodOf(methodRef)];
    if (!card) {
      return stripeError(404, 'invalid_request_error', `No such PaymentMethod: '${methodRef}'`, 'resource_missing');
    }
    const customer = [...this.#attached].find(([, methods]) => methods.has(methodRef))?.[0] ?? null;
    const body: Json = {
      id: methodRef,
      object: 'payment_method',
      type: 'card',
      customer,
      card: { ...card, exp_month: 12, exp_year: 2034, funding: 'credit', country: 'US' },
      livemode: false,
      created: Math.floor(Date.now() / 1000),
    };
    return { status: 200, body };
  }
}
