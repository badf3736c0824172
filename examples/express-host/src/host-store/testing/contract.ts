import { afterEach, beforeEach, describe } from 'vitest';
import type { HostStore } from '../ports.js';
import { accountCases } from './accounts.js';
import { auditCases } from './audit.js';
import { directoryCases } from './directory.js';
import { notificationPreferenceCases } from './notification-preferences.js';
import { promotionCases } from './promotions.js';
import { ratingCases } from './ratings.js';
import { sessionCases } from './sessions.js';
import { autoRechargeCases } from './settings.js';
import { taxDocumentCases } from './tax-documents.js';

/** A fresh, empty, migrated host store for one test, and how to dispose of it. */
export type MakeHostStore = () => Promise<{ store: HostStore; close?: () => Promise<void> }>;

/**
 * The host store contract: every port method, duplicates, the uniqueness
 * rules, listing order and the edge cases the REST API relies on. Each case
 * gets a store of its own from `make`.
 *
 * @example
 * ```ts
 * hostStoreContract('memory', async () => ({ store: createMemoryHostStore() }));
 * ```
 */
export function hostStoreContract(name: string, make: MakeHostStore): void {
  describe(`${name}: host store contract`, () => {
    let fixture: Awaited<ReturnType<MakeHostStore>>;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(async () => {
      await fixture.close?.();
    });
    const store = () => fixture.store;

    describe('accounts', () => accountCases(store));
    describe('directory', () => directoryCases(store));
    describe('session index', () => sessionCases(store));
    describe('ratings', () => ratingCases(store));
    describe('auto-recharge settings', () => autoRechargeCases(store));
    describe('audit log', () => auditCases(store));
    describe('tax documents', () => taxDocumentCases(store));
    describe('email preferences', () => notificationPreferenceCases(store));
    describe('promotions', () => promotionCases(store));
  });
}
