import { describe, expect, it } from 'vitest';
import { createWorld } from '../../scripts/tix-sim/world.js';
import { errorHistory } from '../../scripts/nowcast/page.js';
import { runSeason } from './season.js';

// The city preset (Jakarta, ~1,600 shows a day): the tiny one's ~160 shows a day are too few for
// any estimate of a day total to stay within 5% every day (its show-level noise alone is ~2.5%).
describe('nowcast on the simulated season (city preset, pure)', () => {
  const world = createWorld({ preset: 'city', seed: 7 });
  // Two weeks of the movies list only (release dates settle: a movie already playing on the first
  // day reads as released that day), a week of box office with nowcasts learning and scored, then
  // the week judged.
  const season = runSeason(world, { from: '2026-02-02', days: 28, nowcastFrom: 14 });
  const judged = season.slice(7);

  it('the noon nowcast of the day total is within 5% of the measured total on each of the 7 days', () => {
    const errors = judged.map((d) => ({ date: d.date, ape: d.scores.nowcasts[0]!.total.ape }));
    console.log('noon total APE', errors.map((e) => `${e.date} ${(100 * e.ape!).toFixed(2)}%`).join(', '));
    expect(judged).toHaveLength(7);
    for (const e of errors) expect(e.ape, e.date).toBeLessThan(0.05);
  });

  it('the 80% intervals hold the measured admissions for 70–90% of movie-days', () => {
    const rows = judged.flatMap((d) => d.scores.nowcasts[0]!.movies);
    const held = rows.filter((r) => r.held).length / rows.length;
    const rows18 = judged.flatMap((d) => d.scores.nowcasts[1]!.movies);
    const held18 = rows18.filter((r) => r.held).length / rows18.length;
    console.log(
      `noon coverage ${(100 * held).toFixed(1)}% of ${rows.length} movie-days; 18:00 ${(100 * held18).toFixed(1)}%`,
    );
    expect(rows.length).toBeGreaterThan(30);
    expect(held).toBeGreaterThanOrEqual(0.7);
    expect(held).toBeLessThanOrEqual(0.9);
  });
});

describe('the error history the report shows (page.ts)', () => {
  it('one row per nowcast with its day-total error, and the rolling 7-day mean error and coverage', () => {
    const world = createWorld({ preset: 'tiny', seed: 5 });
    const season = runSeason(world, { from: '2026-02-02', days: 17, nowcastFrom: 7 });
    const { rows, rolling } = errorHistory(season.map((d) => ({ date: d.date, nowcast: d.scores })));
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.at_local === '12:00')).toHaveLength(10);
    const last = rolling.filter((r) => r.at_local === '12:00').at(-1)!;
    const week = season.slice(-7).map((d) => d.scores.nowcasts[0]!);
    expect(last.days).toBe(7);
    expect(last.mean_total_ape_7d).toBeCloseTo(week.reduce((s, n) => s + n.total.ape!, 0) / 7, 10);
    const movies = week.flatMap((n) => n.movies);
    expect(last.coverage_7d).toBeCloseTo(movies.filter((m) => m.held).length / movies.length, 10);
  });
});
