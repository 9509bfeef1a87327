/**
 * The Google Places API (New) Text Search simulator: `POST /v1/places:searchText`.
 *
 * Follows the real service where the project depends on it:
 *  - the key in `X-Goog-Api-Key`; missing or wrong: 403 PERMISSION_DENIED;
 *  - `X-Goog-FieldMask` required (400 INVALID_ARGUMENT without it), and the answer holds only the
 *    fields it names (`*` for all);
 *  - body `{"textQuery": …}` (400 INVALID_ARGUMENT when missing or not JSON);
 *  - `{"places": [...]}`, and NO `places` key at all when nothing matches (`{}`);
 *  - 429 RESOURCE_EXHAUSTED (fault), with or without `Retry-After`; 500 INTERNAL (fault);
 *  - errors as `{"error": {"code", "message", "status"}}`.
 * A query "<name> cinema <City> Indonesia" finds the theatre of that name in that city; the
 * wrong-city fault answers with its namesake far away instead.
 */
import type { GeoPlace } from './places.js';
import { titleCity, words } from './places.js';

export interface GoogleFaults {
  /** Theatre ids answered with a namesake in another city. */
  wrongCity: Set<string>;
  /** Theatre ids Google does not know (answer `{}`). */
  missing: Set<string>;
  /** The next `times` requests get 429 RESOURCE_EXHAUSTED; with `retryAfterSeconds`, a Retry-After header. */
  rateLimited: { times: number; retryAfterSeconds?: number };
  /** The next `times` requests get 500 INTERNAL (0: none). */
  serverErrors: number;
}

export interface SimAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

const googleError = (code: number, status: string, message: string): SimAnswer => ({
  status: code,
  body: { error: { code, message, status } },
});

export class GooglePlacesSim {
  private readonly byNameCity = new Map<string, GeoPlace>();

  constructor(
    places: readonly GeoPlace[],
    private readonly apiKey: string,
    readonly faults: GoogleFaults,
  ) {
    for (const p of places) {
      const key = `${words(p.name)}|${words(p.city)}`;
      if (!this.byNameCity.has(key)) this.byNameCity.set(key, p);
    }
  }

  answer(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): SimAnswer {
    if (path !== '/v1/places:searchText' || method !== 'POST')
      return googleError(404, 'NOT_FOUND', `Method not found: ${method} ${path}`);
    const key = headers['x-goog-api-key'];
    if (typeof key !== 'string' || key !== this.apiKey) {
      return googleError(403, 'PERMISSION_DENIED', 'API key not valid. Please pass a valid API key.');
    }
    if (this.faults.serverErrors > 0) {
      this.faults.serverErrors--;
      return googleError(500, 'INTERNAL', 'Internal error encountered.');
    }
    if (this.faults.rateLimited.times > 0) {
      this.faults.rateLimited.times--;
      const answer = googleError(
        429,
        'RESOURCE_EXHAUSTED',
        "Quota exceeded for quota metric 'Text Search requests' and limit 'Text Search requests per minute'.",
      );
      const ra = this.faults.rateLimited.retryAfterSeconds;
      return ra === undefined ? answer : { ...answer, headers: { 'retry-after': String(ra) } };
    }
    const mask = headers['x-goog-fieldmask'];
    if (typeof mask !== 'string' || mask.trim() === '') {
      return googleError(
        400,
        'INVALID_ARGUMENT',
        'FieldMask is a required parameter. See https://cloud.google.com/apis/docs/system-parameters on how to provide it.',
      );
    }
    let textQuery: unknown;
    try {
      textQuery = (JSON.parse(body) as { textQuery?: unknown }).textQuery;
    } catch {
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    if (typeof textQuery !== 'string' || textQuery.trim() === '') {
      return googleError(400, 'INVALID_ARGUMENT', 'Empty text_query.');
    }
    const place = this.find(textQuery);
    if (!place || this.faults.missing.has(place.theatreId)) return { status: 200, body: {} };
    return { status: 200, body: { places: [masked(this.render(place), mask)] } };
  }

  /** "<name> cinema <City> Indonesia" → the place of that name in that city. */
  private find(textQuery: string): GeoPlace | undefined {
    const m = /^(.*) cinema (.*?) indonesia$/.exec(words(textQuery));
    if (!m) return undefined;
    return this.byNameCity.get(`${m[1]!.trim()}|${m[2]!.trim()}`);
  }

  private render(p: GeoPlace): Record<string, unknown> {
    const wrong = this.faults.wrongCity.has(p.theatreId);
    const city = wrong ? p.namesake.city : p.city;
    const at = wrong ? p.namesake.at : p.google;
    return {
      id: wrong ? p.namesake.googleId : p.googleId,
      displayName: { text: titleCity(p.name), languageCode: 'id' },
      formattedAddress: wrong
        ? `${titleCity(p.name)}, ${titleCity(city)}, Indonesia`
        : `${p.address}, ${titleCity(city)}, Indonesia`,
      location: { latitude: at.lat, longitude: at.lng },
      types: ['movie_theater', 'point_of_interest', 'establishment'],
    };
  }
}

/** Only the fields the mask names (`places.id,places.location`), or all for `*`. */
function masked(place: Record<string, unknown>, mask: string): Record<string, unknown> {
  const fields = mask.split(',').map((f) => f.trim());
  if (fields.includes('*') || fields.includes('places.*')) return place;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const name = f.replace(/^places\./, '').split('.')[0]!;
    if (name in place) out[name] = place[name];
  }
  return out;
}
