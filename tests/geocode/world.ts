/**
 * Set-up shared by the geocoder's integration tests: the two geocoding simulators over loopback
 * for a TIX.id simulator day, a store on the Firestore emulator, and `theatres/*` seeded the way
 * the schedules scraper writes them (names and addresses cleaned, lat/lng/place_id null).
 */
import { OffsetClock } from '../../shared/clock.js';
import { loadConfig } from '../../shared/config.js';
import type { Store } from '../../shared/store/store.js';
import type { TheatreDoc } from '../../shared/store/documents.js';
import { Limiter } from '../../shared/http/limiter.js';
import { cleanAddress, cleanName } from '../../scrapers/schedules/build.js';
import { runGeocode, type GeocodeOptions, type GeocodeResult } from '../../scrapers/geocode/geocode.js';
import type { SimDay } from '../../scripts/tix-sim/index.js';
import { startGeoSimulators, type GeoSimulators } from '../../scripts/geo-sim/index.js';
import { clearProject, emulatorStore, testProject } from '../helpers/firestore.js';
import { NOW, quietLog } from '../schedules/harness.js';

export interface GeoWorld {
  project: string;
  store: Store;
  geo: GeoSimulators;
  clock: OffsetClock;
  /** Run the geocoder against the simulators; `env` overrides the geocoding variables. */
  geocode(opts?: GeocodeOptions, env?: Record<string, string | undefined>): Promise<GeocodeResult>;
  close(): Promise<void>;
}

/** `theatres/{id}` of every theatre of the day, as the schedules scraper first writes them. */
export async function seedTheatres(
  store: Store,
  day: Pick<SimDay, 'theatres' | 'cities'>,
  now = '2026-01-18T23:00:00.000Z',
): Promise<TheatreDoc[]> {
  const cityName = new Map(day.cities.map((c) => [c.id, c.name]));
  const docs: TheatreDoc[] = day.theatres.map((t) => ({
    theatre_id: t.id,
    name: cleanName(t.name),
    merchant: t.merchant,
    city: cityName.get(t.cityId)!,
    address: cleanAddress(t.address) || null,
    lat: null,
    lng: null,
    place_id: null,
    room_types: ['2D'],
    last_seen: now,
    created_at: now,
    updated_at: now,
  }));
  const report = await store.writeMany(docs.map((d) => ({ path: `theatres/${d.theatre_id}`, data: d })));
  if (report.failed.length) throw new Error(`seeding failed: ${report.failed[0]!.error}`);
  return docs;
}

export async function geoWorld(name: string, day: Pick<SimDay, 'theatres' | 'cities'>): Promise<GeoWorld> {
  const project = testProject(name);
  const store = emulatorStore(project);
  const geo = await startGeoSimulators({ day });
  const clock = new OffsetClock(NOW);
  const log = quietLog();
  return {
    project,
    store,
    geo,
    clock,
    geocode(opts = {}, env = {}) {
      const config = loadConfig({ CINERADAR_STORE: 'file', ...geo.env, ...env }, false);
      return runGeocode(
        {
          config,
          store,
          clock,
          log,
          // Google faster than in production (the national test has 494 theatres); Nominatim's default.
          limiters: { google: new Limiter({ rps: 200, concurrency: 8 }) },
          retry: { baseDelayMs: 5, maxDelayMs: 50 },
        },
        opts,
      );
    },
    async close() {
      await geo.close();
      await clearProject(project).catch(() => undefined);
      await store.close();
    },
  };
}
