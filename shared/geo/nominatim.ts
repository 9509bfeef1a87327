/**
 * OpenStreetMap Nominatim search: `GET {NOMINATIM_BASE}/search?q=…&format=json&limit=1&countrycodes=id`.
 * No key, but a usage policy (https://operations.osmfoundation.org/policies/nominatim/): at most one
 * request per second, a User-Agent that identifies the application, results cached (the geocoder's
 * geocode_cache). The answer is an array, `[]` when nothing matched, with the coordinates as
 * strings (`"lat": "-6.1944"`). A 403 means our User-Agent or address is blocked:
 * `GeoRefusedError`, the run stops.
 */
import { z } from 'zod';
import { Limiter } from '../http/limiter.js';
import type { EndpointStats } from '../http/stats.js';
import type { Logger } from '../log.js';
import { createGeoHttp, GeoError, GeoRefusedError, parseAnswer, type GeoHttp, type GeoHttpOptions } from './http.js';

/** Identifies the application, as the usage policy asks (a library's default agent is refused). */
export const NOMINATIM_USER_AGENT =
  'CineRadar-geocoder/0.1 (theatre coordinates for the CineRadar dashboard; runs monthly)';

/**
 * One request per 1.1 s: the policy's ceiling is one per second, and our starts are spaced on our
 * clock; the margin keeps network jitter from landing two requests inside one second at theirs.
 */
export const NOMINATIM_INTERVAL_MS = 1100;

const coordinate = (min: number, max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v)))
    .pipe(z.number().min(min).max(max));

export const NominatimResult = z.object({
  lat: coordinate(-90, 90),
  lon: coordinate(-180, 180),
  display_name: z.string().optional(),
  osm_type: z.string().optional(),
  osm_id: z.union([z.number(), z.string()]).optional(),
});
export type NominatimResult = z.infer<typeof NominatimResult>;
export const NominatimResponse = z.array(NominatimResult);

export interface NominatimClientOptions extends Omit<GeoHttpOptions, 'provider' | 'limiter'> {
  base: string;
  /**
   * Default: the process's one Nominatim limiter (one request per NOMINATIM_INTERVAL_MS, one in
   * flight). The usage policy limits the application, not a client object: two clients (or two
   * geocode runs) in one process share the spacing instead of each sending 1/s.
   */
  limiter?: Limiter;
  log: Logger;
}

export interface NominatimClient {
  /** The best match for a free-form query in Indonesia, or undefined. */
  search(q: string): Promise<NominatimResult | undefined>;
  stats(): EndpointStats;
  close(): void;
}

let processWide: Limiter | undefined;

/** The one limiter every Nominatim client of this process uses unless given its own. */
export function nominatimProcessLimiter(): Limiter {
  processWide ??= new Limiter({ rps: 1000 / NOMINATIM_INTERVAL_MS, concurrency: 1 });
  return processWide;
}

export function createNominatimClient(opts: NominatimClientOptions): NominatimClient {
  const limiter = opts.limiter ?? nominatimProcessLimiter();
  if (limiter.rps > 1)
    throw new Error(`Nominatim allows at most 1 request per second; the limiter asks for ${limiter.rps}`);
  const http: GeoHttp = createGeoHttp({ ...opts, provider: 'osm', limiter });
  const base = opts.base.replace(/\/+$/, '');

  return {
    async search(q) {
      const query = new URLSearchParams({ q, format: 'json', limit: '1', countrycodes: 'id' }).toString();
      const describe = `GET /search?${query}`;
      const res = await http.send({
        method: 'GET',
        url: `${base}/search?${query}`,
        describe,
        headers: { 'user-agent': NOMINATIM_USER_AGENT, accept: 'application/json' },
      });
      if (res.status === 403) {
        throw new GeoRefusedError(
          'osm',
          describe,
          403,
          undefined,
          'HTTP 403: Nominatim refuses our requests (User-Agent or address blocked; see its usage policy)',
        );
      }
      if (res.status < 200 || res.status >= 300) {
        throw new GeoError(
          'osm',
          describe,
          res.status,
          undefined,
          `HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 120)}`,
        );
      }
      return parseAnswer('osm', describe, res, NominatimResponse)[0];
    },
    stats: () => http.stats(),
    close: () => http.close(),
  };
}
