/**
 * The day's box office (`BoxOfficeDay`) from its ShowRows (shows.ts) and the earlier days' box
 * office (`HistoryDay`, from their `box_office` documents), as a pure function.
 *
 *  - Movies: every movie with a scheduled show, ranked by admissions (ties: more shows, then movie
 *    id). Show share = its shows ÷ the day's shows; admission share = its admissions ÷ the day's.
 *  - Change vs the previous day and vs the same weekday a week earlier: (today − then) ÷ then in
 *    percent, one decimal; null when that day has no box office, the movie was not in it, it had
 *    no admissions then, or none of its shows was read today (never 0, never a false −100 %).
 *  - Cumulative admissions and gross: the movie's run (`MovieRun`) in the latest earlier document,
 *    plus today; day of run = calendar days since its first day in the data + 1. A movie's run is
 *    carried in every later document, so days missing from the data add nothing and break nothing.
 *    A run's cumulative maximum gross is null once a day's was (no upper bound known).
 *  - Rollups by chain, city, province, island group, format, start hour (theatre-local) and genre
 *    (a movie counts under its first listed genre, so every rollup sums to the totals).
 */
import { addDaysToDate } from '../../shared/clock.js';
import {
  aggregate,
  avgPriceOf,
  grossOf,
  groupBy,
  occupancyOf,
  rollup,
  share,
  walkupOf,
  type Agg,
} from './aggregate.js';
import type {
  BoxOfficeDay,
  BoxOfficeTotals,
  DayIssue,
  DayIssueKind,
  HistoryDay,
  MovieDayRow,
  MovieRun,
  ShowRow,
} from './types.js';

const UNKNOWN = 'unknown';

function totalsOf(a: Agg): BoxOfficeTotals {
  return {
    shows: a.shows,
    shows_pre_show: a.pre_show,
    shows_morning_only: a.morning_only,
    shows_unread: a.unread,
    seats: a.seats,
    admissions: a.admissions,
    occupancy_pct: occupancyOf(a),
    ...grossOf(a),
    shows_without_price: a.without_price,
    seats_share_pre_show: share(a.seats_pre_show, a.seats),
    seats_share_morning_only: share(a.seats_morning_only, a.seats),
    show_share_pre_show: share(a.pre_show, a.shows),
    show_share_morning_only: share(a.morning_only, a.shows),
    show_share_unread: share(a.unread, a.shows),
    ...walkupOf(a),
  };
}

