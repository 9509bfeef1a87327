/**
 * Step 3 and 4: ask the providers, in order, and keep the first match that lies in the theatre's
 * city. A match farther than the city's radius from its centre is a namesake elsewhere: refused,
 * kept as a line for the run and the cache, and the next provider is asked. A provider that errs
 * (after its retries) is not counted as asked, so a later run asks it again; a refused key or
 * agent (`GeoRefusedError`) is thrown: no later request could succeed.
 */
import { GeoRefusedError, type GeoProviderName } from '../../shared/geo/http.js';
import { nearCity } from '../../shared/geo/centres.js';
import type { PlacesClient } from '../../shared/geo/google.js';
import type { NominatimClient } from '../../shared/geo/nominatim.js';
import { googleTextQuery, nominatimQuery } from './query.js';
import type { Theatre } from './select.js';

export interface Providers {
  google?: PlacesClient;
  osm?: NominatimClient;
}

export interface Match {
  source: GeoProviderName;
  lat: number;
  lng: number;
  /** Google's place id; null for Nominatim (its ids are not Google place ids). */
  place_id: string | null;
  /** What the provider called it (name, address). */
  label: string;
}

export interface LookupResult {
  found: Match | undefined;
  /** Providers that answered (found, nothing, or a refused match). */
  tried: GeoProviderName[];
  /** One line per refused match: provider, what it found, how far. */
  rejected: string[];
  /** Providers that failed with an error, and why. */
  errors: { provider: GeoProviderName; error: unknown }[];
}

/** One provider's best match for a theatre, or undefined when it found nothing. */
export async function askProvider(
  provider: GeoProviderName,
  t: Theatre,
  providers: Providers,
): Promise<Match | undefined> {
  if (provider === 'google') {
    const places = await providers.google!.searchText(googleTextQuery(t));
    const p = places[0];
    if (!p) return undefined;
    const label = [p.displayName?.text, p.formattedAddress].filter(Boolean).join(', ');
    return { source: 'google', lat: p.location.latitude, lng: p.location.longitude, place_id: p.id, label };
  }
  const r = await providers.osm!.search(nominatimQuery(t));
  if (!r) return undefined;
  return { source: 'osm', lat: r.lat, lng: r.lon, place_id: null, label: r.display_name ?? '' };
}

export type Judgement = { ok: true } | { ok: false; reason: string };

/** Is the match in the theatre's city? */
export function judgeMatch(t: Pick<Theatre, 'city'>, m: Match): Judgement {
  const near = nearCity(t.city, m);
  if (near.ok) return { ok: true };
  return {
    ok: false,
    reason: `${m.source}: "${m.label.slice(0, 120)}" at ${m.lat.toFixed(4)},${m.lng.toFixed(4)} is ${near.reason}`,
  };
}

export async function lookupTheatre(
  t: Theatre,
  order: readonly GeoProviderName[],
  providers: Providers,
): Promise<LookupResult> {
  const out: LookupResult = { found: undefined, tried: [], rejected: [], errors: [] };
  for (const provider of order) {
    let match: Match | undefined;
    try {
      match = await askProvider(provider, t, providers);
    } catch (err) {
      if (err instanceof GeoRefusedError) throw err;
      out.errors.push({ provider, error: err });
      continue;
    }
    out.tried.push(provider);
    if (!match) continue;
    const verdict = judgeMatch(t, match);
    if (verdict.ok) {
      out.found = match;
      return out;
    }
    out.rejected.push(verdict.reason);
  }
  return out;
}
