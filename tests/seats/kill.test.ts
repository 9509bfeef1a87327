/**
 * A real `scrape:seats` process (tsx, against the simulator over loopback and the Firestore
 * emulator) killed at seeded random points — SIGTERM, SIGINT and SIGKILL, morning and JIT — then run
 * again. Every show must end with exactly one reading of the pass's kind, and the re-run must ask
 * TIX.id only for the shows whose reading was not stored:
 *
 *  - SIGINT/SIGTERM: the process exits 130/143, stores every reading it took (none is asked again)
 *    and its run record says `cancelled`;
 *  - SIGKILL: at most the unsaved batch (≤ 2 s of readings) is lost and asked again, never a stored one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../scripts/tix-sim/rng.js';
import { readDayOccupancy } from '../helpers/day-readings.js';
import { openSeatsWorld, runCliProcess, scrapeDay, type CliExit, type SeatsWorld } from './world.js';

// 06:00 WIB: every show of the day is ahead.
const NOW = '2026-01-18T23:00:00.000Z';
const RPS = 40;
let w: SeatsWorld;
let date: string;

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'seats-kill', preset: 'tiny', now: NOW });
  date = w.sim.data.date;
  await scrapeDay(w);
}, 120_000);
afterAll(async () => {
  await w?.close();
});

const layouts = () => w.sim.stats().byEndpointStatus.layout?.['200'] ?? 0;

/** Run the seats CLI; with `kill`, send `signal` once the simulator has answered that many layouts. */
function runSeats(args: string[], kill?: { at: number; signal: NodeJS.Signals }): Promise<CliExit> {
  return runCliProcess(
    w,
    ['scrapers/seats/main.ts', ...args],
    { now: NOW, rps: RPS, concurrency: 4 },
    kill && { when: () => layouts() >= kill.at, signal: kill.signal },
  );
}

async function clearSeatData(): Promise<void> {
  for (const c of [`seat_days/${date}/slots`, 'seat_snapshots', 'seat_index', 'run_log', 'scraper_runs']) {
    for (const d of await w.store.list(c, { fields: [] })) await w.store.delete(d.path);
  }
}

/** The shows a pass of `mode` at NOW reads (JIT: with a 10-hour window, so the pass lasts seconds). */
function due(mode: 'morning' | 'jit'): string[] {
  const now = Date.parse(NOW);
  const end = mode === 'morning' ? Infinity : now + 600 * 60_000;
  return w.sim.data.showtimes
    .filter((s) => Date.parse(s.startsAt) > now && Date.parse(s.startsAt) <= end)
    .map((s) => s.id);
}

const CASES: { seed: number; mode: 'morning' | 'jit'; signal: NodeJS.Signals }[] = [
  { seed: 1, mode: 'morning', signal: 'SIGTERM' },
  { seed: 2, mode: 'morning', signal: 'SIGKILL' },
  { seed: 3, mode: 'jit', signal: 'SIGKILL' },
  { seed: 4, mode: 'jit', signal: 'SIGINT' },
];

describe('a seat pass killed and run again', () => {
  for (const c of CASES) {
    it(`${c.mode}, ${c.signal} at a random point (seed ${c.seed}): one reading per show, no stored reading asked again`, async () => {
      await clearSeatData();
      const shows = due(c.mode);
      expect(shows.length).toBeGreaterThan(60);
      const args = c.mode === 'morning' ? ['--mode', 'morning'] : ['--mode', 'jit', '--window-minutes', '600'];
      const killAt = 10 + Math.floor(new Rng(c.seed).next() * (shows.length - 40));

      w.sim.resetStats();
      const first = await runSeats(args, { at: killAt, signal: c.signal });
      const asked1 = layouts();
      expect(asked1).toBeGreaterThanOrEqual(killAt);
      expect(asked1, 'killed before the end').toBeLessThan(shows.length);
      const stored1 = new Set(
        (await readDayOccupancy(w.store, date)).filter((r) => r.snapshot_type === c.mode).map((r) => r.showtime_id),
      );

      if (c.signal === 'SIGKILL') {
        expect(first.signal).toBe('SIGKILL');
        // at most the unsaved batch is lost: 2 s of readings at the configured rate, plus those in flight
        expect(asked1 - stored1.size).toBeLessThanOrEqual(2 * RPS + 8);
      } else {
        expect(first.code, first.stderr.slice(-2000)).toBe(c.signal === 'SIGINT' ? 130 : 143);
        // every reading taken before stopping was stored
        expect(stored1.size).toBe(asked1);
        const runs = (await w.store.list('run_log')).map((d) => d.data);
        expect(runs.filter((r) => r.run_type === 'seats').map((r) => r.status)).toEqual(['cancelled']);
      }

      // The re-run asks only for what is not stored, and completes the day.
      w.sim.resetStats();
      const second = await runSeats(args);
      expect(second.code, second.stderr.slice(-2000)).toBe(0);
      expect(layouts()).toBe(shows.length - stored1.size);

      const readings = (await readDayOccupancy(w.store, date)).filter((r) => r.snapshot_type === c.mode);
      expect(readings.map((r) => r.showtime_id).sort()).toEqual([...shows].sort());
      for (const r of readings) expect(r.unavailable_seats).toBe(w.sim.seatTruth(r.showtime_id)!.unavailable);
      const snapshots = await w.store.list('seat_snapshots', { fields: ['showtime_id'] });
      if (c.mode === 'morning') expect(snapshots).toHaveLength(0);
      else expect(snapshots.map((d) => d.data.showtime_id).sort()).toEqual([...shows].sort());
    }, 120_000);
  }
});
