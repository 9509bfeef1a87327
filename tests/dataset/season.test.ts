/**
 * An 8-day season on the Firestore emulator (tiny preset; each day: movies, schedules, the morning
 * pass, an hourly JIT pass, the summary), exported with `backfill`, then asked the ten example
 * questions:
 *
 * - every day's movie_days = its box_office/{date}.movies (the history-dependent figures too:
 *   change vs yesterday and last week, cumulative, day of run);
 * - the cumulative figures are the running sums of the days in the dataset, and day of run counts
 *   calendar days from a movie's first day;
 * - `npm run dataset -- sql` prints a question's answer; every question answers.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysToDate, FixedClock } from '../../shared/clock.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import { runSummary } from '../../scripts/summary/run.js';
import { daysBetween } from '../../scripts/dataset.js';
import { openDataset, type Dataset } from '../../scripts/dataset/open.js';
import { exportDays } from '../../scripts/dataset/export.js';
import { EXAMPLE_QUERIES } from '../../scripts/dataset/queries.js';
import { TABLES } from '../../scripts/dataset/schema.js';
import { datasetCli } from '../helpers/dataset-cli.js';
import { openSeatsWorld, scrapeDay, type SeatsWorld } from '../seats/world.js';

const FIRST = '2026-01-14'; // a Wednesday: releases open on Wednesdays
const LAST = addDaysToDate(FIRST, 7);
const DAYS = daysBetween(FIRST, LAST);

let w: SeatsWorld;
let dir: string;
let ds: Dataset;

/** One day by the scheduled jobs' steps: movies and schedules, the morning pass, JIT passes (hourly, a 60-minute window), the summary. */
async function scrapeSeasonDay(date: string): Promise<void> {
  const morning = Date.parse(`${date}T00:30:00.000Z`);
  w.sim.clock.set(new Date(morning));
  await scrapeDay(w);
  const d = { store: w.store, client: w.client, clock: w.sim.clock, log: w.log };
  await runSeatPass(d, { mode: 'morning' });
  for (let t = morning + 60 * 60_000; t < morning + 17 * 3_600_000; t += 60 * 60_000) {
    w.sim.clock.set(new Date(t));
    await runSeatPass(d, { mode: 'jit', windowMinutes: 60 });
  }
  await runSummary({ store: w.store, clock: new FixedClock(new Date(morning + 18 * 3_600_000)), log: w.log }, { date });
}

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'dataset-season', preset: 'tiny', now: `${FIRST}T00:30:00.000Z` });
  for (const date of DAYS) await scrapeSeasonDay(date);
  dir = await mkdtemp(join(tmpdir(), 'dataset-season-'));
  const results = await exportDays(
    { store: w.store, log: w.log },
    { days: DAYS, dir, source: 'auto', archiveDir: join(dir, 'no-archive') },
  );
  expect(results.map((r) => [r.date, r.error ?? 'ok'])).toEqual(DAYS.map((d) => [d, 'ok']));
  ds = await openDataset(dir);
}, 600_000);

afterAll(async () => {
  ds?.close();
  await w?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sqlCli = (query: string) => datasetCli(['sql', query, '--dir', dir, '--format', 'json']);

describe('dataset over an 8-day season', () => {
  it("every day's movie rows are its box_office document's, history figures included", async () => {
    for (const date of DAYS) {
      const stored = (await w.store.get(`box_office/${date}`)) as { movies: Record<string, unknown>[] };
      expect(
        await ds.rows(`SELECT * EXCLUDE (date) FROM movie_days WHERE date = DATE '${date}' ORDER BY rank`),
        date,
      ).toEqual(stored.movies);
    }
    const [changes] = await ds.rows(
      `SELECT count(change_day_pct)::INTEGER AS day, count(change_week_pct)::INTEGER AS week FROM movie_days`,
    );
    expect(changes!.day).toBeGreaterThan(0);
    expect(changes!.week).toBeGreaterThan(0);
  });

  it('cumulative admissions are the running sums of the days present, and day of run counts from the first day', async () => {
    const wrong = await ds.rows(`SELECT movie_id, date FROM (
        SELECT movie_id, date, day_of_run, cumulative_admissions,
               sum(admissions) OVER (PARTITION BY movie_id ORDER BY date) AS running,
               date_diff('day', min(date) OVER (PARTITION BY movie_id), date) + 1 AS expected_day
        FROM movie_days) WHERE cumulative_admissions <> running OR day_of_run <> expected_day`);
    expect(wrong).toEqual([]);
    const [days] = await ds.rows(
      `SELECT count(DISTINCT date)::INTEGER AS n, max(day_of_run) AS longest FROM movie_days`,
    );
    expect(days).toEqual({ n: 8, longest: 8 });
  });

  it('answers each of the ten questions; the sql command prints one', async () => {
    for (const q of EXAMPLE_QUERIES) {
      const rows = await ds.rows(q.sql);
      if (q.id !== 'second-week-drop' && q.id !== 'sold-out') expect(rows.length, q.id).toBeGreaterThan(0);
    }
    const weekday = await ds.rows(EXAMPLE_QUERIES.find((q) => q.id === 'weekday')!.sql);
    expect(weekday.map((r) => r.weekday)).toEqual([
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ]);
    const run = EXAMPLE_QUERIES.find((q) => q.id === 'whole-run')!;
    const r = await sqlCli(run.sql);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(JSON.parse(r.out)).toEqual(await ds.rows(run.sql));
    // the run of the period's biggest movie has as many days as the top-movies answer says
    const [top] = await ds.rows(EXAMPLE_QUERIES.find((q) => q.id === 'top-movies')!.sql);
    expect((JSON.parse(r.out) as unknown[]).length).toBe(top!.days);
    expect(top!.days).toBeGreaterThan(1);
  }, 60_000);

  it('a backfill over days the store has no box office of carries the history itself: the same rows', async () => {
    for (const date of DAYS) await w.store.delete(`box_office/${date}`);
    const again = join(dir, 'without-box-office');
    const results = await exportDays(
      { store: w.store, log: w.log },
      { days: DAYS, dir: again, source: 'store', archiveDir: join(dir, 'no-archive') },
    );
    expect(results.map((r) => r.error ?? 'ok')).toEqual(DAYS.map(() => 'ok'));
    for (const date of DAYS) {
      for (const t of TABLES) {
        const file = (d: string) => readFile(join(d, t, `date=${date}`, 'data.parquet'));
        expect(await file(again), `${t} ${date}`).toEqual(await file(dir));
      }
    }
  });
});
