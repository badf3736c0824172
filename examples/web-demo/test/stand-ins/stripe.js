// A stand-in for Stripe.js, served by the browser tests in place of https://js.stripe.com/v3, which cannot be
// reached from the test machine. It tests the web demo's integration with Stripe.js's documented API, not
// Stripe.js itself: it implements exactly what the page calls, with the documented shapes —
//   Stripe(publishableKey) → { elements({ clientSecret }), confirmPayment({ elements, redirect, confirmParams }) }
//   elements.create('payment') → { mount(target), destroy() }
// confirmPayment resolves { paymentIntent } or { error }, as with redirect: 'if_required'. Like Stripe.js it
// confirms the PaymentIntent with a request to api.stripe.com (the test answers it, having paid the intent at
// the local fake Stripe), and the Payment Element is a frame from js.stripe.com: both pass the page's CSP.
(() => {
  const FRAME = 'https://js.stripe.com/v3/stand-in-payment-element.html';
  /** The client secret of each Elements group. */
  const secrets = new WeakMap();

  globalThis.Stripe = (publishableKey) => ({
    elements({ clientSecret }) {
      const elements = {
        create(type) {
          if (type !== 'payment') throw new Error(`the Stripe.js stand-in has no ${type} element`);
          let frame = null;
          return {
            mount(target) {
              frame = document.createElement('iframe');
              frame.src = FRAME;
              frame.title = 'Secure payment input frame';
              frame.style.cssText = 'width:100%;height:150px;border:0;display:block';
              target.append(frame);
            },
            destroy() {
              frame?.remove();
            },
          };
        },
      };
      secrets.set(elements, clientSecret);
      return elements;
    },
    async confirmPayment({ elements, redirect, confirmParams }) {
      const clientSecret = secrets.get(elements);
      if (!clientSecret) throw new Error('confirmPayment needs the elements made by this Stripe instance');
      const intentId = clientSecret.split('_secret_')[0];
      const body = new URLSearchParams({
        key: publishableKey,
        client_secret: clientSecret,
        return_url: confirmParams?.return_url ?? '',
        redirect: redirect ?? 'always',
      });
      const answer = await fetch(`https://api.stripe.com/v1/payment_intents/${intentId}/confirm`, {
        method: 'POST',
        body,
      });
      const json = await answer.json();
      return answer.ok ? { paymentIntent: json } : { error: json.error };
    },
  });
})();