/** Percent change, one decimal; null without a base. */
export function changePct(now: number, then: number | undefined): number | null {
  return then === undefined || then <= 0 ? null : Math.round(((now - then) / then) * 1000) / 10;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

type MovieToday = Omit<
  MovieDayRow,
  | 'rank'
  | 'change_day_pct'
  | 'change_week_pct'
  | 'cumulative_admissions'
  | 'cumulative_gross_idr_min'
  | 'cumulative_gross_idr_max'
  | 'day_of_run'
>;

function movieToday(id: string, rows: ShowRow[], day: Agg): MovieToday {
  const a = aggregate(rows);
  return {
    movie_id: id,
    title: rows[0]!.movie_title,
    shows: a.shows,
    theatres: a.theatres.size,
    cities: a.cities.size,
    seats: a.seats,
    admissions: a.admissions,
    occupancy_pct: occupancyOf(a),
    ...grossOf(a),
    avg_price_idr: avgPriceOf(a),
    show_share: share(a.shows, day.shows) ?? 0,
    admission_share: share(a.admissions, day.admissions),
    sold_out_shows: a.sold_out,
    nearly_full_shows: a.nearly_full,
    ...walkupOf(a),
    genres: rows[0]!.genres,
  };
}

/** The run of a movie after today, from its run before (if any). */
function nextRun(date: string, m: MovieToday, before: MovieRun | undefined, read: boolean): MovieRun {
  // A day without read shows adds 0 to the maximum; a day with unpriced admissions makes it unknown.
  const dayMax = read ? m.gross_idr_max : 0;
  const prevMax = before ? before.cumulative_gross_idr_max : 0;
  return {
    movie_id: m.movie_id,
    title: m.title,
    first_date: before?.first_date ?? date,
    last_date: date,
    days: (before?.days ?? 0) + 1,
    cumulative_admissions: (before?.cumulative_admissions ?? 0) + m.admissions,
    cumulative_gross_idr_min: (before?.cumulative_gross_idr_min ?? 0) + (m.gross_idr_min ?? 0),
    cumulative_gross_idr_max: dayMax === null || prevMax === null ? null : prevMax + dayMax,
  };
}

/** The earlier days the figures use: only days before `date`, latest first. */
function earlier(date: string, history: readonly HistoryDay[]): HistoryDay[] {
  return history.filter((h) => h.date < date).sort((a, b) => (a.date < b.date ? 1 : -1));
}

/** Movies whose title today differs from their run's title (a rename between days). */
export function renamedSinceHistory(
  date: string,
  shows: readonly ShowRow[],
  history: readonly HistoryDay[],
): DayIssue[] {
  const runs = new Map((earlier(date, history)[0]?.runs ?? []).map((r) => [r.movie_id, r]));
  const out = new Map<string, DayIssue>();
  for (const s of shows) {
    const run = runs.get(s.movie_id);
    if (run && run.title !== s.movie_title && !out.has(s.movie_id)) {
      out.set(s.movie_id, {
        kind: 'movie_renamed',
        subject: s.movie_id,
        detail: `${JSON.stringify(run.title)} on ${run.last_date}, ${JSON.stringify(s.movie_title)} now: one run, counted under its id`,
      });
    }
  }
  return [...out.values()];
}

function issueCounts(issues: readonly DayIssue[]): Partial<Record<DayIssueKind, number>> {
  const out: Partial<Record<DayIssueKind, number>> = {};
  for (const i of issues) out[i.kind] = (out[i.kind] ?? 0) + 1;
  return out;
}

function rankMovies(list: MovieToday[]): MovieToday[] {
  return list.sort((a, b) => b.admissions - a.admissions || b.shows - a.shows || (a.movie_id < b.movie_id ? -1 : 1));
}

/**
 * The history-dependent figures of a day's ranked movies (change, cumulative, day of run) and the
 * runs after it. `read` holds the movies with at least one read show (a day without one adds 0 to
 * the cumulative maximum gross instead of making it unknown).
 */
function applyHistory(
  date: string,
  today: readonly MovieToday[],
  read: ReadonlySet<string>,
  history: readonly HistoryDay[],
): { movies: MovieDayRow[]; runs: MovieRun[] } {
  const past = earlier(date, history);
  const admissionsOn = (d: string) =>
    new Map(past.find((h) => h.date === d)?.movies.map((m) => [m.movie_id, m.admissions]));
  const dayBefore = admissionsOn(addDaysToDate(date, -1));
  const weekBefore = admissionsOn(addDaysToDate(date, -7));
  const runs = new Map((past[0]?.runs ?? []).map((r) => [r.movie_id, r]));
  const movies = today.map((m, i) => {
    const known = read.has(m.movie_id); // without a read show today, today's admissions are unknown: no change
    const run = nextRun(date, m, runs.get(m.movie_id), known);
    runs.set(m.movie_id, run);
    return {
      ...m,
      rank: i + 1,
      change_day_pct: known ? changePct(m.admissions, dayBefore.get(m.movie_id)) : null,
      change_week_pct: known ? changePct(m.admissions, weekBefore.get(m.movie_id)) : null,
      cumulative_admissions: run.cumulative_admissions,
      cumulative_gross_idr_min: run.cumulative_gross_idr_min,
      cumulative_gross_idr_max: run.cumulative_gross_idr_max,
      day_of_run: daysBetween(run.first_date, date) + 1,
    };
  });
  return { movies, runs: [...runs.values()].sort((a, b) => (a.movie_id < b.movie_id ? -1 : 1)) };
}

export function computeBoxOffice(
  date: string,
  shows: readonly ShowRow[],
  history: readonly HistoryDay[],
  computedAt: string,
  inputIssues: readonly DayIssue[] = [],
): BoxOfficeDay {
  const day = aggregate(shows);
  const byMovie = groupBy(shows, (s) => s.movie_id);
  const today = rankMovies([...byMovie].map(([id, rows]) => movieToday(id, rows, day)));
  const read = new Set(shows.filter((s) => s.admissions !== null).map((s) => s.movie_id));
  const { movies, runs } = applyHistory(date, today, read, history);
  return {
    date,
    computed_at: computedAt,
    totals: totalsOf(day),
    movies,
    by_chain: rollup(shows, (s) => s.merchant),
    by_city: rollup(shows, (s) => s.city),
    by_province: rollup(shows, (s) => s.province ?? UNKNOWN),
    by_island: rollup(shows, (s) => s.island_group ?? UNKNOWN),
    by_format: rollup(shows, (s) => s.format),
    by_hour: rollup(shows, (s) => s.start_local.slice(0, 2), true),
    by_genre: rollup(shows, (s) => s.genres[0] ?? UNKNOWN),
    runs,
    issues: issueCounts([...inputIssues, ...renamedSinceHistory(date, shows, history)]),
  };
}

/**
 * A stored day with its history-dependent figures recomputed from `history` (after an earlier day
 * was recomputed: `npm run summary -- --recompute-from`); its own day's figures are kept as stored.
 */
export function recomputeHistory(day: BoxOfficeDay, history: readonly HistoryDay[], computedAt: string): BoxOfficeDay {
  const read = new Set(day.movies.filter((m) => m.occupancy_pct !== null).map((m) => m.movie_id));
  const { movies, runs } = applyHistory(day.date, day.movies, read, history);
  return { ...day, computed_at: computedAt, movies, runs };
}

/** A day as the next days' history sees it. */
export function asHistory(day: BoxOfficeDay): HistoryDay {
  return {
    date: day.date,
    movies: day.movies.map((m) => ({
      movie_id: m.movie_id,
      admissions: m.admissions,
      gross_idr_min: m.gross_idr_min,
      gross_idr_max: m.gross_idr_max,
    })),
    runs: day.runs,
  };
}
