// A stand-in for Razorpay Checkout.js, served by the browser tests in place of
// https://checkout.razorpay.com/v1/checkout.js, which cannot be reached from the test machine. It tests the web
// demo's integration with Checkout.js's documented API, not Checkout.js itself: it implements exactly what the
// page calls —
//   new Razorpay({ key, order_id, amount, currency, name, description, handler, modal: { ondismiss },
//                  customer_id, recurring })   (the last two when a top-up saves its card)
//   .on('payment.failed', callback), .open()
// Like Checkout.js, open() shows the payment window as a frame from api.razorpay.com (so it passes the page's
// CSP); the test answers that frame, having made the payment at the local fake Razorpay, whose key secret
// signs it in the test process. The frame posts back the outcome: handler({ razorpay_order_id,
// razorpay_payment_id, razorpay_signature }) for a payment; the payment.failed callbacks with { error } for a
// decline, after which the customer closes the window (ondismiss), as they may in Checkout.
(() => {
  const ORIGIN = 'https://api.razorpay.com';

  class Razorpay {
    #options;
    #onFailed = [];

    constructor(options) {
      this.#options = options;
    }

    on(event, callback) {
      if (event === 'payment.failed') this.#onFailed.push(callback);
    }

    open() {
      const { key, order_id, amount, currency, name, handler, modal, customer_id, recurring } = this.#options;
      const overlay = document.createElement('div');
      overlay.dataset.standIn = 'razorpay-checkout';
      overlay.style.cssText =
        'position:fixed;inset:0;background:rgb(0 0 0 / 60%);display:grid;place-items:center;z-index:10';
      const frame = document.createElement('iframe');
      const query = new URLSearchParams({ key_id: key, order_id, amount: String(amount), currency, name });
      // A recurring authorisation names its customer, as Checkout.js sends it.
      if (customer_id) query.set('customer_id', customer_id);
      if (recurring) query.set('recurring', String(recurring));
      frame.src = `${ORIGIN}/v1/checkout/stand-in?${query}`;
      frame.title = 'Razorpay Checkout';
      frame.style.cssText = 'width:min(360px,90vw);height:420px;border:0;border-radius:8px;background:#fff';
      overlay.append(frame);
      document.body.append(overlay);
      const close = () => {
        removeEventListener('message', onMessage);
        overlay.remove();
      };
      const onMessage = (event) => {
        if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
        const { outcome, response } = event.data;
        close();
        if (outcome === 'paid') return handler(response);
        if (outcome === 'failed') for (const callback of this.#onFailed) callback(response);
        modal?.ondismiss?.();
      };
      addEventListener('message', onMessage);
    }
  }

  globalThis.Razorpay = Razorpay;
})();
