import { invalidInput, policyRejected } from './errors.js';
import type { MessagePolicy, PolicyDecision, PolicyInput } from './policy.js';

/**
 * Runs the host's policy on a validated text and returns the text to store.
 * A rejection, or a redaction that leaves nothing to send, is `POLICY_REJECTED`.
 */
export async function screenText(policy: MessagePolicy, input: PolicyInput, hasAttachment: boolean): Promise<string> {
  let decision: PolicyDecision | Promise<PolicyDecision> = policy(input);
  if (decision instanceof Promise) decision = await decision;
  if (decision.action === 'allow') return input.text;
  if (decision.action === 'reject') throw policyRejected(decision.reason);
  if (decision.action !== 'redact' || typeof decision.text !== 'string') {
    throw invalidInput('policy', 'returned an unknown decision');
  }
  const text = decision.text.trim();
  if (text.length === 0 && !hasAttachment) throw policyRejected(decision.reason);
  return text;
}
