/**
 * Google Places API (New), Text Search: `POST {GOOGLE_PLACES_BASE}/v1/places:searchText` with the
 * key in `X-Goog-Api-Key` and a field mask asking for the four fields we use (the mask decides the
 * billing SKU; location and formattedAddress make it "Text Search Pro", see docs/operations.md). The answer is `{"places": [...]}`, or `{}` when nothing matched; errors are
 * `{"error": {"code", "message", "status"}}`. A 403 (PERMISSION_DENIED) means the key is refused:
 * `GeoRefusedError`, naming GOOGLE_MAPS_API_KEY, so the run stops instead of failing 494 times.
 */
import { z } from 'zod';
import { Limiter } from '../http/limiter.js';
import type { EndpointStats } from '../http/stats.js';
import type { Logger } from '../log.js';
import { createGeoHttp, GeoError, GeoRefusedError, parseAnswer, type GeoHttp, type GeoHttpOptions } from './http.js';

export const PLACES_FIELD_MASK = 'places.id,places.displayName,places.formattedAddress,places.location';
export const SEARCH_TEXT_PATH = '/v1/places:searchText';

/** Politeness towards Google: well under the default Text Search quota (600 requests a minute). */
export const GOOGLE_RPS = 5;
export const GOOGLE_CONCURRENCY = 4;

export const Place = z.object({
  id: z.string().min(1),
  displayName: z.object({ text: z.string() }).optional(),
  formattedAddress: z.string().optional(),
  location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
});
export type Place = z.infer<typeof Place>;

export const SearchTextResponse = z.object({ places: z.array(Place).optional() });

const GoogleErrorBody = z.object({
  error: z.object({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() }),
});

export interface PlacesClientOptions extends Omit<GeoHttpOptions, 'provider' | 'limiter'> {
  base: string;
  apiKey: string;
  /** Default: a limiter of its own at GOOGLE_RPS / GOOGLE_CONCURRENCY. */
  limiter?: Limiter;
  log: Logger;
}

export interface PlacesClient {
  /** The places Google finds for a text query, best first; [] when none. */
  searchText(textQuery: string): Promise<Place[]>;
  stats(): EndpointStats;
  close(): void;
}

function errorOf(body: Buffer): { code: string | undefined; message: string | undefined } {
  try {
    const parsed = GoogleErrorBody.safeParse(JSON.parse(body.toString('utf8')));
    if (parsed.success) return { code: parsed.data.error.status, message: parsed.data.error.message };
  } catch {
    // not JSON
  }
  return { code: undefined, message: undefined };
}

export function createPlacesClient(opts: PlacesClientOptions): PlacesClient {
  const limiter = opts.limiter ?? new Limiter({ rps: GOOGLE_RPS, concurrency: GOOGLE_CONCURRENCY });
  const http: GeoHttp = createGeoHttp({ ...opts, provider: 'google', limiter });
  const url = `${opts.base.replace(/\/+$/, '')}${SEARCH_TEXT_PATH}`;

  return {
    async searchText(textQuery) {
      const describe = `POST ${SEARCH_TEXT_PATH} ${JSON.stringify(textQuery)}`;
      const res = await http.send({
        method: 'POST',
        url,
        describe,
        headers: {
          'content-type': 'application/json',
          'x-goog-api-key': opts.apiKey,
          'x-goog-fieldmask': PLACES_FIELD_MASK,
        },
        body: JSON.stringify({ textQuery }),
      });
      if (res.status < 200 || res.status >= 300) {
        const { code, message } = errorOf(res.body);
        const text = `HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
        if (res.status === 403 || (res.status === 400 && /api key/i.test(message ?? ''))) {
          throw new GeoRefusedError(
            'google',
            describe,
            res.status,
            code,
            `the key in GOOGLE_MAPS_API_KEY was refused (${text}); check the key, that "Places API (New)" is enabled for its project and that billing is on`,
          );
        }
        throw new GeoError('google', describe, res.status, code, text);
      }
      return parseAnswer('google', describe, res, SearchTextResponse).places ?? [];
    },
    stats: () => http.stats(),
    close: () => http.close(),
  };
}
