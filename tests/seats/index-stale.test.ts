/**
 * The JIT pass's index of start times (`seat_index/{date}`) must follow the day's showtimes
 * documents: a city whose schedules failed in the morning and were read again later (a `--city`
 * re-run) must be seen by the next JIT pass, not hidden by an index built before it existed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { scrapeSchedules } from '../../scrapers/schedules/scrape.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import { cityByName } from '../../shared/tix/cities.js';
import { openSeatsWorld, type SeatsWorld } from './world.js';

const MORNING = '2026-01-19T06:00:00.000Z';

let w: SeatsWorld;
beforeAll(async () => {
  w = await openSeatsWorld({ name: 'seats-index-stale', preset: 'tiny', now: MORNING });
}, 60_000);
afterAll(async () => {
  await w?.close();
});

describe('seat index after a later schedules run', () => {
  it('a JIT pass sees the showtimes of a city whose schedules were stored after the morning pass', async () => {
    const deps = { client: w.client, store: w.store, clock: w.sim.clock, log: w.log };
    const jayapura = cityByName('JAYAPURA')!;
    await scrapeMovies(deps);
    w.sim.faults.set({ successFalse: { endpoints: ['schedules'], cityIds: [jayapura.id], code: 'SCHEDULE_DOWN' } });
    expect((await scrapeSchedules(deps)).summary.status).toBe('failed'); // one city of three: over the 10% a partial may miss
    w.sim.faults.clear();

    // The morning pass builds the index from the documents there are: no JAYAPURA yet.
    const morning = await runSeatPass(deps, { mode: 'morning' });
    expect(morning.failed).toBe(0);

    // JAYAPURA read again later in the day.
    expect((await scrapeSchedules(deps, { cities: [jayapura] })).summary.status).toBe('success');

    // A JIT pass 20 minutes before a Jayapura show must pick it.
    const show = w.sim.data.showtimes.find(
      (s) => s.zone === 'Asia/Jayapura' && Date.parse(s.startsAt) - 20 * 60_000 > Date.parse(MORNING),
    )!;
    expect(show).toBeDefined();
    const at = Date.parse(show.startsAt) - 20 * 60_000;
    w.sim.clock.set(new Date(at));
    const due = w.sim.data.showtimes.filter(
      (s) => Date.parse(s.startsAt) > at && Date.parse(s.startsAt) <= at + 20 * 60_000,
    );
    const jit = await runSeatPass(deps, { mode: 'jit', windowMinutes: 20 });
    expect(jit.failed).toBe(0);
    expect(jit.selectedIds).toContain(show.id);
    expect(new Set(jit.selectedIds)).toEqual(new Set(due.map((s) => s.id)));
  });
});
