/**
 * The box office over a simulated season (scripts/tix-sim season): eight days of the city preset
 * with one day left out (no scrape, no summary), each day scraped from the simulator over HTTP, read
 * by the 06:00 morning pass and summed by `npm run summary`'s step, so each day reads the box office
 * of the days before it from the store. Checked against the simulator's truth: each movie's
 * admissions (the truth at its morning readings), change vs the day before and vs the same weekday a
 * week before (null after the gap and where the movie did not play), cumulative admissions over the
 * days present and day of run from each movie's first day in the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysToDate, localToInstant } from '../../shared/clock.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import type { BoxOfficeDay } from '../../scripts/box-office/types.js';
import { runSummary } from '../../scripts/summary/run.js';
import { truthOf } from '../../scripts/tix-sim/world.js';
import { openSeatsWorld, scrapeDay, type SeatsWorld } from '../seats/world.js';

const FIRST = '2026-03-02'; // a Monday
const DATES = Array.from({ length: 9 }, (_, i) => addDaysToDate(FIRST, i)); // Mon … the next Tue
const GAP = DATES[3]!; // Thursday: no data at all
const sixAm = (d: string) => localToInstant(d, '06:00', 'Asia/Jakarta');
let w: SeatsWorld;
const days = new Map<string, BoxOfficeDay>();
/** Per date and movie: Σ truth at each show's morning reading. */
const truth = new Map<string, Map<string, number>>();

beforeAll(async () => {
  w = await openSeatsWorld({
    name: 'box-office-season',
    preset: 'city',
    now: sixAm(FIRST).toISOString(),
    concurrency: 16,
  });
  for (const date of DATES) {
    if (date === GAP) continue;
    w.sim.clock.set(sixAm(date));
    await scrapeDay(w);
    const pass = await runSeatPass(
      { store: w.store, client: w.client, clock: w.sim.clock, log: w.log },
      { mode: 'morning', workers: 32 },
    );
    if (pass.failed) throw new Error(`${date}: morning pass: ${pass.failed} failed`);
    const byMovie = new Map<string, number>();
    for (const s of w.sim.dayOf(date).showtimes) {
      const t = truthOf(w.sim.world, s.id, sixAm(date));
      if (Date.parse(s.startsAt) > sixAm(date).getTime())
        byMovie.set(s.movieId, (byMovie.get(s.movieId) ?? 0) + t!.unavailable);
    }
    truth.set(date, byMovie);
    w.sim.clock.set(localToInstant(addDaysToDate(date, 1), '00:05', 'Asia/Jakarta'));
    const r = await runSummary({ store: w.store, clock: w.sim.clock, log: w.log }, { date });
    if (r.run.status !== 'success') throw new Error(`${date}: summary ${r.run.status}: ${r.crashed ?? ''}`);
    days.set(date, r.boxOffice);
  }
}, 600_000);
afterAll(async () => {
  await w?.close();
});

const pct = (now: number, then: number | undefined) => (then ? Math.round(((now - then) / then) * 1000) / 10 : null);

describe('a season of eight days with a gap', () => {
  it('each day: every movie equals the truth at its morning readings', () => {
    expect(days.size).toBe(8);
    for (const [date, day] of days) {
      const t = truth.get(date)!;
      expect(day.totals.shows_morning_only + day.totals.shows_unread).toBe(day.totals.shows);
      for (const m of day.movies) expect(m.admissions, `${date} ${m.movie_id}`).toBe(t.get(m.movie_id) ?? 0);
    }
  });

  it('change vs the day before and the same weekday a week before: null where that day is missing', () => {
    let changes = 0;
    let weekChanges = 0;
    for (const [date, day] of days) {
      const before = truth.get(addDaysToDate(date, -1));
      const weekBefore = truth.get(addDaysToDate(date, -7));
      for (const m of day.movies) {
        expect(m.change_day_pct, `${date} ${m.movie_id}`).toBe(
          before ? pct(m.admissions, before.get(m.movie_id)) : null,
        );
        expect(m.change_week_pct, `${date} ${m.movie_id}`).toBe(
          weekBefore ? pct(m.admissions, weekBefore.get(m.movie_id)) : null,
        );
        if (m.change_day_pct !== null) changes++;
        if (m.change_week_pct !== null) weekChanges++;
      }
    }
    // the day after the gap has no change vs the day before, for any movie
    expect(days.get(addDaysToDate(GAP, 1))!.movies.every((m) => m.change_day_pct === null)).toBe(true);
    expect(changes).toBeGreaterThan(10);
    expect(weekChanges).toBeGreaterThan(0); // the second Monday and Tuesday against the first
  });

  it('cumulative admissions sum the days present; day of run counts calendar days from the first day in the data', () => {
    const first = new Map<string, string>();
    const sums = new Map<string, number>();
    let opened = 0;
    for (const [date, day] of [...days].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const m of day.movies) {
        if (!first.has(m.movie_id)) first.set(m.movie_id, date);
        sums.set(m.movie_id, (sums.get(m.movie_id) ?? 0) + m.admissions);
        expect(m.cumulative_admissions, `${date} ${m.movie_id}`).toBe(sums.get(m.movie_id));
        const runDays = Math.round((Date.parse(date) - Date.parse(first.get(m.movie_id)!)) / 86_400_000) + 1;
        expect(m.day_of_run, `${date} ${m.movie_id}`).toBe(runDays);
        if (date > FIRST && runDays === 1) opened++;
      }
    }
    // new releases open during the season (Wednesday openings), each starting its run at day 1
    expect(opened).toBeGreaterThan(0);
  });
});
