/**
 * Step 5: what is written (pure). Onto `theatres/{id}` only the geocoder's own fields, merged:
 * `lat`, `lng` as Doubles (the admin's map needs numbers; a Double is a doubleValue even when
 * whole), `place_id` (Google's, or null for a Nominatim match so the admin's link and the pin
 * agree), `geo_source` and `geocoded_at`. Nothing else of the theatre is touched. And the cache
 * entry of the theatre's name and address.
 */
import { Double, type GeocodeCacheDoc } from '../../shared/store/documents.js';
import type { DocData } from '../../shared/store/store.js';
import type { GeoProviderName } from '../../shared/geo/http.js';
import { cleanAddress } from './query.js';
import type { Match } from './lookup.js';
import type { Theatre } from './select.js';

export function theatrePatch(m: Pick<Match, 'source' | 'lat' | 'lng' | 'place_id'>, now: string): DocData {
  return {
    lat: new Double(m.lat),
    lng: new Double(m.lng),
    place_id: m.place_id,
    geo_source: m.source,
    geocoded_at: now,
  };
}

/** True when the theatre already holds exactly this match (nothing to write). */
export function alreadyHolds(t: Theatre, m: Pick<Match, 'lat' | 'lng' | 'place_id'>): boolean {
  return t.lat === m.lat && t.lng === m.lng && t.placeId === m.place_id;
}

/** The cache entry after a lookup: earlier answers kept, this run's added. */
export function cacheEntry(
  t: Theatre,
  previous: GeocodeCacheDoc | undefined,
  result: { found: Match | undefined; tried: readonly GeoProviderName[]; rejected: readonly string[] },
  now: string,
): GeocodeCacheDoc {
  const tried = [...new Set([...(previous?.tried ?? []), ...result.tried])];
  return {
    name: t.name,
    address: cleanAddress(t.address) || null,
    city: t.city,
    tried,
    found: result.found
      ? {
          source: result.found.source,
          lat: result.found.lat,
          lng: result.found.lng,
          place_id: result.found.place_id,
          label: result.found.label,
        }
      : null,
    rejected: [...(previous?.rejected ?? []), ...result.rejected].slice(-10),
    looked_up_at: now,
  };
}
