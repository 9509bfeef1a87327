/**
 * Simulators of the two geocoding services, over real HTTP on 127.0.0.1, for tests and the demo:
 * Google Places (New) Text Search (google.ts) and OpenStreetMap Nominatim (nominatim.ts), both
 * knowing a place for every theatre of a TIX.id simulator day (places.ts).
 *
 *   const geo = await startGeoSimulators({ day: sim.data });
 *   geo.env                 // GOOGLE_PLACES_BASE, NOMINATIM_BASE, GOOGLE_MAPS_API_KEY for the config
 *   geo.google.faults.wrongCity.add(theatreId); geo.google.faults.rateLimited = { times: 2, retryAfterSeconds: 1 }
 *   geo.requests            // every request: provider, arrival time (ms, monotonic), status, query
 *   geo.nominatim.violations // requests that came within a second of the previous one
 *   await geo.close()
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimDay } from '../tix-sim/index.js';
import { GooglePlacesSim, type SimAnswer } from './google.js';
import { NominatimSim } from './nominatim.js';
import { buildPlaces, type GeoPlace } from './places.js';

/** The key the Google simulator accepts: made up, shaped like a real one ("AIza" + 35). Not a secret. */
export const SIM_GOOGLE_KEY = 'AIzaSyCineRadarGeoSimulatorKey00000000';

export interface GeoRequestRecord {
  provider: 'google' | 'osm';
  /** Arrival, `performance.now()` milliseconds. */
  at: number;
  status: number;
  /** The text query (Google) or `q` (Nominatim). */
  query: string;
  userAgent: string | undefined;
}

export interface GeoSimulatorOptions {
  day: Pick<SimDay, 'theatres' | 'cities'>;
  host?: string;
  apiKey?: string;
}

export interface GeoSimulators {
  placesBase: string;
  nominatimBase: string;
  apiKey: string;
  /** The environment that points the geocoder at these simulators. */
  env: { GOOGLE_PLACES_BASE: string; NOMINATIM_BASE: string; GOOGLE_MAPS_API_KEY: string };
  places: GeoPlace[];
  google: GooglePlacesSim;
  nominatim: NominatimSim;
  requests: GeoRequestRecord[];
  /** Forget recorded requests and clear every fault. */
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, a: SimAnswer): void {
  const isText = typeof a.body === 'string';
  res.writeHead(a.status, {
    'content-type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    ...a.headers,
  });
  res.end(isText ? (a.body as string) : JSON.stringify(a.body));
}

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

export async function startGeoSimulators(opts: GeoSimulatorOptions): Promise<GeoSimulators> {
  const host = opts.host ?? '127.0.0.1';
  const apiKey = opts.apiKey ?? SIM_GOOGLE_KEY;
  const places = buildPlaces(opts.day);
  const google = new GooglePlacesSim(places, apiKey, {
    wrongCity: new Set(),
    missing: new Set(),
    rateLimited: { times: 0 },
    serverErrors: 0,
  });
  const nominatim = new NominatimSim(places, { wrongCity: new Set(), missing: new Set() });
  const requests: GeoRequestRecord[] = [];

  const googleServer = createServer((req, res) => {
    const at = performance.now();
    readBody(req)
      .then((body) => {
        const answer = google.answer(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, req.headers, body);
        let query = '';
        try {
          query = String((JSON.parse(body) as { textQuery?: unknown }).textQuery ?? '');
        } catch {
          // not JSON: recorded with an empty query
        }
        requests.push({ provider: 'google', at, status: answer.status, query, userAgent: req.headers['user-agent'] });
        reply(res, answer);
      })
      .catch(() => res.destroy());
  });
  const nominatimServer = createServer((req, res) => {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://nominatim.local');
    const answer = nominatim.answer(req.method ?? 'GET', url, req.headers);
    requests.push({
      provider: 'osm',
      at,
      status: answer.status,
      query: url.searchParams.get('q') ?? '',
      userAgent: req.headers['user-agent'],
    });
    reply(res, answer);
  });
  const placesBase = await listen(googleServer, host);
  const nominatimBase = await listen(nominatimServer, host);

  const close = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    placesBase,
    nominatimBase,
    apiKey,
    env: { GOOGLE_PLACES_BASE: placesBase, NOMINATIM_BASE: nominatimBase, GOOGLE_MAPS_API_KEY: apiKey },
    places,
    google,
    nominatim,
    requests,
    reset() {
      requests.length = 0;
      nominatim.violations = 0;
      google.faults.wrongCity.clear();
      google.faults.missing.clear();
      google.faults.rateLimited = { times: 0 };
      google.faults.serverErrors = 0;
      nominatim.faults.wrongCity.clear();
      nominatim.faults.missing.clear();
    },
    async close() {
      await Promise.all([close(googleServer), close(nominatimServer)]);
    },
  };
}
