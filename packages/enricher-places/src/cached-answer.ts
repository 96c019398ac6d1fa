import type { CacheEntry } from '@provider-data/core';
import { z } from 'zod';

/** The cache namespace of Find Place (Legacy) answers, keyed by the practice's query key. */
export const FIND_PLACE_NAMESPACE = 'places:findplace';
/** The cache namespace of Text Search (New) answers, keyed by the practice's query key. */
export const TEXT_SEARCH_NAMESPACE = 'places:searchtext';
/** The cache namespace of Place Details answers, keyed by place id and fields. */
export const DETAILS_NAMESPACE = 'places:details';

/** A search answer as cached (either API): the status and the candidates, so a changed match rule needs no call. */
export const CachedFindPlace = z.object({
  status: z.enum(['OK', 'ZERO_RESULTS']),
  candidates: z.array(
    z.object({
      placeId: z.string().min(1),
      name: z.string().nullable(),
      formattedAddress: z.string().nullable(),
      location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
      businessStatus: z.string().nullable(),
    }),
  ),
});
export type CachedFindPlace = z.infer<typeof CachedFindPlace>;

/** A Place Details answer as cached. */
export const CachedDetails = z.object({ phone: z.string().nullable(), website: z.string().nullable() });
export type CachedDetails = z.infer<typeof CachedDetails>;

/** An answer and when Google gave it. */
export interface Fetched<T> {
  value: T;
  fetchedAt: Date;
}

/** The entry's value when it is younger than `maxAgeMs` and well-formed; else `null` (fetch again). */
export function freshValue<T>(
  entry: CacheEntry | undefined,
  schema: z.ZodType<T>,
  maxAgeMs: number,
  now: number,
): Fetched<T> | null {
  if (!entry) return null;
  const fetchedAt = entry.fetchedAt instanceof Date ? entry.fetchedAt : new Date(entry.fetchedAt);
  const age = now - fetchedAt.getTime();
  if (!(age <= maxAgeMs)) return null;
  const parsed = schema.safeParse(entry.value);
  return parsed.success ? { value: parsed.data, fetchedAt } : null;
}
