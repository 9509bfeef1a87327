/**
 * The nowcast's part of the nightly summary (scripts/summary/run.ts): from the finished day's
 * ShowRows and box office, the walk-up cells later nowcasts learn from, and the scores of the
 * day's nowcasts (`box_office_nowcast/{date}_*`, one id-range query: 1–2 reads; the earlier release
 * dates come from the box office history the summary read), both stored in
 * `box_office/{date}` (`walkup_cells`, `nowcast`). Nothing of the box office is recomputed here.
 */
import type { DocData, Store } from '../../shared/store/store.js';
import type { BoxOfficeDay, DayInput, ShowRow } from '../box-office/types.js';
import { BOX_OFFICE_NOWCAST, fromNowcastDoc, toScoresField } from './doc.js';
import { dayOfRunOn, nextReleaseDates, walkupCells, type ReleaseDates } from './features.js';
import { scoreNowcast, type NowcastScores } from './score.js';

export interface NightlyNowcast {
  /** Fields to add to `box_office/{date}`. */
  fields: DocData;
  scores: NowcastScores | undefined;
  reads: number;
}

export function presaleIds(movies: DayInput['movies']): Set<string> {
  return new Set(movies.filter((m) => m.is_presale).map((m) => m.id));
}

/** Each movie's day of run from its release date (movies without one are left out: presale). */
export function dayOfRunMap(releaseDates: ReleaseDates, date: string): Map<string, number> {
  return new Map(Object.keys(releaseDates).map((id) => [id, dayOfRunOn(releaseDates[id], date)!]));
}

/**
 * `releaseDatesBefore`: the release dates as of the days before (latestReleaseDates over the box
 * office history the summary already read, with `release_dates` in its field mask).
 */
export async function nightlyNowcast(
  store: Store,
  day: BoxOfficeDay,
  shows: readonly ShowRow[],
  presale: ReadonlySet<string>,
  scoredAt: string,
  releaseDatesBefore: ReleaseDates,
): Promise<NightlyNowcast> {
  const releaseDates = nextReleaseDates(
    releaseDatesBefore,
    day.date,
    day.movies.map((m) => m.movie_id),
    presale,
  );
  const cells = walkupCells(shows, dayOfRunMap(releaseDates, day.date), presale);
  const docs = await store.list(BOX_OFFICE_NOWCAST, { idFrom: `${day.date}_`, idBefore: `${day.date}_~` });
  const nowcasts = docs.map((d) => fromNowcastDoc(d.data)).filter((n) => n !== undefined);
  const scores = nowcasts.length
    ? { scored_at: scoredAt, nowcasts: nowcasts.map((n) => scoreNowcast(n, day)) }
    : undefined;
  return {
    fields: { walkup_cells: cells, release_dates: releaseDates, ...(scores ? { nowcast: toScoresField(scores) } : {}) },
    scores,
    reads: Math.max(1, docs.length),
  };
}
