import { beforeEach, describe, expect, it } from 'vitest';
import { createTokens } from '../src/auth.js';
import { DEMO_JWT_SECRET } from '../src/config.js';
import { type Cast, castOf, startTestHost, type TestHost } from './helpers.js';

describe('demo mode only (DEMO=true)', () => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('demo');
    cast = await castOf(t);
    return () => t.close();
  });

  it('the simulated checkout pays an order through the signed-webhook logic', async () => {
    const token = cast.asha.token;
    const order = await t.call('POST', '/api/payments/orders', { token, body: { amount: 5_000 } });
    const paid = await t.call('POST', `/api/payments/orders/${order.body.orderId}/pay`, { token });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', wallet: { balance: 55_000 } });
  });
});

describe('production mode only (DEMO unset)', () => {
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    t = await startTestHost('production');
    cast = await castOf(t);
    return () => t.close();
  });

  it('seeds nothing: the demo accounts do not exist', async () => {
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'admin@demo.local', password: 'demo1234' },
    });
    expect(login.status).toBe(401);
  });

  it('the simulated checkout does not exist: paying an order there is 404 and credits nothing', async () => {
    const token = cast.asha.token;
    const order = await t.call('POST', '/api/payments/orders', { token, body: { amount: 5_000 } });
    const paid = await t.call('POST', `/api/payments/orders/${order.body.orderId}/pay`, { token });
    expect(paid.status).toBe(404);
    expect(paid.body.error.code).toBe('NOT_FOUND');
    expect((await t.call('GET', '/api/wallet', { token })).body.balance).toBe(50_000);
  });

  it('a token signed with the public demo secret is 401, even claiming to be the admin', async () => {
    const forged = await createTokens(DEMO_JWT_SECRET).sign({ id: cast.admin.id, role: 'admin' });
    const audit = await t.call('GET', '/api/admin/audit', { token: forged });
    expect(audit.status).toBe(401);
    expect(audit.body.error.code).toBe('UNAUTHENTICATED');
    expect((await t.call('GET', '/api/admin/audit', { token: cast.admin.token })).status).toBe(200);
  });
});
