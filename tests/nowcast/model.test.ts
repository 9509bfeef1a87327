import { describe, expect, it } from 'vitest';
import { createWorld } from '../../scripts/tix-sim/world.js';
import { runSeason } from './season.js';

describe('nowcast on the simulated season (tiny preset, pure)', () => {
  const world = createWorld({ preset: 'tiny', seed: 7 });
  // Two weeks of box office only (release dates settle: a movie already playing on the first day
  // reads as released that day), a week with the nowcast learning and scored, then the week judged.
  const season = runSeason(world, { from: '2026-02-02', days: 28, nowcastFrom: 14 });
  const judged = season.slice(21);

  it('the noon nowcast of the day total is within 5% of the measured total on each of the 7 days', () => {
    const errors = judged.map((d) => ({ date: d.date, ape: d.scores!.nowcasts[0]!.total.ape }));
    console.log('noon total APE', errors.map((e) => `${e.date} ${(100 * e.ape!).toFixed(2)}%`).join(', '));
    expect(judged).toHaveLength(7);
    for (const e of errors) expect(e.ape, e.date).toBeLessThan(0.05);
  });

  it('the 80% intervals hold the measured admissions for 70–90% of movie-days', () => {
    const rows = judged.flatMap((d) => d.scores!.nowcasts[0]!.movies);
    const held = rows.filter((r) => r.held).length / rows.length;
    const rows18 = judged.flatMap((d) => d.scores!.nowcasts[1]!.movies);
    const held18 = rows18.filter((r) => r.held).length / rows18.length;
    console.log(
      `noon coverage ${(100 * held).toFixed(1)}% of ${rows.length} movie-days; 18:00 ${(100 * held18).toFixed(1)}%`,
    );
    expect(rows.length).toBeGreaterThan(30);
    expect(held).toBeGreaterThanOrEqual(0.7);
    expect(held).toBeLessThanOrEqual(0.9);
  });
});
