/**
 * The nowcast over a simulated season, pure (no store, no HTTP): every day the box office is
 * computed from full readings, and, from the `nowcastFrom`-th day on, the day's walk-up cells are
 * kept and the 12:00 and 18:00 nowcasts are made from the readings up to then and scored at night,
 * as the command and the nightly summary do.
 */
import { addDaysToDate, localToInstant } from '../../shared/clock.js';
import { asHistory, computeBoxOffice } from '../../scripts/box-office/day.js';
import { buildShowRows } from '../../scripts/box-office/shows.js';
import type { BoxOfficeDay, HistoryDay } from '../../scripts/box-office/types.js';
import { calibrate } from '../../scripts/nowcast/calibration.js';
import { nextReleaseDates, walkupCells, type ReleaseDates } from '../../scripts/nowcast/features.js';
import { dayOfRunMap } from '../../scripts/nowcast/nightly.js';
import { nowcast, type Nowcast } from '../../scripts/nowcast/model.js';
import { HISTORY_WINDOW, learnRatios, type TrainingDay } from '../../scripts/nowcast/ratios.js';
import { scoreNowcast, scoredZ, type NowcastScores } from '../../scripts/nowcast/score.js';
import type { SimWorld } from '../../scripts/tix-sim/world.js';
import { simDayInput, type SimReadOptions } from './sim-days.js';

export interface SeasonDay {
  date: string;
  boxOffice: BoxOfficeDay;
  nowcasts: Nowcast[];
  scores: NowcastScores | undefined;
}

export function runSeason(
  world: SimWorld,
  o: { from: string; days: number; nowcastFrom: number; at?: string[]; readOptions?: (date: string) => SimReadOptions },
): SeasonDay[] {
  const history: HistoryDay[] = [];
  const training: TrainingDay[] = [];
  let releaseDates: ReleaseDates = {};
  const out: SeasonDay[] = [];
  for (let i = 0; i < o.days; i++) {
    const date = addDaysToDate(o.from, i);
    const input = simDayInput(world, date);
    const presale = new Set(input.movies.filter((m) => m.is_presale).map((m) => m.id));
    const built = buildShowRows(input);
    const past = history.filter((h) => h.date >= addDaysToDate(date, -8));
    const boxOffice = computeBoxOffice(date, built.shows, past, `${date}T20:00:00.000Z`, built.issues);
    const nowcasts: Nowcast[] = [];
    let scores: NowcastScores | undefined;
    if (i >= o.nowcastFrom) {
      const window = training.filter((t) => t.date >= addDaysToDate(date, -HISTORY_WINDOW));
      const ratios = learnRatios(window);
      const calibration = calibrate(
        scoredZ(out.filter((d) => d.date >= addDaysToDate(date, -HISTORY_WINDOW)).map((d) => d.scores)),
      );
      for (const hhmm of o.at ?? ['12:00', '18:00']) {
        const at = localToInstant(date, hhmm, 'Asia/Jakarta');
        const sofar = buildShowRows(simDayInput(world, date, { readUntil: at, ...o.readOptions?.(date) }));
        nowcasts.push(
          nowcast({
            date,
            at,
            computedAt: at.toISOString(),
            shows: sofar.shows,
            releaseDates,
            presale,
            ratios,
            historyRange: { from: window[0]?.date ?? null, to: window[window.length - 1]?.date ?? null },
            calibration,
          }),
        );
      }
      scores = { scored_at: `${date}T20:00:00.000Z`, nowcasts: nowcasts.map((n) => scoreNowcast(n, boxOffice)) };
    }
    releaseDates = nextReleaseDates(
      releaseDates,
      date,
      boxOffice.movies.map((m) => m.movie_id),
      presale,
    );
    if (i >= o.nowcastFrom)
      training.push({ date, cells: walkupCells(built.shows, dayOfRunMap(releaseDates, date), presale) });
    history.push(asHistory(boxOffice));
    out.push({ date, boxOffice, nowcasts, scores });
  }
  return out;
}
