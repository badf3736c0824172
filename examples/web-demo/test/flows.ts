// Multi-step flows the browser suites share: a consultation from sign-in to its summary, and the
// admin's refund dialog. Each step waits on what the page shows, never on time.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { apiFrom, goAvailable, type Login, requestConsultation, signIn, waitForTicks } from './browser.js';
import type { World } from './world.js';

/** Signs the consultant (the world's first unless told) in and switches them available, then signs the user in. */
export async function signInBoth(
  world: World,
  user: Page,
  consultant: Page,
  consultantLogin: Login = world.consultant,
): Promise<void> {
  await signIn(consultant, world.url, consultantLogin);
  await goAvailable(consultant);
  await signIn(user, world.url, world.user);
}

/** The user requests `service`, the consultant accepts, and the user's page shows the live session. */
export async function startConsultation(
  user: Page,
  consultant: Page,
  consultantId: string,
  service: 'chat' | 'voice' | 'video' = 'chat',
): Promise<void> {
  await requestConsultation(user, consultantId, service);
  await consultant.getByTestId('request').getByTestId('accept').click();
  await user.getByTestId('session').waitFor();
}

/** The user ends the live consultation and waits for its summary. */
export async function endConsultation(user: Page): Promise<void> {
  await user.getByTestId('end-session').click();
  await user.getByTestId('summary').waitFor();
}

/** A consultation the user's REST API lists once it has ended. */
export interface EndedSession {
  readonly id: string;
  readonly summary: { readonly userCharged: number };
}

/** Both sign in, a chat runs for `ticks` billed intervals and the user ends it; its session as the user's API lists it. */
export async function endedChat(world: World, user: Page, consultant: Page, ticks: number): Promise<EndedSession> {
  await signInBoth(world, user, consultant);
  await startConsultation(user, consultant, world.consultant.id);
  await waitForTicks(user, ticks);
  await endConsultation(user);
  const [session] = await apiFrom<EndedSession[]>(user, '/api/consultations');
  if (!session) throw new Error('the consultation is not listed');
  return session;
}

/** Signs the admin in and waits for the session's row in the admin's sessions table. */
export async function adminSessionRow(admin: Page, url: string, login: Login, sessionId: string): Promise<Locator> {
  await signIn(admin, url, login);
  const row = admin.locator(`[data-testid="admin-session"][data-session="${sessionId}"]`);
  await row.waitFor();
  return row;
}

/**
 * In the open refund dialog: enters `amount` (rupees as typed), submits, expects the confirmation
 * `question`, runs `beforeConfirm` (e.g. screenshots), confirms, and waits for the dialog to close.
 */
export async function confirmPartRefund(
  dialog: Locator,
  amount: string,
  question: RegExp,
  beforeConfirm: () => Promise<void> = async () => {},
): Promise<void> {
  await dialog.getByTestId('refund-amount').fill(amount);
  await dialog.getByTestId('refund-submit').click();
  expect(await dialog.getByTestId('refund-question').textContent()).toMatch(question);
  await beforeConfirm();
  await dialog.getByTestId('refund-submit').click();
  await dialog.waitFor({ state: 'detached' });
}

/** Credits the consultant's earnings wallet with `amount` paise, as finished consultations would have. */
export async function creditEarnings(world: World, amount: number): Promise<void> {
  await world.host.services.wallet.topUp({
    id: 'test:earnings',
    to: world.consultant.id,
    amount,
    metadata: { fixture: 'earnings' },
  });
}
