import { randomUUID } from 'node:crypto';
import { hashPassword } from './auth.js';
import { EMPTY_PROFILE } from './consultant-profile.js';
import { HostError } from './errors.js';
import type { ConsultantStatus, ProfileEdit, UserRecord, UserRole } from './host-store/index.js';
import type { Services } from './services.js';

/** Input of {@link registerAccount}. */
export interface NewAccountInput {
  name: string;
  email: string;
  password: string;
  role: UserRole;
  /** Fixed id (the demo seed); a fresh `<role>:<uuid>` otherwise. */
  id?: string;
  /** A consultant's profile; what is left out starts empty, offline and, unless given, awaiting approval. */
  profile?: Partial<ProfileEdit> & { online?: boolean; status?: ConsultantStatus };
}

/**
 * Creates an account, its wallet (users and consultants) and a consultant's
 * directory entry. Idempotent for a fixed `id`: an existing account is returned.
 */
export async function registerAccount(services: Services, input: NewAccountInput): Promise<UserRecord> {
  const { host, wallet, clock } = services;
  const id = input.id ?? `${input.role}:${randomUUID()}`;
  const record: UserRecord = {
    id,
    name: input.name,
    email: input.email.toLowerCase(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
    frozen: false,
    createdAt: clock.now(),
  };
  let account = record;
  if ((await host.accounts.insert(record)) === 'duplicate') {
    const existing = await host.accounts.byId(id);
    if (!input.id || !existing)
      throw new HostError('EMAIL_TAKEN', 'an account with this email exists', { field: 'email' });
    account = existing;
  }
  // Both idempotent, so a start that crashed half-way through a registration completes it.
  if (account.role !== 'admin') await wallet.openAccount({ id, type: account.role });
  if (account.role === 'consultant' && !(await host.directory.profileOf(id))) {
    // Nobody takes paid sessions before an admin approves them, unless the operator chose otherwise.
    const status = services.config.consultantApproval === 'automatic' ? 'approved' : 'pending';
    await host.directory.upsert({
      ...EMPTY_PROFILE,
      online: false,
      status,
      ...input.profile,
      consultantId: id,
      statusReason: null,
    });
  }
  return account;
}
