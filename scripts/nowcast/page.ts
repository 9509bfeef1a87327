/**
 * What the report's pages need of the nowcast (the pages themselves are the report's):
 *
 *  - the day page: the day's latest nowcast (`latestNowcast`: one id-range query on
 *    `box_office_nowcast`, the day's 0–2 documents);
 *  - the period page: the error history (`errorHistory` over the period's `box_office` documents'
 *    `nowcast` field, or `loadErrorHistory` reading them with a field mask): one row per nowcast with
 *    its day-total error and coverage, and the rolling 7-day mean error and coverage per time of day.
 */
import { addDaysToDate } from '../../shared/clock.js';
import type { Store } from '../../shared/store/store.js';
import { BOX_OFFICE } from '../box-office/doc.js';
import { BOX_OFFICE_NOWCAST, fromNowcastDoc, fromScoresField } from './doc.js';
import type { Nowcast } from './model.js';
import type { NowcastScores } from './score.js';

export async function latestNowcast(
  store: Store,
  date: string,
): Promise<{ nowcast: Nowcast | undefined; reads: number }> {
  const docs = await store.list(BOX_OFFICE_NOWCAST, { idFrom: `${date}_`, idBefore: `${date}_~` });
  const last = docs.sort((a, b) => (a.id < b.id ? -1 : 1)).at(-1);
  return { nowcast: fromNowcastDoc(last?.data), reads: Math.max(1, docs.length) };
}

export interface ErrorHistoryRow {
  date: string;
  nowcast_id: string;
  at_local: string;
  /** The day total's absolute percentage error (0–1), and whether its interval held. */
  total_ape: number | null;
  total_held: boolean;
  movies_mape: number | null;
  /** Share of the movies whose 80% interval held. */
  coverage: number | null;
  movies: number;
}

export interface RollingRow {
  date: string;
  at_local: string;
  /** Mean day-total APE and the movies' coverage over the 7 days ending on `date` (the days with that nowcast). */
  mean_total_ape_7d: number | null;
  coverage_7d: number | null;
  days: number;
}

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function errorHistory(days: readonly { date: string; nowcast: NowcastScores | undefined }[]): {
  rows: ErrorHistoryRow[];
  rolling: RollingRow[];
} {
  const rows: ErrorHistoryRow[] = days.flatMap((d) =>
    (d.nowcast?.nowcasts ?? []).map((n) => ({
      date: d.date,
      nowcast_id: n.nowcast_id,
      at_local: n.at_local,
      total_ape: n.total.ape,
      total_held: n.total.held,
      movies_mape: n.movies_mape,
      coverage: n.coverage,
      movies: n.movies.length,
    })),
  );
  rows.sort((a, b) => (a.nowcast_id < b.nowcast_id ? -1 : 1));
  const rolling: RollingRow[] = rows.map((r) => {
    const week = rows.filter(
      (x) => x.at_local === r.at_local && x.date <= r.date && x.date > addDaysToDate(r.date, -7),
    );
    const movieRows = days
      .filter((d) => d.date <= r.date && d.date > addDaysToDate(r.date, -7))
      .flatMap((d) => d.nowcast?.nowcasts.filter((n) => n.at_local === r.at_local).flatMap((n) => n.movies) ?? []);
    return {
      date: r.date,
      at_local: r.at_local,
      mean_total_ape_7d: mean(week.map((x) => x.total_ape).filter((x): x is number => x !== null)),
      coverage_7d: movieRows.length ? movieRows.filter((m) => m.held).length / movieRows.length : null,
      days: week.length,
    };
  });
  return { rows, rolling };
}

/** The error history of `from`…`to` from the store (one query, a read per box_office day, `nowcast` field only). */
export async function loadErrorHistory(store: Store, from: string, to: string) {
  const docs = await store.list(BOX_OFFICE, { idFrom: from, idBefore: addDaysToDate(to, 1), fields: ['nowcast'] });
  return {
    ...errorHistory(docs.map((d) => ({ date: d.id, nowcast: fromScoresField(d.data.nowcast) }))),
    reads: Math.max(1, docs.length),
  };
}
