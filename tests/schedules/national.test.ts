/**
 * The national day (83 cities, ~494 theatres, ~12,200 showtimes, a wide release with ≥ 11,000 in
 * every city) through both scrapers into the Firestore emulator: the one test file that uses the
 * national preset.
 */
import { describe, expect, it } from 'vitest';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { scrapeSchedules } from '../../scrapers/schedules/scrape.js';
import { cleanName } from '../../scrapers/schedules/build.js';
import {
  documentSize,
  MAX_DOCUMENT_BYTES,
  ScheduleDoc,
  ShowtimesDoc,
  SnapshotDoc,
} from '../../shared/store/documents.js';
import { emulatorHost, readRestDocument } from '../helpers/firestore.js';
import { DATE, restArray, restArrayOf, restField, restMap, runDocs, simulatorWorlds, tagOf } from './harness.js';

const files = simulatorWorlds('national');
const newWorld = (name: string) => files.newWorld(name);

describe('the national day', () => {
  it('every city, movie, theatre and showtime ends up in the documents; the wide release fits', async () => {
    const w = newWorld('national-full');
    const data = files.sim.data;
    const wideCount = data.showtimes.filter((s) => s.movieId === data.wideReleaseId).length;
    expect(wideCount).toBeGreaterThanOrEqual(11_000);

    const movies = await scrapeMovies(w);
    expect(movies.summary.status).toBe('success');
    expect(movies.latestPublished).toBe(true);
    const schedules = await scrapeSchedules(w);
    expect(schedules.summary.status).toBe('success');
    expect(schedules.failedPairs).toEqual([]);

    // latest: complete, with theatre counts for every pair.
    const latest = SnapshotDoc.parse(await w.store.get('snapshots/latest'));
    expect(Object.keys(latest.city_stats)).toHaveLength(83);
    expect(latest.summary.total_cities).toBe(83);
    expect(latest.movies.map((m) => m.id).sort()).toEqual([...new Set(data.movieCities.map((v) => v.movieId))].sort());
    const pairs = latest.movies.reduce((n, m) => n + m.cities.length, 0);
    expect(pairs).toBe(data.movieCities.length);
    for (const m of latest.movies) {
      expect(Object.keys(m.theatre_counts).sort()).toEqual([...m.cities].sort());
      for (const city of m.cities) {
        const cityId = data.cities.find((c) => c.name === city)!.id;
        const truth = new Set(
          data.showtimes.filter((s) => s.movieId === m.id && s.cityId === cityId).map((s) => s.theatreId),
        );
        expect(m.theatre_counts[city]).toBe(truth.size);
      }
    }
    const wide = latest.movies.find((m) => m.id === data.wideReleaseId)!;
    expect(wide.cities).toHaveLength(83);
    expect(latest.movies[0]!.id).toBe(data.wideReleaseId);
    expect(wide.title).toBe(data.movies.find((m) => m.id === data.wideReleaseId)!.title);

    // Every showtime id once, in the per-city documents.
    const pairDocs = (await w.store.list(`schedules/${DATE}/showtimes`)).map((d) => ShowtimesDoc.parse(d.data));
    expect(pairDocs).toHaveLength(data.movieCities.length);
    const ids = pairDocs.flatMap((p) =>
      p.theatres.flatMap((t) => t.rooms.flatMap((r) => r.all_showtimes.map((s) => s.showtime_id))),
    );
    expect(ids).toHaveLength(data.showtimes.length);
    expect(new Set(ids)).toEqual(new Set(data.showtimes.map((s) => s.id)));
    // A sample of values against the simulator's truth.
    const byId = new Map(
      pairDocs.flatMap((p) =>
        p.theatres.flatMap((t) =>
          t.rooms.flatMap((r) => r.all_showtimes.map((s) => [s.showtime_id, { p, t, r, s }] as const)),
        ),
      ),
    );
    for (const truth of data.showtimes.filter((_, i) => i % 97 === 0)) {
      const got = byId.get(truth.id)!;
      expect(got.s.time).toBe(truth.displayTime);
      expect(got.t.theatre_id).toBe(truth.theatreId);
      expect(got.t.merchant).toBe(truth.merchant);
      expect(got.r.category).toBe(truth.category.trim());
      expect(got.r.price).toBe(truth.priceString.trim());
      expect(got.p.zone).toBe(truth.zone);
      expect(got.t.theatre_name).toBe(cleanName(data.theatres.find((t) => t.id === truth.theatreId)!.name));
    }

    // Every theatre.
    const theatres = await w.store.list('theatres');
    expect(theatres.map((d) => d.id).sort()).toEqual(data.theatres.map((t) => t.id).sort());

    // The wide release's web-app document: written, complete, under 1 MiB.
    const path = `schedules/${DATE}/movies/${data.wideReleaseId}`;
    const wideDoc = ScheduleDoc.parse(await w.store.get(path));
    expect(Object.keys(wideDoc.cities)).toHaveLength(83);
    expect(wideDoc.showtime_count).toBe(wideCount);
    const listed = Object.values(wideDoc.cities).reduce(
      (n, ts) =>
        n + ts.reduce((k, t) => k + t.rooms.reduce((j, r) => j + r.showtimes.length + r.past_showtimes.length, 0), 0),
      0,
    );
    expect(listed).toBe(wideCount);
    const bytes = documentSize(path, wideDoc);
    expect(bytes).toBeLessThan(MAX_DOCUMENT_BYTES);
    expect(schedules.maxScheduleBytes).toBe(bytes);
    console.info(
      `national: wide release ${wideCount} showtimes, schedule document ${bytes} bytes; ${schedules.pages} pages`,
    );

    // Read back the way the web app does: the type tags it looks at.
    const f = await readRestDocument(emulatorHost(), w.project, path, { asOwner: false });
    restField(f, 'movie_id', 'stringValue');
    const cities = restMap(restField(f, 'cities', 'mapValue'));
    expect(Object.keys(cities)).toHaveLength(83);
    for (const list of Object.values(cities)) {
      for (const tv of restArray(list)) {
        const t = restMap(tv);
        restField(t, 'theatre_id', 'stringValue');
        restField(t, 'theatre_name', 'stringValue');
        for (const rv of restArrayOf(t, 'rooms', 'mapValue')) {
          restField(restMap(rv), 'price', 'stringValue');
          restArrayOf(restMap(rv), 'showtimes', 'stringValue');
        }
      }
    }
    const lf = await readRestDocument(emulatorHost(), w.project, 'snapshots/latest', { asOwner: false });
    for (const mv of restArrayOf(lf, 'movies', 'mapValue')) {
      restField(restMap(mv), 'id', 'stringValue');
      for (const n of Object.values(restMap(restField(restMap(mv), 'theatre_counts', 'mapValue'))))
        expect(tagOf(n)).toBe('integerValue');
    }

    const [run] = await runDocs(w.store, 'schedules');
    expect(run).toMatchObject({
      status: 'success',
      theatres_total: data.theatres.length,
      theatres_success: data.theatres.length,
      cities: 83,
      showtimes: data.showtimes.length,
    });
  });

  it('20% of cities failing: failed (over the 10% a partial may miss), reasons recorded, latest not published', async () => {
    const w = newWorld('national-20pct');
    const failing = files.sim.data.cities.filter((_, i) => i % 5 === 2).map((c) => c);
    expect(failing.length / 83).toBeGreaterThanOrEqual(0.19);
    files.sim.faults.set({
      successFalse: { endpoints: ['movies'], cityIds: failing.map((c) => c.id), code: 'CITY_UNAVAILABLE' },
    });
    const r = await scrapeMovies(w);
    expect(r.summary.status).toBe('failed');
    expect(r.summary.exitCode).toBe(1);
    expect(r.summary.reason).toMatch(new RegExp(`^${failing.length} of 83 cities failed`));
    expect(r.latestPublished).toBe(false);
    expect(r.latestReason).toMatch(new RegExp(`${failing.length} of 83 cities`));
    expect(await w.store.get('snapshots/latest')).toBeUndefined();
    const day = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    expect(day.failed_cities).toEqual(failing.map((c) => c.name).sort());
    const [run] = await runDocs(w.store, 'movies');
    expect(run!.cities_failed).toBe(failing.length);
    expect((run!.failed as Record<string, number>).city).toBe(failing.length);
    expect(JSON.stringify(run!.errors)).toContain('CITY_UNAVAILABLE');
  });

  it('when the cities call fails, the built-in 83 cities still give a complete latest', async () => {
    const w = newWorld('national-builtin');
    files.sim.faults.set({ serverError: { endpoints: ['cities'], status: 500 } });
    const r = await scrapeMovies(w);
    expect(r.summary.status).toBe('partial');
    expect(r.latestPublished).toBe(true);
    const latest = SnapshotDoc.parse(await w.store.get('snapshots/latest'));
    expect(Object.keys(latest.city_stats)).toHaveLength(83);
    const [run] = await runDocs(w.store, 'movies');
    expect(run!.cities_source).toBe('built-in');
  });
});
