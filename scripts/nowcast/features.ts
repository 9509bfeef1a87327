/**
 * The nowcast's features (docs/nowcast.md): a show's walk-up ratio (final admissions ÷ its 06:00
 * unavailable seats) is learned per **cell**, a small explainable group of shows:
 *
 *  - chain (`XXI`, `CGV`, `Cinépolis`): how early each chain's audience books;
 *  - start-hour band (theatre-local: before 13, 13–16, 17–19, 20 and later): early shows are
 *    mostly pre-sold, evening shows fill with walk-ups;
 *  - day kind (`weekday` Monday–Friday, `weekend` Saturday–Sunday): weekends are booked ahead;
 *  - the movie's week of run (`presale` for a sneak preview before its release, as the movies list
 *    flags it; else `1`, `2`, `3+` counted from its release: its first day in the data not flagged
 *    presale, kept in `box_office/{date}.release_dates`): a preview is sold out ahead, a new release
 *    is pre-sold, an old one is walked into.
 *
 * `walkupCells` sums a finished day's shows into cells (stored in `box_office/{date}.walkup_cells`
 * by the nightly summary, so the nowcast learns from ≤ 28 small documents, not from 28 days of
 * readings). Only shows with both readings (a morning one and a pre-show one) teach a ratio.
 */
import type { ShowRow } from '../box-office/types.js';

export const HOUR_BANDS = ['<13', '13-16', '17-19', '20+'] as const;
export const DAY_KINDS = ['weekday', 'weekend'] as const;
export const RUN_WEEKS = ['presale', '1', '2', '3+'] as const;

export type HourBand = (typeof HOUR_BANDS)[number];
export type DayKind = (typeof DAY_KINDS)[number];
export type RunWeek = (typeof RUN_WEEKS)[number];

export interface CellKey {
  chain: string;
  hour_band: HourBand;
  day_kind: DayKind;
  run_week: RunWeek;
}

/** One cell of a finished day: sums over its shows with a morning and a pre-show reading. */
export interface WalkupCell extends CellKey {
  shows: number;
  /** Σ unavailable seats at 06:00. */
  morning: number;
  /** Σ admissions (last reading before start). */
  admissions: number;
  /** Σ morning², Σ admissions², Σ morning × admissions: the residual spread without keeping the shows. */
  morning_sq: number;
  admissions_sq: number;
  cross: number;
}

const DAY_MS = 86_400_000;

export function hourBandOf(startLocal: string): HourBand {
  const h = Number(startLocal.slice(0, 2));
  if (h < 13) return '<13';
  if (h < 17) return '13-16';
  if (h < 20) return '17-19';
  return '20+';
}

/** Saturday and Sunday are the weekend (public holidays are not known here: docs/nowcast.md). */
export function dayKindOf(date: string): DayKind {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6 ? 'weekend' : 'weekday';
}

export function runWeekOf(dayOfRun: number): RunWeek {
  if (dayOfRun <= 7) return '1';
  return dayOfRun <= 14 ? '2' : '3+';
}

/** Days since a movie's release on `date` (its release day is day 1); null when its release is not known yet. */
export function dayOfRunOn(releaseDate: string | undefined, date: string): number | null {
  if (!releaseDate) return null;
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${releaseDate}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Movie id → release date (its first day in the data not flagged presale). */
export type ReleaseDates = Record<string, string>;

/** The release dates as of the latest of `docs` (box_office documents, date order) that has them; {} when none does. */
export function latestReleaseDates(docs: readonly { data: Record<string, unknown> }[]): ReleaseDates {
  const latest = [...docs].reverse().find((d) => d.data.release_dates && typeof d.data.release_dates === 'object');
  return (latest?.data.release_dates ?? {}) as ReleaseDates;
}

/** The release dates after a day: the earlier ones, plus today for every movie shown today that is not presale and new. */
export function nextReleaseDates(
  before: ReleaseDates,
  date: string,
  movieIds: Iterable<string>,
  presale: ReadonlySet<string>,
): ReleaseDates {
  const out = { ...before };
  for (const id of movieIds) if (!presale.has(id) && !(id in out)) out[id] = date;
  return out;
}

export function cellId(k: CellKey): string {
  return `${k.chain}|${k.hour_band}|${k.day_kind}|${k.run_week}`;
}

export function cellKeyOf(
  show: Pick<ShowRow, 'merchant' | 'start_local' | 'date'>,
  dayOfRun: number | null,
  presale = false,
): CellKey {
  return {
    chain: show.merchant,
    hour_band: hourBandOf(show.start_local),
    day_kind: dayKindOf(show.date),
    run_week: presale ? 'presale' : runWeekOf(dayOfRun ?? 1),
  };
}

/**
 * A finished day's walk-up cells (`dayOfRun`: the box office's `movies[].day_of_run` of that day;
 * `presale`: the movie ids the day's movies list flags as presale).
 */
export function walkupCells(
  shows: readonly ShowRow[],
  dayOfRun: ReadonlyMap<string, number>,
  presale: ReadonlySet<string>,
): WalkupCell[] {
  const cells = new Map<string, WalkupCell>();
  for (const s of shows) {
    if (s.walkup === null || s.unavailable_morning === null || s.admissions === null) continue;
    const key = cellKeyOf(s, dayOfRun.get(s.movie_id) ?? null, presale.has(s.movie_id));
    const id = cellId(key);
    const c = cells.get(id) ?? {
      ...key,
      shows: 0,
      morning: 0,
      admissions: 0,
      morning_sq: 0,
      admissions_sq: 0,
      cross: 0,
    };
    const m = s.unavailable_morning;
    const a = s.admissions;
    c.shows++;
    c.morning += m;
    c.admissions += a;
    c.morning_sq += m * m;
    c.admissions_sq += a * a;
    c.cross += m * a;
    cells.set(id, c);
  }
  return [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}
