/**
 * The export on the Firestore emulator, with a day made by the real scrapers against the simulator
 * (tiny preset: movies, schedules, the morning pass, a JIT pass every 10 minutes, the summary):
 *
 * - every row agrees with what the summary stored: movie_days = box_office/{date}.movies, each
 *   movie's shows sum to its daily_admissions total, the day's to daily_summaries, to the seat and
 *   the rupiah;
 * - the same day exported again gives the same bytes;
 * - after retention archived and deleted the day, `backfill` takes it from the archive (restored
 *   into a temporary file store) and writes the same bytes as the export from the store;
 * - the ten example queries answer over it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../shared/clock.js';
import { runPrune } from '../../scripts/retention/prune.js';
import { openDataset } from '../../scripts/dataset/open.js';
import { exportDays } from '../../scripts/dataset/export.js';
import { EXAMPLE_QUERIES } from '../../scripts/dataset/queries.js';
import { TABLES } from '../../scripts/dataset/schema.js';
import { openSeatsWorld, readAndSummariseDay, scrapeDay, type SeatsWorld } from '../seats/world.js';

const MORNING = '2026-01-19T00:30:00.000Z'; // 07:30 WIB
const DATE = '2026-01-19';
const LATER = '2026-02-03T03:00:00.000Z'; // 15 days later: retention archives the day

let w: SeatsWorld;
let work: string;
const dirA = () => join(work, 'from-store');
const dirB = () => join(work, 'from-archive');
const archive = () => join(work, 'archive');
const files = (dir: string) => Promise.all(TABLES.map((t) => readFile(join(dir, t, `date=${DATE}`, 'data.parquet'))));

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'dataset', preset: 'tiny', now: MORNING });
  await scrapeDay(w);
  await readAndSummariseDay(w, MORNING, DATE);
  work = await mkdtemp(join(tmpdir(), 'dataset-export-'));
}, 240_000);

afterAll(async () => {
  await w?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('dataset export of a scraped day', () => {
  it('exports the day from the store; every row agrees with box_office, daily_admissions and daily_summaries', async () => {
    const [r] = await exportDays(
      { store: w.store, log: w.log },
      { days: [DATE], dir: dirA(), source: 'store', archiveDir: archive() },
    );
    expect(r!.error).toBeUndefined();
    expect(r!.source).toBe('store');
    const scheduled = w.sim.data.showtimes.length;
    expect(Object.fromEntries(r!.files.map((f) => [f.table, f.rows]))).toMatchObject({ shows: scheduled });

    const ds = await openDataset(dirA());
    try {
      const stored = (await w.store.get(`box_office/${DATE}`)) as { movies: Record<string, unknown>[] };
      const movies = await ds.rows(`SELECT * EXCLUDE (date) FROM movie_days ORDER BY rank`);
      expect(movies).toEqual(stored.movies.map((m) => ({ ...m })));
      // each movie's shows sum to its daily_admissions total; the day's to daily_summaries
      const perMovie = await ds.rows(
        `SELECT movie_id, sum(admissions)::INTEGER AS a FROM shows WHERE admissions IS NOT NULL GROUP BY ALL ORDER BY movie_id`,
      );
      const admissions = await w.store.list(`daily_admissions/${DATE}/movies`);
      expect(perMovie).toEqual(
        admissions
          .map((d) => ({ movie_id: d.id, a: d.data.total_admissions }))
          .sort((a, b) => (a.movie_id < b.movie_id ? -1 : 1)),
      );
      const summary = (await w.store.get(`daily_summaries/${DATE}`))!;
      const [total] = await ds.rows(
        `SELECT sum(admissions)::INTEGER AS audience, count(*) FILTER (WHERE admissions IS NOT NULL)::INTEGER AS shows FROM shows`,
      );
      expect(total).toEqual({ audience: summary.total_audience, shows: summary.showtime_count });
      // gross to the rupiah: the shows' gross sums to the movies' gross
      const gross =
        await ds.rows(`SELECT m.movie_id, m.gross_idr_min = sum(s.gross_idr_min) AND m.gross_idr_max = sum(s.gross_idr_max) AS same
        FROM movie_days m JOIN shows s USING (date, movie_id) GROUP BY m.movie_id, m.gross_idr_min, m.gross_idr_max`);
      expect(gross.length).toBeGreaterThan(0);
      expect(gross.filter((g) => g.same !== true)).toEqual([]);
      // every pre-show reading of a show is in readings
      const [missing] =
        await ds.rows(`SELECT count(*)::INTEGER AS n FROM shows s WHERE s.last_kind IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM readings r WHERE r.showtime_id = s.showtime_id AND r.kind = s.last_kind)`);
      expect(missing).toEqual({ n: 0 });
    } finally {
      ds.close();
    }
  });

  it('re-exporting the day gives the same bytes', async () => {
    const before = await files(dirA());
    const [r] = await exportDays(
      { store: w.store, log: w.log },
      { days: [DATE], dir: dirA(), source: 'store', archiveDir: archive() },
    );
    expect(r!.error).toBeUndefined();
    expect(await files(dirA())).toEqual(before);
  });

  it('the ten example queries answer over it', async () => {
    const ds = await openDataset(dirA());
    try {
      for (const q of EXAMPLE_QUERIES) {
        const rows = await ds.rows(q.sql);
        if (
          [
            'top-movies',
            'whole-run',
            'province-genre',
            'walkup-chain-hour',
            'share-vs-share',
            'weekday',
            'formats',
            'freshness',
          ].includes(q.id)
        )
          expect(rows.length, q.id).toBeGreaterThan(0);
      }
    } finally {
      ds.close();
    }
  });

  it('after retention removed the day, backfill exports it from the archive: the same bytes as from the store', async () => {
    const deps = { store: w.store, clock: new FixedClock(new Date(LATER)), log: w.log };
    const pruned = await runPrune(deps, {
      phase: 'all',
      archiveDir: archive(),
      keepDays: 14,
      lookback: 30,
      date: DATE,
    });
    expect(pruned.run.exitCode).toBe(0);
    expect(await w.store.get(`snapshots/${DATE}`)).toBeUndefined();

    const [fromStore] = await exportDays(
      { store: w.store, log: w.log },
      { days: [DATE], dir: dirB(), source: 'store', archiveDir: archive() },
    );
    expect(fromStore!.error).toMatch(/nothing scheduled or read on 2026-01-19 in the firestore store/);
    const [r] = await exportDays(
      { store: w.store, log: w.log },
      { days: [DATE], dir: dirB(), source: 'auto', archiveDir: archive() },
    );
    expect(r!.error).toBeUndefined();
    expect(r!.source).toBe('archive');
    expect(await files(dirB())).toEqual(await files(dirA()));
  });
});
