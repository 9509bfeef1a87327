/**
 * What the nowcast says when it cannot do its best: no history (the prior), a movie on its first
 * day, a chain whose morning pass failed (named, estimated from its groups' means), and the
 * refusals (no shows, the morning pass failed for every show to come): never a silent zero.
 */
import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../shared/clock.js';
import { buildShowRows } from '../../scripts/box-office/shows.js';
import { calibrate } from '../../scripts/nowcast/calibration.js';
import { nowcast, NowcastRefusal, type NowcastInput } from '../../scripts/nowcast/model.js';
import { learnRatios, PRIOR } from '../../scripts/nowcast/ratios.js';
import { createWorld } from '../../scripts/tix-sim/world.js';
import { runSeason } from './season.js';
import { simDayReadings, type SimReadOptions } from './sim-days.js';

const world = createWorld({ preset: 'tiny', seed: 3 });
const DATE = '2026-02-18';
const at = localToInstant(DATE, '12:00', 'Asia/Jakarta');
const readings = simDayReadings(world, DATE);

function input(o: SimReadOptions & Partial<NowcastInput> = {}): NowcastInput {
  return {
    date: DATE,
    at,
    computedAt: at.toISOString(),
    shows: buildShowRows(readings.input({ readUntil: at, ...o })).shows,
    releaseDates: {},
    presale: readings.presale,
    ratios: learnRatios([]),
    historyRange: { from: null, to: null },
    calibration: calibrate([]),
    ...o,
  };
}

describe('nowcast fallbacks and refusals', () => {
  it('with no history every ratio is the stated prior, and the nowcast says so', () => {
    const nc = nowcast(input());
    const kinds = nc.fallbacks.map((f) => f.kind);
    expect(kinds).toContain('no_history');
    expect(kinds).toContain('prior');
    expect(nc.levels.prior).toBe(nc.totals.shows_pending);
    expect(nc.totals.admissions.point).toBeGreaterThan(nc.totals.admissions_measured);
    expect(nc.history.tau).toBeGreaterThanOrEqual(PRIOR.tau);
    // a movie the release dates do not know is on its first day (presale previews are not)
    const first = nc.fallbacks.filter((f) => f.kind === 'first_day').map((f) => f.subject);
    expect(first.length).toBe(nc.movies.filter((m) => !readings.presale.has(m.movie_id)).length);
  });

  it('a movie new today is named first_day; known movies are not', () => {
    const season = runSeason(world, { from: '2026-02-04', days: 14, nowcastFrom: 7, at: ['12:00'] });
    const nc = season.at(-1)!.nowcasts[0]!;
    const first = nc.fallbacks.filter((f) => f.kind === 'first_day');
    for (const f of first) expect(nc.movies.find((m) => m.movie_id === f.subject)!.day_of_run).toBeNull();
    expect(nc.movies.filter((m) => m.day_of_run !== null).length).toBeGreaterThan(0);
    expect(nc.fallbacks.some((f) => f.kind === 'no_history' || f.kind === 'prior')).toBe(false);
  });

  it('a chain whose morning pass failed is named with its shows, and they are estimated, not zero', () => {
    const nc = nowcast(input({ noMorningFor: 'CGV' }));
    const f = nc.fallbacks.find((x) => x.kind === 'no_morning_reading');
    expect(f?.subject).toBe('CGV');
    expect(f!.shows).toBeGreaterThan(0);
    expect(nc.totals.shows_pending_unread).toBe(f!.shows);
    const full = nowcast(input());
    expect(nc.totals.admissions.point).toBeGreaterThan(full.totals.admissions_measured);
  });

  it('refuses with a named reason when no show is scheduled or no show to come has a morning reading', () => {
    expect(() => nowcast(input({ shows: [] }))).toThrow(NowcastRefusal);
    try {
      nowcast(input({ shows: [] }));
    } catch (e) {
      expect((e as NowcastRefusal).reason).toBe('no_shows');
    }
    const blind = buildShowRows(readings.input({ readUntil: at })).shows.map((s) =>
      Date.parse(s.start_at) > at.getTime()
        ? { ...s, unavailable_morning: null, admissions: null, last_kind: null }
        : s,
    );
    expect(() => nowcast(input({ shows: blind }))).toThrow(/morning pass failed/);
  });
});
