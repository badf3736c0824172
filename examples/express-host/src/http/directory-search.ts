import { SERVICE_TYPES } from '@jyotishconnect/billing-engine';
import { z } from 'zod';
import type { ConsultantProfile } from '../host-store/index.js';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type Consultant, consultantSchema, describeConsultant } from './consultant-view.js';

/**
 * How many approved consultants one search reads. The store selects them by
 * status; the rest is filtered here, in memory, because it is not in the
 * profile table: the name is the account's, the live status comes from the
 * transport's presence (shared across processes) and the billing engine's
 * load, the rating from the ratings. Live status and ratings are read for the
 * page's consultants only, unless the online filter or the rating sort needs
 * everyone's. The bound keeps one request from reading an unbounded
 * directory; past it, a store-side search is the next step.
 */
export const DIRECTORY_SCAN_LIMIT = 1_000;

const service = z.enum(SERVICE_TYPES as ['chat', 'voice', 'video']);
const price = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The directory's query: search, filters, sort and page. */
export const directoryQuery = z.object({
  /** Words of the name or bio, ignoring case. */
  q: oneLine.trim().max(100).optional(),
  service: service.optional(),
  speciality: oneLine.trim().max(60).optional(),
  language: oneLine.trim().max(40).optional(),
  /** Paise per minute, of `service` when given, else of the consultant's cheapest service. */
  minPrice: price.optional(),
  maxPrice: price.optional(),
  /** `true`: only consultants who can be requested now (`online` or `away`). */
  online: z.enum(['true', 'false']).optional(),
  sort: z.enum(['rating', 'price', 'experience']).optional(),
  page: z.coerce.number().int().min(1).max(1_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

/** One page of the directory, with how many consultants match in all. */
export const directoryPageSchema = z.object({
  consultants: z.array(consultantSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

type DirectoryQuery = z.infer<typeof directoryQuery>;

/** A filter value matches a list when one entry starts with it, ignoring case ("vedic" finds "Vedic astrology"). */
const matches = (values: readonly string[], wanted: string | undefined) =>
  !wanted || values.some((value) => value.toLowerCase().startsWith(wanted.toLowerCase()));

/** The price a search compares: the asked service's rate, or the cheapest rate offered. */
function priceOf(rates: ConsultantProfile['rates'], asked: DirectoryQuery['service']): number | undefined {
  if (asked) return rates[asked];
  const offered = Object.values(rates).filter((rate): rate is number => rate !== undefined);
  return offered.length ? Math.min(...offered) : undefined;
}

/** The filters that need nothing but the profile: applied before anything else is read. */
function profileMatches(profile: ConsultantProfile, query: DirectoryQuery): boolean {
  const rate = priceOf(profile.rates, query.service);
  if (rate === undefined) return false;
  if (query.minPrice !== undefined && rate < query.minPrice) return false;
  if (query.maxPrice !== undefined && rate > query.maxPrice) return false;
  return matches(profile.specialities, query.speciality) && matches(profile.languages, query.language);
}

/** Orders on what the profile holds, so a page is cut before the live status of anyone is read. */
const PROFILE_ORDER = {
  price: (query: DirectoryQuery) => (a: ConsultantProfile, b: ConsultantProfile) =>
    (priceOf(a.rates, query.service) ?? Number.MAX_SAFE_INTEGER) -
    (priceOf(b.rates, query.service) ?? Number.MAX_SAFE_INTEGER),
  experience: () => (a: ConsultantProfile, b: ConsultantProfile) => b.experienceYears - a.experienceYears,
};

const byRating = (a: Consultant, b: Consultant) => (b.rating ?? 0) - (a.rating ?? 0) || b.reviews - a.reviews;
const requestableNow = (c: Consultant) => c.status === 'online' || c.status === 'away';

/** The approved, unfrozen consultants who pass the profile filters and the words searched, in the store's order. */
async function candidatesFor(services: Services, query: DirectoryQuery): Promise<ConsultantProfile[]> {
  const approved = await services.host.directory.listByStatus('approved', DIRECTORY_SCAN_LIMIT);
  const matching = approved.filter((profile) => profileMatches(profile, query));
  const accounts = await Promise.all(matching.map((profile) => services.host.accounts.byId(profile.consultantId)));
  const words = query.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  return matching.filter((profile, i) => {
    const account = accounts[i];
    if (!account || account.frozen) return false;
    const text = `${account.name} ${profile.bio}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/**
 * Searches the approved consultants; without a sort they keep the store's
 * order (by id). Only the rating sort and the online filter need everyone's
 * live status and ratings; otherwise the page is cut first and only its
 * consultants are described.
 */
export async function searchDirectory(
  services: Services,
  query: DirectoryQuery,
): Promise<z.infer<typeof directoryPageSchema>> {
  const candidates = await candidatesFor(services, query);
  const from = (query.page - 1) * query.pageSize;
  const describe = async (some: readonly ConsultantProfile[]) =>
    (await Promise.all(some.map((profile) => describeConsultant(services, profile)))).filter(
      (c): c is Consultant => c !== null,
    );
  const page = (consultants: Consultant[], total: number) => ({
    consultants,
    total,
    page: query.page,
    pageSize: query.pageSize,
  });
  const ordered =
    query.sort && query.sort !== 'rating' ? [...candidates].sort(PROFILE_ORDER[query.sort](query)) : candidates;
  if (query.online !== 'true' && query.sort !== 'rating') {
    return page(await describe(ordered.slice(from, from + query.pageSize)), ordered.length);
  }
  const everyone = (await describe(ordered)).filter((c) => query.online !== 'true' || requestableNow(c));
  if (query.sort === 'rating') everyone.sort(byRating);
  return page(everyone.slice(from, from + query.pageSize), everyone.length);
}
