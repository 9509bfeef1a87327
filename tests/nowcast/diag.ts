import { createWorld } from '../../scripts/tix-sim/world.js';
import { runSeason } from './season.js';
const preset = (process.argv[2] ?? 'tiny') as 'tiny';
for (const seed of process.argv.slice(3).map(Number)) {
  const t0 = Date.now();
  const season = runSeason(createWorld({ preset, seed }), { from: '2026-02-02', days: 28, nowcastFrom: 14 });
  const j = season.slice(7);
  const rows = j.flatMap((d) => d.scores.nowcasts[0]!.movies);
  console.log(
    seed,
    `${Date.now() - t0}ms`,
    'cov',
    (rows.filter((r) => r.held).length / rows.length).toFixed(2),
    rows.length,
    'apes',
    j
      .map((d) => {
        const t = d.scores.nowcasts[0]!.total;
        return (((t.point - t.measured) / t.measured) * 100).toFixed(1);
      })
      .join(' '),
    'q',
    j[6]!.nowcasts[0]!.calibration.q.toFixed(2),
  );
}
