/**
 * Step 2: the cache (`geocode_cache/{key}`, private). Pure: the key of a theatre (a hash of its
 * city, name and cleaned address, so a renamed or moved theatre is looked up again and nothing
 * else is) and what to do with what the cache holds: use its match, ask only the providers not
 * asked yet, or nothing left to ask.
 */
import { createHash } from 'node:crypto';
import type { GeocodeCacheDoc } from '../../shared/store/documents.js';
import type { GeoProviderName } from '../../shared/geo/http.js';
import { cleanAddress } from './query.js';
import type { Theatre } from './select.js';

export const CACHE_COLLECTION = 'geocode_cache';

/** 32 hex digits of SHA-256 over city, name and address (case and spacing ignored). */
export function cacheKey(t: Pick<Theatre, 'city' | 'name' | 'address'>): string {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const material = [norm(t.city), norm(t.name), norm(cleanAddress(t.address))].join('\n');
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

export type CachePlan =
  | { kind: 'cached'; found: NonNullable<GeocodeCacheDoc['found']> }
  | { kind: 'lookup'; providers: GeoProviderName[] }
  | { kind: 'exhausted'; tried: GeoProviderName[]; rejected: string[] };

/** What to do for a theatre given its cache entry and the providers of this run, in order. */
export function planLookup(entry: GeocodeCacheDoc | undefined, providers: readonly GeoProviderName[]): CachePlan {
  if (entry?.found) return { kind: 'cached', found: entry.found };
  const left = providers.filter((p) => !entry?.tried.includes(p));
  if (left.length) return { kind: 'lookup', providers: left };
  return { kind: 'exhausted', tried: entry?.tried ?? [], rejected: entry?.rejected ?? [] };
}
