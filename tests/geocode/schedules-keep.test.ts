/**
 * The schedules scraper and the geocoder share `theatres/*`: schedules run after the geocoder
 * leaves the coordinates, place ids and geocoding fields in place, and a theatre it writes for the
 * first time is picked up by the next geocode run (and only that one is looked up).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { scrapeSchedules } from '../../scrapers/schedules/scrape.js';
import { runGeocode } from '../../scrapers/geocode/geocode.js';
import { loadConfig } from '../../shared/config.js';
import { Limiter } from '../../shared/http/limiter.js';
import { startGeoSimulators, type GeoSimulators } from '../../scripts/geo-sim/index.js';
import { emulatorHost, readRestDocument } from '../helpers/firestore.js';
import { restField, simulatorWorlds, type World } from '../schedules/harness.js';

const files = simulatorWorlds('tiny');

describe('geocode, then schedules', () => {
  let geo: GeoSimulators;
  let w: World;
  beforeAll(async () => {
    geo = await startGeoSimulators({ day: files.sim.data });
  });
  afterAll(async () => geo?.close());

  const geocode = () =>
    runGeocode({
      config: loadConfig({ CINERADAR_STORE: 'file', ...geo.env }, false),
      store: w.store,
      clock: w.clock,
      log: w.log,
      limiters: { google: new Limiter({ rps: 100, concurrency: 4 }) },
    });

  it('keeps lat/lng/place_id on the next schedules upsert; a new theatre is geocoded by the next run', async () => {
    w = files.newWorld('geo-keep');
    await scrapeMovies(w);
    expect((await scrapeSchedules(w)).summary.status).toBe('success');
    const ids = (await w.store.list('theatres')).map((d) => d.id);
    expect(ids.length).toBe(files.sim.data.theatres.length);

    const first = await geocode();
    expect(first.geocoded).toBe(ids.length);
    const geocoded = new Map((await w.store.list('theatres')).map((d) => [d.id, d.data]));

    // One theatre disappears from the store: the next schedules run writes it as new.
    const newcomer = ids[ids.length - 1]!;
    await w.store.delete(`theatres/${newcomer}`);
    expect((await scrapeSchedules(w)).summary.status).toBe('success');

    for (const id of ids) {
      const doc = (await w.store.get(`theatres/${id}`))!;
      if (id === newcomer) {
        expect(doc.lat).toBeNull();
        continue;
      }
      const before = geocoded.get(id)!;
      expect(doc.last_seen).not.toBe(before.last_seen); // the upsert did happen
      for (const k of ['lat', 'lng', 'place_id', 'geo_source', 'geocoded_at'])
        expect(doc[k], `${id}.${k}`).toEqual(before[k]);
      const fields = await readRestDocument(emulatorHost(), w.project, `theatres/${id}`);
      restField(fields, 'lat', 'doubleValue');
      restField(fields, 'lng', 'doubleValue');
      restField(fields, 'place_id', 'stringValue');
    }

    geo.requests.length = 0;
    const second = await geocode();
    expect(second.selected).toBe(1);
    // same name and address as before: the cache answers, no request is made
    expect(second.fromCache).toBe(1);
    expect(geo.requests).toEqual([]);
    const back = (await w.store.get(`theatres/${newcomer}`))!;
    expect(back.lat).toEqual(geocoded.get(newcomer)!.lat);
    expect(back.place_id).toEqual(geocoded.get(newcomer)!.place_id);
  }, 60_000);
});
