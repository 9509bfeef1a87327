/**
 * The admin's Scraper Monitor over a simulated day, on the emulator: three days of runs recorded
 * through the RunRecorder the scrapers use (token, movies, schedules, morning seats, the 102 JIT
 * passes of seats-jit.yml's schedule, every 10 minutes 07:06–23:56 WIB, summary), read back from
 * `scraper_runs` with exactly the admin's rules (tests/helpers/admin-monitor.ts) at 07:00, 14:00
 * and 23:59 WIB.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../shared/clock.js';
import { createLogger } from '../../shared/log.js';
import { addToDayMoviesRun } from '../../shared/run/monitor.js';
import { RunRecorder } from '../../shared/run/recorder.js';
import type { RunType, SeatMode } from '../../shared/run/vocabulary.js';
import type { Store } from '../../shared/store/store.js';
import { scraperMonitor, type MonitorView } from '../helpers/admin-monitor.js';
import { clearProject, emulatorStore, testProject } from '../helpers/firestore.js';

const log = createLogger({ format: 'json', level: 'warn', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const projectId = testProject('monitor');
let store: Store;
const clock = new FixedClock('2026-01-16T00:00:00Z');

/** A WIB wall-clock time of a date as an instant. */
const wib = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+07:00`);

async function record(
  type: RunType,
  date: string,
  at: Date,
  fields: Record<string, unknown>,
  opts: { mode?: SeatMode; status?: 'partial' } = {},
): Promise<void> {
  clock.set(at);
  const run = new RunRecorder({ runType: type, mode: opts.mode, store, clock, log, date });
  run.set(fields);
  if (opts.status === 'partial') run.fail('showtime', '1', 'HTTP 503');
  clock.advance(60_000);
  const s = await run.finish({ published: true });
  expect(s.recorded).toBe(true);
}

const DAYS = [
  { date: '2026-01-17', movies: 27, cities: 80, theatres: 470 },
  { date: '2026-01-18', movies: 28, cities: 81, theatres: 480 },
  { date: '2026-01-19', movies: 29, cities: 83, theatres: 494 },
];
const TODAY = DAYS[2]!;

/** The morning job: token, movies, schedules (adds theatre counts to the movies run), seats morning. */
async function morning(day: (typeof DAYS)[number]): Promise<void> {
  await record('token', day.date, wib(day.date, '05:55'), { action: 'ensure' });
  await record('movies', day.date, wib(day.date, '06:00'), { movies: day.movies, cities: day.cities, presales: 3 });
  await record('schedules', day.date, wib(day.date, '06:10'), {
    movies: day.movies,
    cities: day.cities,
    theatres_total: day.theatres,
  });
  await addToDayMoviesRun(store, day.date, {
    theatres_total: day.theatres,
    theatres_success: day.theatres,
    theatres_failed: 0,
  });
  await record(
    'seats',
    day.date,
    wib(day.date, '06:30'),
    { showtimes_scraped: 12_000, showtimes_success: 12_000 },
    { mode: 'morning' },
  );
}

/** JIT pass i of today (0…101): at 07:06 + 10 min × i WIB. */
const PASSES = 102;
const passAt = (i: number) => new Date(wib(TODAY.date, '07:06').getTime() + i * 10 * 60_000);
const passScraped = (i: number) => 200 + i;
const passSuccess = (i: number) => 200 + i - (i % 3);
const PARTIAL_PASS = 18; // 10:06 WIB: one showtime failed

async function jitPass(i: number): Promise<void> {
  await record(
    'seats',
    TODAY.date,
    passAt(i),
    { showtimes_scraped: passScraped(i), showtimes_success: passSuccess(i) },
    {
      mode: 'jit',
      ...(i === PARTIAL_PASS ? { status: 'partial' as const } : {}),
    },
  );
}

async function view(at: Date): Promise<MonitorView> {
  return scraperMonitor(
    (await store.list('scraper_runs')).map((d) => d.data),
    at,
  );
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const range = (k: number) => Array.from({ length: k }, (_, i) => i);

beforeAll(async () => {
  store = emulatorStore(projectId);
  // two earlier days: the morning job and one JIT pass an hour, 07:06–23:06 (17 hour documents each)
  for (const day of DAYS.slice(0, 2)) {
    await morning(day);
    for (let h = 7; h <= 23; h++) {
      await record(
        'seats',
        day.date,
        wib(day.date, `${String(h).padStart(2, '0')}:06`),
        { showtimes_scraped: 100, showtimes_success: 100 },
        { mode: 'jit' },
      );
    }
    await record('summary', day.date, new Date(wib(day.date, '00:05').getTime() + 86_400_000), { days: 1 });
  }
}, 120_000);

afterAll(async () => {
  await store?.close();
  await clearProject(projectId);
});

describe("the admin's Scraper Monitor over a day with 102 JIT passes", () => {
  const [d2, d1] = DAYS;

  it('07:00 WIB: the morning scrape with the day counts; averages and changes over scrape runs only', async () => {
    await morning(TODAY);
    const v = await view(wib(TODAY.date, '07:00'));
    expect(v.morning).toMatchObject({
      run_type: 'movies',
      status: 'success',
      timestamp: wib(TODAY.date, '06:00').toISOString(),
    });
    expect(v.morning).toMatchObject({ movies: TODAY.movies, cities: TODAY.cities, theatres_total: TODAY.theatres });
    expect(v.jit.runs).toBe(0);
    // newest 30: today's movies run, yesterday's 17 hours + movies run, the day before's last 11 hours
    expect(v.stats.total).toBe(30);
    expect(v.stats.avgMovies).toBeCloseTo((TODAY.movies + 18 * d1!.movies + 11 * d2!.movies) / 30, 9);
    expect(v.stats.avgTheatres).toBeCloseTo((TODAY.theatres + 18 * d1!.theatres + 11 * d2!.theatres) / 30, 9);
    expect(v.stats.successRate).toBe(1);
    expect(v.history[0]!.changes).toEqual({
      movies: TODAY.movies - d1!.movies,
      theatres: TODAY.theatres - d1!.theatres,
    });
    // no row of bookkeeping: every row carries its day's catalogue counts, so no "−29 movies" changes
    expect(v.history.every((r) => r.movies > 0 && r.theatres_total > 0)).toBe(true);
    expect(new Set(v.history.map((r) => r.run_type))).toEqual(new Set(['movies', 'seats']));
  });

  it('14:00 WIB: the JIT card sums the 42 passes so far; the morning counts stay right', async () => {
    for (const i of range(42)) await jitPass(i); // 07:06 … 13:56
    const v = await view(wib(TODAY.date, '14:00'));
    expect(v.jit).toMatchObject({
      runs: 7, // one document per WIB hour 07…13
      showtimes_scraped: sum(range(42).map(passScraped)),
      showtimes_success: sum(range(42).map(passSuccess)),
      first: passAt(0).toISOString(),
      last: passAt(36).toISOString(), // 13:06, the 13 hour's first pass
    });
    expect(v.morning).toMatchObject({ movies: TODAY.movies, cities: TODAY.cities, theatres_total: TODAY.theatres });
    expect(v.history.some((r) => r.run_type === 'movies' && r.date === TODAY.date)).toBe(true);
    expect(v.stats.avgMovies).toBeCloseTo((8 * TODAY.movies + 18 * d1!.movies + 4 * d2!.movies) / 30, 9);
    expect(v.stats.successRate).toBeCloseTo(29 / 30, 9); // the 10:00 hour holds the partial pass
    const hour10 = (await store.list('scraper_runs', { where: { run_type: 'seats', date: TODAY.date } })).find(
      (d) => d.data.jit_hour === '2026-01-19T10',
    );
    expect(hour10!.data).toMatchObject({ status: 'partial', passes: 6 });
    // each JIT hour reads like the day's scrape in the history: 494/494 theatres, not 0/494
    const jitRows = v.history.filter((r) => r.run_type === 'seats' && r.date === TODAY.date);
    expect(jitRows).toHaveLength(7);
    for (const row of jitRows)
      expect(row).toMatchObject({
        theatres_total: TODAY.theatres,
        theatres_success: TODAY.theatres,
        theatres_failed: 0,
      });
  }, 120_000);

  it('23:59 WIB: 102 passes in 17 hour documents; the morning movies run still among the newest 30', async () => {
    for (const i of range(PASSES).slice(42)) await jitPass(i);
    const v = await view(wib(TODAY.date, '23:59'));
    expect(v.jit).toMatchObject({
      runs: 17,
      showtimes_scraped: sum(range(PASSES).map(passScraped)),
      showtimes_success: sum(range(PASSES).map(passSuccess)),
    });
    const hours = await store.list('scraper_runs', { where: { run_type: 'seats', date: TODAY.date } });
    expect(sum(hours.map((h) => h.data.passes as number))).toBe(PASSES);
    expect(v.history.filter((r) => r.run_type === 'movies' && r.date === TODAY.date)).toHaveLength(1);
    expect(v.morning).toMatchObject({ movies: TODAY.movies, cities: TODAY.cities, theatres_total: TODAY.theatres });
    expect(v.stats.avgMovies).toBeCloseTo((18 * TODAY.movies + 12 * d1!.movies) / 30, 9);
    expect(v.stats.avgTheatres).toBeCloseTo((18 * TODAY.theatres + 12 * d1!.theatres) / 30, 9);

    // everything else went to run_log, one record per run
    const logged = (await store.list('run_log', { where: { date: TODAY.date } })).map((d) => d.data);
    const kinds = logged.map((d) => `${String(d.run_type)}${d.mode ? `/${String(d.mode)}` : ''}`);
    expect(kinds.filter((k) => k === 'seats/jit')).toHaveLength(PASSES);
    expect(kinds.filter((k) => k !== 'seats/jit').sort()).toEqual(['movies', 'schedules', 'seats/morning', 'token']);
    const admin = (await store.list('scraper_runs', { where: { date: TODAY.date } })).map((d) =>
      String(d.data.run_type),
    );
    expect(admin.sort()).toEqual(['movies', ...Array(17).fill('seats')]);
  }, 180_000);
});
