/**
 * The schedules scraper against the simulator (tiny preset: JAKARTA with two schedule pages,
 * MAKASSAR in WITA, JAYAPURA in WIT) over real HTTP, writing to the Firestore emulator.
 */
import { describe, expect, it } from 'vitest';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { cleanAddress, cleanName } from '../../scrapers/schedules/build.js';
import { scrapeSchedules } from '../../scrapers/schedules/scrape.js';
import { ScheduleDoc, ShowtimesDoc, SnapshotDoc, TheatreDoc } from '../../shared/store/documents.js';
import { cityByName } from '../../shared/tix/cities.js';
import { emulatorHost, readRestDocument } from '../helpers/firestore.js';
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
  type World,
} from './harness.js';

const files = simulatorWorlds('tiny');
const newWorld = (name: string) => files.newWorld(name);

async function pairDocs(w: World): Promise<ShowtimesDoc[]> {
  return (await w.store.list(`schedules/${DATE}/showtimes`)).map((d) => ShowtimesDoc.parse(d.data));
}

describe('scrape:schedules on the tiny day', () => {
  it('fails clearly when the day has no snapshot', async () => {
    const w = newWorld('sched-nosnap');
    const r = await scrapeSchedules(w);
    expect(r.summary.status).toBe('failed');
    expect(r.summary.exitCode).toBe(1);
    const [run] = await runDocs(w.store, 'schedules');
    expect(JSON.stringify(run!.errors)).toMatch(/does not exist: run `npm run scrape:movies` first/);
  });

  it('writes every theatre and showtime of the day, with ids, statuses and theatre-local times', async () => {
    const w = newWorld('sched-full');
    await scrapeMovies(w);
    const r = await scrapeSchedules(w);
    expect(r.summary.status).toBe('success');
    expect(r.failedPairs).toEqual([]);
    const data = files.sim.data;

    // Every showtime once, with its status and zero-padded local time.
    const pairs = await pairDocs(w);
    expect(pairs).toHaveLength(data.movieCities.length);
    const entries = pairs.flatMap((p) =>
      p.theatres.flatMap((t) => t.rooms.flatMap((room) => room.all_showtimes.map((s) => ({ p, t, room, s })))),
    );
    expect(entries.map((e) => e.s.showtime_id).sort()).toEqual(data.showtimes.map((s) => s.id).sort());
    const now = Date.parse('2026-01-19T06:00:00+07:00');
    for (const { p, t, room, s } of entries) {
      const truth = data.showtimes.find((x) => x.id === s.showtime_id)!;
      expect(s.time).toBe(truth.displayTime.padStart(5, '0'));
      expect(s.status).toBe(Date.parse(truth.startsAt) > now ? 1 : 0);
      expect(s.is_available).toBe(s.status === 1);
      expect(t.theatre_id).toBe(truth.theatreId);
      expect(room.category).toBe(truth.category.trim());
      expect(p.zone).toBe(truth.zone);
      expect(p.city_id).toBe(truth.cityId);
    }

    // The web app's documents: every movie, every city, showtimes by status, no ids.
    const snapshot = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    for (const movie of snapshot.movies) {
      const doc = ScheduleDoc.parse(await w.store.get(`schedules/${DATE}/movies/${movie.id}`));
      expect(Object.keys(doc.cities).sort()).toEqual([...movie.cities].sort());
      const truth = data.showtimes.filter((s) => s.movieId === movie.id);
      expect(doc.showtime_count).toBe(truth.length);
      const listed = Object.values(doc.cities).flatMap((ts) =>
        ts.flatMap((t) => t.rooms.flatMap((room) => [...room.showtimes, ...room.past_showtimes])),
      );
      expect(listed).toHaveLength(truth.length);
      expect(doc.missing_cities).toBeUndefined();
      for (const [city, theatres] of Object.entries(doc.cities)) {
        expect(movie.theatre_counts[city]).toBe(theatres.length);
        for (const t of theatres) {
          const st = data.theatres.find((x) => x.id === t.theatre_id)!;
          expect(t.theatre_name).toBe(cleanName(st.name));
          expect(t.address).toBe(cleanAddress(st.address));
          expect(t.address).not.toMatch(/[\r\n]|\s$/);
        }
      }
    }
    // latest got the same counts.
    expect(SnapshotDoc.parse(await w.store.get('snapshots/latest'))).toEqual(snapshot);

    // Theatres: every one, with its rooms.
    const theatres = (await w.store.list('theatres')).map((d) => TheatreDoc.parse(d.data));
    expect(theatres.map((t) => t.theatre_id).sort()).toEqual(data.theatres.map((t) => t.id).sort());
    for (const t of theatres) {
      const cats = new Set(data.showtimes.filter((s) => s.theatreId === t.theatre_id).map((s) => s.category.trim()));
      expect(new Set(t.room_types)).toEqual(cats);
      expect(t.city).toBe(
        data.cities.find((c) => c.id === data.theatres.find((x) => x.id === t.theatre_id)!.cityId)!.name,
      );
    }

    const [run] = await runDocs(w.store, 'schedules');
    expect(run).toMatchObject({
      status: 'success',
      theatres_total: data.theatres.length,
      theatres_success: data.theatres.length,
      theatres_failed: 0,
      cities: 3,
      movies: snapshot.movies.length,
      showtimes: data.showtimes.length,
      pairs_failed: 0,
    });
    expect((run!.counts as Record<string, number>).pages).toBeGreaterThan(data.movieCities.length); // Jakarta pages twice
    // the admin's morning-scrape panel reads theatre counts from the day's movies run
    const [moviesRun] = await runDocs(w.store, 'movies');
    expect(moviesRun).toMatchObject({
      theatres_total: data.theatres.length,
      theatres_success: data.theatres.length,
      theatres_failed: 0,
    });
  });

  it('stores the contract types the web app reads (REST, unauthenticated)', async () => {
    const w = newWorld('sched-rest');
    await scrapeMovies(w);
    await scrapeSchedules(w);
    const snapshot = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    const f = await readRestDocument(emulatorHost(), w.project, `schedules/${DATE}/movies/${snapshot.movies[0]!.id}`, {
      asOwner: false,
    });
    for (const k of ['movie_id', 'title', 'poster', 'age_category', 'date', 'uploaded_at'])
      restField(f, k, 'stringValue');
    restField(f, 'is_presale', 'booleanValue');
    restArrayOf(f, 'genres', 'stringValue');
    restArrayOf(f, 'merchants', 'stringValue');
    restField(f, 'showtime_count', 'integerValue');
    const cities = restMap(restField(f, 'cities', 'mapValue'));
    expect(Object.keys(cities).length).toBeGreaterThan(0);
    for (const list of Object.values(cities)) {
      for (const tv of restArray(list)) {
        const t = restMap(tv);
        for (const k of ['theatre_id', 'theatre_name', 'merchant', 'address']) restField(t, k, 'stringValue');
        for (const rv of restArrayOf(t, 'rooms', 'mapValue')) {
          const room = restMap(rv);
          restField(room, 'category', 'stringValue');
          restField(room, 'price', 'stringValue');
          restArrayOf(room, 'showtimes', 'stringValue');
        }
      }
    }
    const latest = await readRestDocument(emulatorHost(), w.project, 'snapshots/latest', { asOwner: false });
    for (const mv of restArrayOf(latest, 'movies', 'mapValue')) {
      for (const n of Object.values(restMap(restField(restMap(mv), 'theatre_counts', 'mapValue'))))
        expect(tagOf(n)).toBe('integerValue');
    }
    const theatre = (await w.store.list('theatres'))[0]!;
    const tf = await readRestDocument(emulatorHost(), w.project, theatre.path);
    for (const k of ['theatre_id', 'name', 'merchant', 'city', 'address', 'last_seen', 'created_at', 'updated_at'])
      restField(tf, k, 'stringValue');
    for (const k of ['lat', 'lng', 'place_id']) restField(tf, k, 'nullValue');
    restArrayOf(tf, 'room_types', 'stringValue');
    const pair = (await w.store.list(`schedules/${DATE}/showtimes`))[0]!;
    const pf = await readRestDocument(emulatorHost(), w.project, pair.path);
    const t0 = restMap(restArrayOf(pf, 'theatres', 'mapValue')[0]!);
    const s0 = restMap(restArrayOf(restMap(restArrayOf(t0, 'rooms', 'mapValue')[0]!), 'all_showtimes', 'mapValue')[0]!);
    restField(s0, 'showtime_id', 'stringValue');
    restField(s0, 'status', 'integerValue');
    restField(s0, 'is_available', 'booleanValue');
    const run = (await w.store.list('run_log', { where: { run_type: 'schedules' } }))[0]!;
    const rf = await readRestDocument(emulatorHost(), w.project, run.path);
    for (const k of ['movies', 'cities', 'theatres_total', 'theatres_success', 'theatres_failed', 'presales'])
      restField(rf, k, 'integerValue');
    const moviesRun = (await w.store.list('scraper_runs', { where: { run_type: 'movies' } }))[0]!;
    const mf = await readRestDocument(emulatorHost(), w.project, moviesRun.path);
    for (const k of ['movies', 'cities', 'theatres_total', 'theatres_success', 'theatres_failed', 'presales'])
      restField(mf, k, 'integerValue');
  });

  it('an empty page loop fails the pair with the reason, the run fails (a city of three is over 10%), nothing is faked', async () => {
    const w = newWorld('sched-empty');
    await scrapeMovies(w);
    const jakarta = cityByName('JAKARTA')!;
    files.sim.faults.set({ emptyPage: { cityIds: [jakarta.id] } });
    const r = await scrapeSchedules(w);
    expect(r.summary.status).toBe('failed');
    expect(r.summary.exitCode).toBe(1);
    const snapshot = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    const jakartaPairs = snapshot.movies.filter((m) => m.cities.includes('JAKARTA')).length;
    expect(r.failedPairs).toHaveLength(jakartaPairs);
    for (const f of r.failedPairs) {
      expect(f.city).toBe('JAKARTA');
      expect(f.reason).toMatch(/page 1 is empty but says has_next:true/);
    }
    const [run] = await runDocs(w.store, 'schedules');
    expect(run!.status).toBe('failed');
    expect(run!.reason).toMatch(new RegExp(`^${jakartaPairs} of \\d+ movie×city pairs failed`));
    expect(run!.pairs_failed).toBe(jakartaPairs);
    expect(JSON.stringify(run!.failed_pairs)).toMatch(/empty but says has_next/);
    // No pair document pretends Jakarta had no theatres; the schedule documents say Jakarta is missing.
    expect((await pairDocs(w)).some((p) => p.city === 'JAKARTA')).toBe(false);
    for (const m of snapshot.movies.filter((x) => x.cities.includes('JAKARTA'))) {
      const doc = await w.store.get(`schedules/${DATE}/movies/${m.id}`);
      if (m.cities.length === 1) {
        expect(doc).toBeUndefined();
        continue;
      }
      const parsed = ScheduleDoc.parse(doc);
      expect(parsed.cities.JAKARTA).toBeUndefined();
      expect(parsed.missing_cities).toEqual(['JAKARTA']);
    }
    expect(
      SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`)).movies.every(
        (m) => m.theatre_counts.JAKARTA === undefined,
      ),
    ).toBe(true);
  });

  it('a pair failing on a later run keeps its earlier copy of the day (success:false, malformed page)', async () => {
    const w = newWorld('sched-keep');
    await scrapeMovies(w);
    await scrapeSchedules(w);
    const before = await dayDocuments(w.store, DATE);
    const makassar = cityByName('MAKASSAR')!;
    const jayapura = cityByName('JAYAPURA')!;
    files.sim.faults.set({
      successFalse: { endpoints: ['schedules'], cityIds: [makassar.id], code: 'SCHEDULE_DOWN' },
      malformedJson: { endpoints: ['schedules'], cityIds: [jayapura.id] },
    });
    const r = await scrapeSchedules(w);
    expect(r.summary.status).toBe('failed'); // two cities of three not read by this run
    expect(r.failedPairs.length).toBeGreaterThan(0);
    const snapshot = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    const pairsIn = (city: string) => snapshot.movies.filter((m) => m.cities.includes(city)).length;
    const failedIn = (city: string) => r.failedPairs.filter((f) => f.city === city);
    expect(failedIn('MAKASSAR')).toHaveLength(pairsIn('MAKASSAR'));
    expect(failedIn('JAYAPURA')).toHaveLength(pairsIn('JAYAPURA'));
    for (const f of failedIn('MAKASSAR')) expect(f.reason).toMatch(/success:false \(SCHEDULE_DOWN/);
    for (const f of failedIn('JAYAPURA')) expect(f.reason).toMatch(/page 1: /);
    expect(failedIn('JAKARTA')).toHaveLength(0);
    // Every document of the day still holds the earlier data of the failed cities.
    expect(await dayDocuments(w.store, DATE)).toEqual(before);
  });

  it('--city reads only that city and the day stays complete', async () => {
    const w = newWorld('sched-city');
    await scrapeMovies(w);
    await scrapeSchedules(w);
    const before = await dayDocuments(w.store, DATE);
    files.sim.resetStats();
    const r = await scrapeSchedules(w, { cities: [cityByName('JAYAPURA')!] });
    expect(r.summary.status).toBe('success');
    const snapshot = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    expect(r.pages).toBe(snapshot.movies.filter((m) => m.cities.includes('JAYAPURA')).length);
    expect(await dayDocuments(w.store, DATE)).toEqual(before);
  });

  it('shards merged equal one full run, and a re-run is idempotent', async () => {
    const full = newWorld('sched-unsharded');
    await scrapeMovies(full);
    await scrapeSchedules(full);
    const once = await dayDocuments(full.store, DATE);
    await scrapeSchedules(full);
    expect(await dayDocuments(full.store, DATE)).toEqual(once);

    const sharded = newWorld('sched-sharded');
    await scrapeMovies(sharded);
    let pairs = 0;
    for (const k of [1, 2, 3]) {
      const r = await scrapeSchedules(sharded, { shard: { k, n: 3 } });
      expect(r.summary.status).toBe('success');
      pairs += (await runDocs(sharded.store, 'schedules')).find((d) => d.shard === `${k}/3`)!.pairs_scheduled as number;
    }
    expect(pairs).toBe(files.sim.data.movieCities.length);
    expect(await sharded.store.list(`schedules/${DATE}/movies`)).toHaveLength(0);
    const merged = await scrapeSchedules(sharded, { mergeShards: true });
    expect(merged.summary.status).toBe('success');
    expect(await dayDocuments(sharded.store, DATE)).toEqual(once);
  });

  it('--merge-shards with a pair no shard stored is partial and names the pair', async () => {
    const w = newWorld('sched-shard-missing');
    await scrapeMovies(w);
    await scrapeSchedules(w);
    // A movie shown in several cities loses one city's pair document, as when the shard holding
    // that pair never ran: the merged day still has a schedule document for the movie.
    const snapshot = SnapshotDoc.parse(await w.store.get(`snapshots/${DATE}`));
    const movie = snapshot.movies.find((m) => m.cities.length > 1)!;
    const city = movie.cities[0]!;
    await w.store.delete(`schedules/${DATE}/showtimes/${movie.id}_${cityByName(city)!.id}`);
    const merged = await scrapeSchedules(w, { mergeShards: true });
    expect(ScheduleDoc.parse(await w.store.get(`schedules/${DATE}/movies/${movie.id}`)).missing_cities).toEqual([city]);
    expect(merged.summary.status).toBe('partial');
    const run = (await runDocs(w.store, 'schedules')).find((d) => d.mode === 'merge-shards')!;
    expect(run.status).toBe('partial');
    expect(run.missing_pairs).toBe(1);
    const errors = run.errors as { scope: string; name: string; reason: string }[];
    expect(
      errors.some((e) => e.name.includes(movie.id) && e.name.includes(city) && /no schedule stored/.test(e.reason)),
    ).toBe(true);
  });

  it('never erases coordinates another job set on a theatre', async () => {
    const w = newWorld('sched-geo');
    await scrapeMovies(w);
    await scrapeSchedules(w);
    const [first] = await w.store.list('theatres');
    const t = TheatreDoc.parse(first!.data);
    await w.store.set(first!.path, {
      ...t,
      lat: -6.2,
      lng: 106.8,
      place_id: 'ChIJ-geo',
      room_types: [...t.room_types, 'OLD ROOM'],
    });
    await scrapeSchedules(w);
    const after = TheatreDoc.parse(await w.store.get(first!.path));
    expect(after).toMatchObject({ lat: -6.2, lng: 106.8, place_id: 'ChIJ-geo', created_at: t.created_at });
    expect(after.room_types).toContain('OLD ROOM');
    expect(after.last_seen >= t.last_seen).toBe(true);
  });
});
