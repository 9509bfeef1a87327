/**
 * The nowcast over a simulated season, pure (no store, no HTTP), as the command and the nightly
 * summary run it: before `nowcastFrom`, only the movies list is followed (release dates settle);
 * from then on each day's box office is computed from full readings, the 12:00 and 18:00 nowcasts
 * are made from the readings taken by then and scored at night, and the day's walk-up cells join
 * the history of the next days.
 */
import { addDaysToDate, localToInstant } from '../../shared/clock.js';
import { computeBoxOffice } from '../../scripts/box-office/day.js';
import { buildShowRows } from '../../scripts/box-office/shows.js';
import type { BoxOfficeDay } from '../../scripts/box-office/types.js';
import { calibrate } from '../../scripts/nowcast/calibration.js';
import { nextReleaseDates, walkupCells, type ReleaseDates } from '../../scripts/nowcast/features.js';
import { nowcast, type Nowcast } from '../../scripts/nowcast/model.js';
import { dayOfRunMap } from '../../scripts/nowcast/nightly.js';
import { HISTORY_WINDOW, learnRatios, type TrainingDay } from '../../scripts/nowcast/ratios.js';
import { scoreNowcast, scoredZ, type NowcastScores } from '../../scripts/nowcast/score.js';
import type { SimWorld } from '../../scripts/tix-sim/world.js';
import { simDayReadings, simMovies, type SimReadOptions } from './sim-days.js';

export interface SeasonDay {
  date: string;
  boxOffice: BoxOfficeDay;
  nowcasts: Nowcast[];
  scores: NowcastScores;
}

export interface SeasonOptions {
  from: string;
  days: number;
  /** Days (from `from`) on which only the movies list is followed. */
  nowcastFrom: number;
  at?: string[];
  readOptions?: (date: string) => SimReadOptions;
}

function dayNowcasts(
  date: string,
  readings: ReturnType<typeof simDayReadings>,
  o: SeasonOptions,
  ctx: { training: TrainingDay[]; releaseDates: ReleaseDates; past: SeasonDay[] },
): Nowcast[] {
  const window = ctx.training.filter((t) => t.date >= addDaysToDate(date, -HISTORY_WINDOW));
  const ratios = learnRatios(window);
  const calibration = calibrate(
    scoredZ(ctx.past.filter((d) => d.date >= addDaysToDate(date, -HISTORY_WINDOW)).map((d) => d.scores)),
  );
  return (o.at ?? ['12:00', '18:00']).map((hhmm) => {
    const at = localToInstant(date, hhmm, 'Asia/Jakarta');
    return nowcast({
      date,
      at,
      computedAt: at.toISOString(),
      shows: buildShowRows(readings.input({ readUntil: at, ...o.readOptions?.(date) })).shows,
      releaseDates: ctx.releaseDates,
      presale: readings.presale,
      ratios,
      historyRange: { from: window[0]?.date ?? null, to: window.at(-1)?.date ?? null },
      calibration,
    });
  });
}

export function runSeason(world: SimWorld, o: SeasonOptions): SeasonDay[] {
  const training: TrainingDay[] = [];
  const out: SeasonDay[] = [];
  let releaseDates: ReleaseDates = {};
  for (let i = 0; i < o.days; i++) {
    const date = addDaysToDate(o.from, i);
    if (i < o.nowcastFrom) {
      const m = simMovies(world, date);
      releaseDates = nextReleaseDates(releaseDates, date, m.ids, m.presale);
      continue;
    }
    const readings = simDayReadings(world, date);
    const built = buildShowRows(readings.input());
    const boxOffice = computeBoxOffice(date, built.shows, [], `${date}T20:00:00.000Z`, built.issues);
    const nowcasts = dayNowcasts(date, readings, o, { training, releaseDates, past: out });
    const scores = { scored_at: `${date}T20:00:00.000Z`, nowcasts: nowcasts.map((n) => scoreNowcast(n, boxOffice)) };
    releaseDates = nextReleaseDates(
      releaseDates,
      date,
      boxOffice.movies.map((m) => m.movie_id),
      readings.presale,
    );
    training.push({ date, cells: walkupCells(built.shows, dayOfRunMap(releaseDates, date), readings.presale) });
    out.push({ date, boxOffice, nowcasts, scores });
  }
  return out;
}
