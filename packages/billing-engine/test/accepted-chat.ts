import { createTestBilling, type TestBilling, type TestBillingOptions } from '../src/testing/index.js';

/** A test engine on a 15 s interval with one chat accepted: Asha (₹1,000) with Guru at ₹12 a minute. */
export async function acceptedChat(options: TestBillingOptions = {}): Promise<{ billing: TestBilling; id: string }> {
  const billing = await createTestBilling({ ...options, config: { intervalSeconds: 15, ...options.config } });
  await billing.addConsultant('consultant:guru', { chat: 1_200 });
  await billing.addUser('user:asha', 100_000);
  const { id } = await billing.engine.request({
    userId: 'user:asha',
    consultantId: 'consultant:guru',
    service: 'chat',
  });
  await billing.engine.accept(id, 'consultant:guru');
  return { billing, id };
}
