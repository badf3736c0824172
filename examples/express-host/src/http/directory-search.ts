import { SERVICE_TYPES } from '@jyotishconnect/billing-engine';
import { z } from 'zod';
import type { ConsultantProfile } from '../host-store/index.js';
import type { Services } from '../services.js';
import { oneLine } from '../validation.js';
import { type Consultant, consultantSchema, describeConsultant } from './consultant-view.js';

/**
 * How many approved consultants one search reads. The store selects them by
 * status; the rest is filtered here, in memory, because it is not in the
 * profile table: the live status comes from the transport's presence (shared
 * across processes) and the billing engine's load, the rating from the
 * ratings, the name from the accounts. The bound keeps one request from
 * reading an unbounded directory; past it, a store-side search is the next step.
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

const ORDER: Record<
  NonNullable<DirectoryQuery['sort']>,
  (query: DirectoryQuery) => (a: Consultant, b: Consultant) => number
> = {
  rating: () => (a, b) => (b.rating ?? 0) - (a.rating ?? 0) || b.reviews - a.reviews,
  price: (query) => (a, b) =>
    (priceOf(a.rates, query.service) ?? Number.MAX_SAFE_INTEGER) -
    (priceOf(b.rates, query.service) ?? Number.MAX_SAFE_INTEGER),
  experience: () => (a, b) => b.experienceYears - a.experienceYears,
};

/** Searches the approved consultants; without a sort they keep the store's order (by id). */
export async function searchDirectory(
  services: Services,
  query: DirectoryQuery,
): Promise<z.infer<typeof directoryPageSchema>> {
  const approved = await services.host.directory.listByStatus('approved', DIRECTORY_SCAN_LIMIT);
  const candidates = approved.filter((profile) => profileMatches(profile, query));
  const described = await Promise.all(candidates.map((profile) => describeConsultant(services, profile)));
  const words = query.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  const found = described.filter(
    (c): c is Consultant =>
      c !== null &&
      words.every((word) => `${c.name} ${c.bio}`.toLowerCase().includes(word)) &&
      (query.online !== 'true' || c.status === 'online' || c.status === 'away'),
  );
  if (query.sort) found.sort(ORDER[query.sort](query));
  const from = (query.page - 1) * query.pageSize;
  return {
    consultants: found.slice(from, from + query.pageSize),
    total: found.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}
