/**
 * A real `npm run pipeline` process (tsx, against the simulator over loopback and the Firestore
 * emulator) killed in the middle of its schedules step — SIGTERM for one seed, SIGKILL for another —
 * then run again on the same day. The re-run must complete the day: exit 0, every showtime of the
 * day stored exactly once in the day's pair documents, one seat reading per show, and the movies
 * step not repeated (one movies run in run_log, TIX.id's movie list asked for by the first run only,
 * so snapshots/latest is published once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDayOccupancy } from './helpers/day-readings.js';
import { showtimesCollection } from '../shared/store/paths.js';
import { ShowtimesDoc } from '../shared/store/documents.js';
import { TOKEN_DOC } from '../shared/token/manager.js';
import { openSeatsWorld, runCliProcess, type CliExit, type SeatsWorld } from './seats/world.js';

// 06:00 WIB: every show of the day is ahead.
const NOW = '2026-01-18T23:00:00.000Z';
// Slow enough that the schedules step lasts seconds (tiny preset: a few dozen schedule pages).
const RPS = 8;
let w: SeatsWorld;
let date: string;
let token: unknown;

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'pipeline-kill', preset: 'tiny', now: NOW });
  date = w.sim.data.date;
  token = await w.store.get(TOKEN_DOC);
}, 120_000);
afterAll(async () => {
  await w?.close();
});

const schedulePages = () => w.sim.stats().byEndpointStatus.schedules?.['200'] ?? 0;

/** Run the pipeline; with `kill`, send `signal` once the simulator has answered that many schedule pages. */
function runPipeline(kill?: { at: number; signal: NodeJS.Signals }): Promise<CliExit> {
  return runCliProcess(
    w,
    ['scripts/pipeline.ts'],
    { now: NOW, rps: RPS, concurrency: 2 },
    kill && { when: () => schedulePages() >= kill.at, signal: kill.signal },
  );
}

/** Empty the project but the token (as a UI login left it). */
async function clearDay(): Promise<void> {
  for (const c of [
    'snapshots',
    `snapshots/${date}/cities`,
    showtimesCollection(date),
    'schedules',
    `seat_days/${date}/slots`,
    'seat_snapshots',
    'seat_index',
    'run_log',
    'scraper_runs',
    'theatres',
  ]) {
    for (const d of await w.store.list(c, { fields: [] })) await w.store.delete(d.path);
  }
  await w.store.set(TOKEN_DOC, token as Record<string, unknown>);
}

/** Every showtime id in the day's pair documents, duplicates kept. */
async function storedShowtimes(): Promise<string[]> {
  const ids: string[] = [];
  for (const d of await w.store.list(showtimesCollection(date))) {
    const doc = ShowtimesDoc.parse(d.data);
    for (const t of doc.theatres) for (const r of t.rooms) for (const s of r.all_showtimes) ids.push(s.showtime_id);
  }
  return ids;
}

const CASES: { signal: NodeJS.Signals; at: number }[] = [
  { signal: 'SIGTERM', at: 4 },
  { signal: 'SIGKILL', at: 9 },
];

describe('the pipeline killed mid-schedules and run again', () => {
  for (const c of CASES) {
    it(`${c.signal} after ${c.at} schedule pages: the day completes, latest published once`, async () => {
      await clearDay();
      w.sim.resetStats();
      const first = await runPipeline({ at: c.at, signal: c.signal });
      const pagesFirst = schedulePages();
      expect(pagesFirst).toBeGreaterThanOrEqual(c.at);
      expect(w.sim.stats().byEndpoint.layout ?? 0, 'killed before the seats step').toBe(0);
      expect((await w.store.get('snapshots/latest'))?.date).toBe(date);
      const moviesAsked = w.sim.stats().byEndpoint.movies ?? 0;
      expect(moviesAsked).toBeGreaterThan(0);

      if (c.signal === 'SIGKILL') {
        expect(first.signal).toBe('SIGKILL');
      } else {
        expect(first.code, first.stderr.slice(-2000)).toBe(143);
        // stopped promptly: at most one page per pair worker (2 × TIX_CONCURRENCY) after the signal
        expect(pagesFirst).toBeLessThanOrEqual(c.at + 4);
        const runs = (await w.store.list('run_log')).map((d) => d.data);
        expect(runs.map((r) => [r.run_type, r.status]).sort()).toEqual([
          ['movies', 'success'],
          ['schedules', 'cancelled'],
          ['token', 'success'],
        ]);
      }

      // The re-run: movies skipped, schedules and seats complete the day.
      w.sim.resetStats();
      const second = await runPipeline();
      expect(second.code, second.stderr.slice(-2000)).toBe(0);
      expect(w.sim.stats().byEndpoint.movies ?? 0, 'the movies step is not repeated').toBe(0);
      const runs = (await w.store.list('run_log')).map((d) => d.data);
      expect(runs.filter((r) => r.run_type === 'movies')).toHaveLength(1);
      expect(runs.filter((r) => r.run_type === 'schedules' && r.status === 'success')).toHaveLength(1);

      const ids = await storedShowtimes();
      const truth = w.sim.data.showtimes.map((s) => s.id);
      expect(ids.length, 'no showtime stored twice').toBe(new Set(ids).size);
      expect([...ids].sort()).toEqual([...truth].sort());
      const readings = (await readDayOccupancy(w.store, date)).filter((r) => r.snapshot_type === 'morning');
      expect(readings.map((r) => r.showtime_id).sort()).toEqual([...truth].sort());
    }, 180_000);
  }
});
