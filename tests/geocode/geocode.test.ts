/**
 * The geocoder against the Google Places and Nominatim simulators and the Firestore emulator:
 * every theatre of the national day gets coordinates (doubleValue over REST, place_id a
 * stringValue), a second run asks nothing, a wrong-city match is refused and recorded, a bad key
 * stops the run with a message naming GOOGLE_MAPS_API_KEY, 429s are retried, Nominatim is asked
 * at most once a second.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDay, type SimDay } from '../../scripts/tix-sim/data.js';
import { cityCentre, distanceKm, MAX_CITY_DISTANCE_KM } from '../../shared/geo/centres.js';
import { GeocodeCacheDoc } from '../../shared/store/documents.js';
import { cacheKey } from '../../scrapers/geocode/cache.js';
import { theatreOf } from '../../scrapers/geocode/select.js';
import { emulatorHost, readRestDocument } from '../helpers/firestore.js';
import { DATE, restField, tagOf } from '../schedules/harness.js';
import { geoWorld, seedTheatres, type GeoWorld } from './world.js';

const national: SimDay = generateDay({ preset: 'national', date: DATE, seed: 7 });
const tiny: SimDay = generateDay({ preset: 'tiny', date: DATE, seed: 7 });

describe('geocode over the national day (Google)', () => {
  let w: GeoWorld;
  beforeAll(async () => {
    w = await geoWorld('geo-national', national);
    await seedTheatres(w.store, national);
  }, 60_000);
  afterAll(async () => w?.close());

  it('geocodes every theatre: lat/lng doubleValue in its city, place_id stringValue, other fields untouched', async () => {
    expect(national.theatres).toHaveLength(494);
    const before = new Map((await w.store.list('theatres')).map((d) => [d.id, d.data]));
    const r = await w.geocode();
    expect(r.summary.status).toBe('success');
    expect(r.selected).toBe(494);
    expect(r.geocoded).toBe(494);
    expect(r.failed + r.rejected + r.notFound).toBe(0);
    expect(w.geo.requests.filter((q) => q.provider === 'google')).toHaveLength(494);
    expect(w.geo.requests.filter((q) => q.provider === 'osm')).toHaveLength(0);

    const place = new Map(w.geo.places.map((p) => [p.theatreId, p]));
    const after = new Map((await w.store.list('theatres')).map((d) => [d.id, d.data]));
    const rest = new Map<string, Awaited<ReturnType<typeof readRestDocument>>>();
    for (let i = 0; i < national.theatres.length; i += 25) {
      const chunk = national.theatres.slice(i, i + 25);
      const read = await Promise.all(chunk.map((t) => readRestDocument(emulatorHost(), w.project, `theatres/${t.id}`)));
      chunk.forEach((t, j) => rest.set(t.id, read[j]));
    }
    for (const t of national.theatres) {
      const fields = rest.get(t.id);
      const lat = (restField(fields, 'lat', 'doubleValue') as { doubleValue: number }).doubleValue;
      const lng = (restField(fields, 'lng', 'doubleValue') as { doubleValue: number }).doubleValue;
      const placeId = (restField(fields, 'place_id', 'stringValue') as { stringValue: string }).stringValue;
      expect({ lat, lng, placeId }).toEqual({
        lat: place.get(t.id)!.google.lat,
        lng: place.get(t.id)!.google.lng,
        placeId: place.get(t.id)!.googleId,
      });
      expect(restField(fields, 'geo_source', 'stringValue')).toEqual({ stringValue: 'google' });
      expect(tagOf(restField(fields, 'geocoded_at', 'stringValue'))).toBe('stringValue');
      const city = (restField(fields, 'city', 'stringValue') as { stringValue: string }).stringValue;
      expect(distanceKm(cityCentre(city)!, { lat, lng })).toBeLessThanOrEqual(MAX_CITY_DISTANCE_KM);
      // the schedules scraper's fields are exactly as they were
      for (const k of ['name', 'merchant', 'city', 'address', 'room_types', 'last_seen', 'created_at', 'updated_at']) {
        expect(after.get(t.id)![k], `${t.id}.${k}`).toEqual(before.get(t.id)![k]);
      }
    }
    // a cache entry per theatre name+address
    const cache = await w.store.list('geocode_cache');
    expect(cache.length).toBe(
      new Set(
        national.theatres.map((t) =>
          cacheKey(theatreOf({ id: t.id, path: '', data: before.get(t.id) as Record<string, unknown> })),
        ),
      ).size,
    );
    for (const c of cache) expect(GeocodeCacheDoc.parse(c.data).found?.source).toBe('google');

    // the run record: a geocode run with its counts and request statistics
    // recorded in the private run log, not among the admin's scraper runs
    expect(r.summary.path).toMatch(/^run_log\/.+_geocode$/);
    expect(await w.store.list('scraper_runs')).toEqual([]);
    const run = (await w.store.get(r.summary.path))!;
    expect(run.run_type).toBe('geocode');
    expect(run.status).toBe('success');
    expect((run.counts as Record<string, number>).geocoded).toBe(494);
    expect((run.requests as { requests: number }).requests).toBe(494);
  }, 120_000);

  it('a second run makes no request (nothing left to do), nor does --all (every answer is cached)', async () => {
    w.geo.requests.length = 0;
    const again = await w.geocode();
    expect(again.selected).toBe(0);
    expect(again.summary.status).toBe('success');
    const all = await w.geocode({ all: true });
    expect(all.selected).toBe(494);
    expect(all.fromCache).toBe(494);
    expect(all.requests).toBe(0);
    expect(w.geo.requests).toEqual([]);
  }, 60_000);
});

describe('geocode on the tiny day', () => {
  let w: GeoWorld;
  const ids = tiny.theatres.map((t) => t.id);
  beforeAll(async () => {
    w = await geoWorld('geo-tiny', tiny);
  });
  afterAll(async () => w?.close());
  const fresh = async () => {
    w.geo.reset();
    for (const d of await w.store.list('theatres')) await w.store.delete(d.path);
    for (const d of await w.store.list('geocode_cache')) await w.store.delete(d.path);
    await seedTheatres(w.store, tiny);
  };

  it('refuses a wrong-city match, records it, writes nothing for that theatre and asks it no more', async () => {
    await fresh();
    const wrong = ids[0]!;
    w.geo.google.faults.wrongCity.add(wrong);
    w.geo.nominatim.faults.wrongCity.add(wrong);
    const r = await w.geocode();
    expect(r.summary.status).toBe('partial');
    expect(r.rejected).toBe(2); // Google's namesake, then Nominatim's
    expect(r.geocoded).toBe(ids.length - 1);
    const doc = (await w.store.get(`theatres/${wrong}`))!;
    expect(doc.lat).toBeNull();
    expect(doc.lng).toBeNull();
    expect(doc.place_id).toBeNull();
    const run = (await w.store.get(r.summary.path))!;
    const errors = run.errors as { scope: string; name: string; reason: string }[];
    expect(errors.filter((e) => e.scope === 'match')).toHaveLength(2);
    for (const e of errors) {
      expect(e.name).toContain(wrong);
      expect(e.reason).toMatch(
        /wrong city, refused: (google|osm): .* is \d+ km from the centre of \w+ \(limit 50 km\)/,
      );
    }
    // the next run does not ask again about the same name and address
    w.geo.requests.length = 0;
    const next = await w.geocode();
    expect(next.selected).toBe(1);
    expect(next.requests).toBe(0);
    expect(next.notFound).toBe(1);
  }, 30_000);

  it('falls back to Nominatim when Google refuses the match or finds nothing (no `places` key)', async () => {
    await fresh();
    const [wrong, missing] = ids;
    w.geo.google.faults.wrongCity.add(wrong!);
    w.geo.google.faults.missing.add(missing!);
    const r = await w.geocode();
    expect(r.summary.status).toBe('partial'); // the refused Google match is recorded
    expect(r.geocoded).toBe(ids.length);
    const place = new Map(w.geo.places.map((p) => [p.theatreId, p]));
    for (const id of [wrong!, missing!]) {
      const fields = await readRestDocument(emulatorHost(), w.project, `theatres/${id}`);
      expect(restField(fields, 'lat', 'doubleValue')).toEqual({ doubleValue: place.get(id)!.osm.lat });
      expect(restField(fields, 'lng', 'doubleValue')).toEqual({ doubleValue: place.get(id)!.osm.lng });
      expect(restField(fields, 'place_id', 'nullValue')).toEqual({ nullValue: null });
      expect(restField(fields, 'geo_source', 'stringValue')).toEqual({ stringValue: 'osm' });
    }
    expect(w.geo.requests.filter((q) => q.provider === 'osm')).toHaveLength(2);
  }, 30_000);

  it('a bad key stops the run at once: failed, the message names GOOGLE_MAPS_API_KEY, nothing written', async () => {
    await fresh();
    const badKey = 'AIzaSyWrongWrongWrongWrongWrongWrong000';
    const r = await w.geocode({}, { GOOGLE_MAPS_API_KEY: badKey });
    expect(r.summary.status).toBe('failed');
    expect(r.summary.exitCode).toBe(1);
    // at most the requests already in flight when the first 403 came back (4 at a time)
    expect(w.geo.requests.length).toBeGreaterThan(0);
    expect(w.geo.requests.length).toBeLessThanOrEqual(4);
    expect(w.geo.requests.every((q) => q.status === 403)).toBe(true);
    const run = (await w.store.get(r.summary.path))!;
    const text = JSON.stringify(run);
    expect(text).toContain('GOOGLE_MAPS_API_KEY');
    expect(text).toMatch(/HTTP 403 PERMISSION_DENIED/);
    expect(text).not.toContain(badKey);
    for (const id of ids) expect((await w.store.get(`theatres/${id}`))!.lat).toBeNull();
    expect(await w.store.list('geocode_cache')).toEqual([]);
  }, 30_000);

  it('npm run geocode with a bad key: exit 1, one clear line naming GOOGLE_MAPS_API_KEY, the key nowhere in the output', async () => {
    await fresh();
    const badKey = 'AIzaSyWrongWrongWrongWrongWrongWrong000';
    const root = join(import.meta.dirname, '..', '..');
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scrapers', 'geocode', 'main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        FIRESTORE_EMULATOR_HOST: emulatorHost(),
        FIREBASE_PROJECT_ID: w.project,
        GOOGLE_PLACES_BASE: w.geo.placesBase,
        NOMINATIM_BASE: w.geo.nominatimBase,
        GOOGLE_MAPS_API_KEY: badKey,
        LOG_FORMAT: 'json',
      },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const refusals = out.split('\n').filter((l) => /GOOGLE_MAPS_API_KEY was refused/.test(l));
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.some((l) => /"level":40/.test(l) && /provider google failed/.test(l))).toBe(true);
    expect(out).not.toContain(badKey);
    expect(w.geo.requests.length).toBeLessThanOrEqual(4);
  }, 60_000);

  it('retries 429 RESOURCE_EXHAUSTED, waiting what Retry-After asks, and without it on its own backoff', async () => {
    await fresh();
    w.geo.google.faults.rateLimited = { times: 1, retryAfterSeconds: 1 };
    const r = await w.geocode({ limit: 1 });
    expect(r.summary.status).toBe('success');
    expect(r.geocoded).toBe(1);
    const [first, second] = w.geo.requests;
    expect(first!.status).toBe(429);
    expect(second!.status).toBe(200);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    const run = (await w.store.get(r.summary.path))!;
    expect((run.requests as { retries: number }).retries).toBe(1);

    w.geo.requests.length = 0;
    w.geo.google.faults.rateLimited = { times: 2 };
    const r2 = await w.geocode({ limit: 1 });
    expect(r2.summary.status).toBe('success');
    expect(w.geo.requests.map((q) => q.status)).toEqual([429, 429, 200]);
  }, 30_000);

  it('a service that keeps failing is given up after a few requests, not retried for every theatre', async () => {
    await fresh();
    w.geo.google.faults.serverErrors = 1_000;
    const r = await w.geocode({ provider: 'google' });
    expect(r.summary.status).toBe('failed');
    expect(r.failed).toBe(ids.length);
    // 8 consecutive failed attempts open the breaker; the ones already in flight still land
    expect(w.geo.requests.length).toBeGreaterThanOrEqual(8);
    expect(w.geo.requests.length).toBeLessThanOrEqual(8 + 4);
    const run = (await w.store.get(r.summary.path))!;
    expect(JSON.stringify(run.errors)).toMatch(
      /not asked: the service kept failing \(8 consecutive failures, the last: 500/,
    );
    w.geo.google.faults.serverErrors = 0;
  }, 30_000);

  it('asks Nominatim at most once a second, with an identifying User-Agent (no key set)', async () => {
    await fresh();
    const r = await w.geocode({ limit: 5 }, { GOOGLE_MAPS_API_KEY: undefined });
    expect(r.summary.status).toBe('success');
    expect(r.geocoded).toBe(5);
    const osm = w.geo.requests.filter((q) => q.provider === 'osm');
    expect(osm).toHaveLength(5);
    expect(w.geo.requests.filter((q) => q.provider === 'google')).toHaveLength(0);
    for (let i = 1; i < osm.length; i++) expect(osm[i]!.at - osm[i - 1]!.at, `gap ${i}`).toBeGreaterThanOrEqual(1000);
    expect(w.geo.nominatim.violations).toBe(0);
    expect(osm.every((q) => q.status === 200 && /^CineRadar-geocoder\//.test(q.userAgent ?? ''))).toBe(true);
    // the query is the cleaned address: no line breaks, no runs of spaces
    for (const q of osm) expect(q.query).not.toMatch(/\r|\n|\s{2,}|\s,/);
  }, 30_000);

  it('--provider google without a key is a configuration error naming GOOGLE_MAPS_API_KEY', async () => {
    await expect(w.geocode({ provider: 'google' }, { GOOGLE_MAPS_API_KEY: undefined })).rejects.toThrow(
      /GOOGLE_MAPS_API_KEY/,
    );
  });
});
