/**
 * The movies scraper against the simulator (tiny preset: JAKARTA, MAKASSAR, JAYAPURA) over real
 * HTTP, writing to the Firestore emulator.
 */
import { describe, expect, it } from 'vitest';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { checkDocument, SnapshotDoc } from '../../shared/store/documents.js';
import { cityByName } from '../../shared/tix/cities.js';
import { readRestDocument, emulatorHost } from '../helpers/firestore.js';
import {
  DATE,
  dayDocuments,
  restArray,
  restArrayOf,
  restField,
  restMap,
  runDocs,
  simulatorWorlds,
  tagOf,
} from '../schedules/harness.js';

const files = simulatorWorlds('tiny');
const newWorld = (name: string) => files.newWorld(name);

describe('scrape:movies on the tiny day', () => {
  it('writes every city and movie of the day, with merchants and presale united over cities', async () => {
    const w = newWorld('movies-full');
    const r = await scrapeMovies(w);
    expect(r.summary.status).toBe('success');
    expect(r.latestPublished).toBe(true);

    const latest = SnapshotDoc.parse(await w.store.get('snapshots/latest'));
    const day = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    expect(latest).toEqual(day);
    expect(day.date).toBe(DATE);
    expect(() => checkDocument('snapshots/latest', latest)).not.toThrow();

    // Every city and movie of the simulator's day.
    const data = files.sim.data;
    expect(Object.keys(day.city_stats).sort()).toEqual(data.cities.map((c) => c.name).sort());
    const showing = [...new Set(data.movieCities.map((mc) => mc.movieId))].sort();
    expect(day.movies.map((m) => m.id).sort()).toEqual(showing);
    for (const city of data.cities) {
      expect(day.city_stats[city.name]).toBe(data.movieCities.filter((mc) => mc.cityId === city.id).length);
    }
    for (const m of day.movies) {
      const views = data.movieCities.filter((mc) => mc.movieId === m.id);
      const truth = data.movies.find((x) => x.id === m.id)!;
      expect(typeof m.id).toBe('string');
      expect(m.cities).toEqual(views.map((v) => data.cities.find((c) => c.id === v.cityId)!.name).sort());
      expect(new Set(m.merchants)).toEqual(new Set(views.flatMap((v) => v.merchants)));
      expect(m.is_presale).toBe(views.some((v) => v.presale));
      expect(m.poster).toBe(truth.posterPath);
      expect(m.age_category).toBe(truth.ageCategory);
      expect(m.genres.length).toBeGreaterThan(0);
      expect(m.genres.length).toBeLessThanOrEqual(truth.genres.length);
    }
    // Ordered by cities, descending.
    for (let i = 1; i < day.movies.length; i++)
      expect(day.movies[i - 1]!.cities.length).toBeGreaterThanOrEqual(day.movies[i]!.cities.length);
    expect(day.summary).toEqual({
      total_cities: data.cities.length,
      total_movies: showing.length,
      presale_count: day.movies.filter((m) => m.is_presale).length,
    });

    // The run document.
    const [run] = await runDocs(w.store, 'movies');
    expect(run).toMatchObject({
      status: 'success',
      date: DATE,
      movies: showing.length,
      cities: 3,
      presales: day.summary.presale_count,
      latest_published: true,
    });
  });

  it('stores the contract types the web app reads (REST)', async () => {
    const w = newWorld('movies-rest');
    await scrapeMovies(w);
    const f = await readRestDocument(emulatorHost(), w.project, 'snapshots/latest', { asOwner: false });
    restField(f, 'scraped_at', 'stringValue');
    restField(f, 'date', 'stringValue');
    const summary = restMap(restField(f, 'summary', 'mapValue'));
    for (const k of ['total_cities', 'total_movies', 'presale_count']) restField(summary, k, 'integerValue');
    for (const v of Object.values(restMap(restField(f, 'city_stats', 'mapValue'))))
      expect(tagOf(v)).toBe('integerValue');
    const movies = restArrayOf(f, 'movies', 'mapValue');
    expect(movies.length).toBeGreaterThan(0);
    for (const mv of movies) {
      const m = restMap(mv);
      for (const k of ['id', 'title', 'poster', 'age_category', 'country']) restField(m, k, 'stringValue');
      for (const k of ['genres', 'merchants', 'cities']) {
        for (const x of restArray(restField(m, k, 'arrayValue'))) expect(tagOf(x)).toBe('stringValue');
      }
      restField(m, 'is_presale', 'booleanValue');
      restField(m, 'theatre_counts', 'mapValue');
    }
    const [run] = (await w.store.list('scraper_runs')).map((d) => d.id);
    const rf = await readRestDocument(emulatorHost(), w.project, `scraper_runs/${run}`);
    restField(rf, 'timestamp', 'stringValue');
    for (const k of ['movies', 'cities', 'presales']) restField(rf, k, 'integerValue');
  });

  it('a failed city (1 of 3, over the 10% a partial run may miss) is recorded, the run fails and latest is held back', async () => {
    const w = newWorld('movies-fail');
    const makassar = cityByName('MAKASSAR')!.id;
    files.sim.faults.set({
      successFalse: { endpoints: ['movies'], cityIds: [makassar], code: 'CITY_DOWN', message: 'maintenance' },
    });
    const r = await scrapeMovies(w);
    expect(r.summary.status).toBe('failed');
    expect(r.summary.exitCode).toBe(1);
    expect(r.summary.reason).toBe('1 of 3 cities failed (33%, more than the 10% a partial run may miss)');
    expect(r.latestPublished).toBe(false);
    expect(r.latestReason).toMatch(/1 of 3 cities/);
    expect(await w.store.get('snapshots/latest')).toBeUndefined();
    const day = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    expect(day.failed_cities).toEqual(['MAKASSAR']);
    const [run] = await runDocs(w.store, 'movies');
    expect(run!.failed_cities).toEqual(['MAKASSAR']);
    expect(JSON.stringify(run!.errors)).toContain('CITY_DOWN');
    expect(run!.latest_published).toBe(false);
    expect((run!.notes as string[]).join(' ')).toMatch(/latest held back/);

    // Re-run --city MAKASSAR once it is back: merged into the day, the day is complete, latest published.
    files.sim.faults.clear();
    const again = await scrapeMovies(w, { cities: [cityByName('MAKASSAR')!] });
    expect(again.summary.status).toBe('success');
    expect(again.latestPublished).toBe(true);
    const full = newWorld('movies-fail-full');
    await scrapeMovies(full);
    expect((await dayDocuments(w.store, DATE))[`snapshots/${DATE}`]).toEqual(
      (await dayDocuments(full.store, DATE))[`snapshots/${DATE}`],
    );
  });

  it("--city on a store without the day's other cities: judged on its cities (success, exit 0), latest held back and said plainly", async () => {
    const w = newWorld('movies-city-alone');
    const r = await scrapeMovies(w, { cities: [cityByName('JAKARTA')!, cityByName('MAKASSAR')!] });
    expect(r.summary.status).toBe('success');
    expect(r.summary.exitCode).toBe(0);
    expect(r.failedCities).toEqual([]);
    expect(r.latestPublished).toBe(false);
    expect(r.latestReason).toMatch(
      /^latest held back: this run read only JAKARTA, MAKASSAR \(--city\), and 1 of the 3 cities have no movie list for /,
    );
    expect(await w.store.get('snapshots/latest')).toBeUndefined();
    const day = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    expect(Object.keys(day.city_stats).sort()).toEqual(['JAKARTA', 'MAKASSAR']);
    expect(day.failed_cities).toEqual(['JAYAPURA']);
    const [run] = await runDocs(w.store, 'movies');
    expect(run!.status).toBe('success');
    expect(run!.errors ?? []).toEqual([]);
    expect(run!.missing_cities).toEqual(['JAYAPURA']);
    expect(run!.latest_published).toBe(false);
    expect((run!.notes as string[]).join(' ')).toMatch(/this run read only JAKARTA, MAKASSAR \(--city\)/);

    // Its own city failing is what such a run is judged on: 1 of 1 failed (its earlier list is kept).
    files.sim.faults.set({
      successFalse: {
        endpoints: ['movies'],
        cityIds: [cityByName('JAKARTA')!.id],
        code: 'CITY_DOWN',
        message: 'maintenance',
      },
    });
    const down = await scrapeMovies(w, { cities: [cityByName('JAKARTA')!] });
    expect(down.summary.status).toBe('failed');
    expect(down.summary.exitCode).toBe(1);
    expect(down.summary.reason).toBe('all 1 cities failed');
    expect(down.failedCities).toEqual(['JAKARTA']);
  });

  it('--force publishes latest even when too many cities failed (the run still fails), and says what it published over', async () => {
    const w = newWorld('movies-force-failed');
    files.sim.faults.set({
      successFalse: {
        endpoints: ['movies'],
        cityIds: [cityByName('MAKASSAR')!.id],
        code: 'CITY_DOWN',
        message: 'maintenance',
      },
    });
    const r = await scrapeMovies(w, { force: true });
    expect(r.latestPublished).toBe(true);
    expect(r.latestReason).toBe(
      'latest published with --force although 1 of 3 cities (33.3%) have no movie list, more than the allowed 10% (--max-failed-share)',
    );
    expect(SnapshotDoc.parse(await w.store.get('snapshots/latest')).failed_cities).toEqual(['MAKASSAR']);
    expect(r.summary.status).toBe('failed');
    expect(r.summary.exitCode).toBe(1);
    const [run] = await runDocs(w.store, 'movies');
    expect(run!.latest_published).toBe(true);

    const alone = newWorld('movies-force-city');
    files.sim.faults.clear();
    const one = await scrapeMovies(alone, { cities: [cityByName('JAYAPURA')!], force: true });
    expect(one.latestPublished).toBe(true);
    expect(one.summary.status).toBe('success');
    expect(SnapshotDoc.parse(await alone.store.get('snapshots/latest')).failed_cities).toEqual(['JAKARTA', 'MAKASSAR']);
  });

  it('when the cities call fails it uses the built-in list, and says so', async () => {
    const w = newWorld('movies-cities');
    files.sim.faults.set({ successFalse: { endpoints: ['cities'] } });
    const r = await scrapeMovies(w);
    // The built-in list has 83 cities; the tiny simulator knows only 3 and answers 404 for the rest,
    // so here the day is mostly missing, latest is held back and the run fails (the national test shows the happy case).
    expect(r.summary.status).toBe('failed');
    expect(r.summary.reason).toMatch(/^80 of 83 cities failed/);
    expect(r.latestPublished).toBe(false);
    const [run] = await runDocs(w.store, 'movies');
    expect(run!.cities_source).toBe('built-in');
    expect(run!.cities_expected).toBe(83);
    expect((run!.notes as string[]).join(' ')).toMatch(/cities call failed.*built-in list of 83/);
    const day = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    expect(Object.keys(day.city_stats).sort()).toEqual(['JAKARTA', 'JAYAPURA', 'MAKASSAR']);
    expect(day.failed_cities).toHaveLength(80);
  });

  it('does not publish a much smaller day as latest unless forced', async () => {
    const w = newWorld('movies-shrink');
    await scrapeMovies(w);
    const before = SnapshotDoc.parse(await w.store.get('snapshots/latest'));
    // A latest from the day before with many more movies.
    const bigger = {
      ...before,
      date: '2026-01-18',
      movies: [...before.movies, ...before.movies.map((m) => ({ ...m, id: `9${m.id}` }))],
    };
    bigger.movies.push(...bigger.movies.map((m) => ({ ...m, id: `8${m.id}` })));
    await w.store.set('snapshots/latest', bigger);
    const held = await scrapeMovies(w);
    expect(held.latestPublished).toBe(false);
    expect(held.summary.status).toBe('partial');
    expect(held.latestReason).toMatch(/less than half/);
    expect(SnapshotDoc.parse(await w.store.get('snapshots/latest')).date).toBe('2026-01-18');
    const forced = await scrapeMovies(w, { force: true });
    expect(forced.latestPublished).toBe(true);
    expect(SnapshotDoc.parse(await w.store.get('snapshots/latest')).date).toBe(DATE);
  });

  it('--merge-shards with a city no shard stored records it as failed (partial), even when latest may be published', async () => {
    const w = newWorld('movies-shard-missing');
    await scrapeMovies(w);
    // The shard holding MAKASSAR never ran: its city document is not there.
    await w.store.delete(`snapshots/${DATE}/cities/${cityByName('MAKASSAR')!.id}`);
    const merged = await scrapeMovies(w, { mergeShards: true, maxFailedShare: 0.5 });
    expect(merged.latestPublished).toBe(true);
    expect(merged.failedCities).toEqual(['MAKASSAR']);
    expect(merged.summary.status).toBe('partial');
    const run = (await runDocs(w.store, 'movies')).find((d) => d.mode === 'merge-shards')!;
    expect(run.status).toBe('partial');
    expect(run.cities_failed).toBe(1);
    const errors = run.errors as { scope: string; name: string; reason: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ scope: 'city', name: 'MAKASSAR' }));
  });

  it('shards merged equal one full run, and a re-run is idempotent', async () => {
    const full = newWorld('movies-unsharded');
    await scrapeMovies(full);
    const once = await dayDocuments(full.store, DATE);
    await scrapeMovies(full);
    expect(await dayDocuments(full.store, DATE)).toEqual(once);

    const sharded = newWorld('movies-sharded');
    // Eight shards for three cities: most get nothing to do, which is a success, not a failure.
    let empty = 0;
    for (let k = 1; k <= 8; k++) {
      const r = await scrapeMovies(sharded, { shard: { k, n: 8 } });
      expect(r.latestPublished).toBe(false);
      expect(r.summary.status).toBe('success');
      if ((r.summary.document.cities_scraped as number) === 0) empty++;
    }
    expect(empty).toBeGreaterThanOrEqual(5);
    expect(await sharded.store.get(`snapshots/${DATE}`)).toBeUndefined();
    const merged = await scrapeMovies(sharded, { mergeShards: true });
    expect(merged.summary.status).toBe('success');
    expect(await dayDocuments(sharded.store, DATE)).toEqual(once);
  });
});
