/**
 * Step 2 of the report: the day's box office → what the page shows, as plain data (pure).
 *
 * No figure is summed here: totals, movies and rollups are the box office's (scripts/box-office/,
 * the one computation, each show counted once with its last reading before its start). This step
 * only picks, orders and lists: the sold-out and empty shows (from the same show rows), how fresh
 * the figures are, and the runs; theatres and cities are daily_summaries' counts (daily.ts).
 */
import type {
  BoxOfficeDay,
  BoxOfficeTotals,
  MovieDayRow,
  RollupRow,
  ShowRow as BoxShowRow,
} from '../box-office/types.js';
import { dailySummary } from '../box-office/daily.js';
import type { Nowcast } from '../nowcast/model.js';
import type { DayDocs, RunEntry } from './read-day.js';

export type Group = RollupRow;

/** A show on the sold-out or empty list. */
export interface ShowRow {
  showtime_id: string;
  showtime: string;
  movie_title: string;
  theatre_name: string;
  city: string;
  merchant: string;
  admissions: number;
  capacity: number;
  /** Which reading counted: morning (06:00 pre-sales) or a pre-show one. */
  reading: string;
}

export interface TimelineRun extends RunEntry {
  /** run_type, with the seat mode: `seats jit`. */
  label: string;
  /** Failed items + failed requests; null when the run record has neither count (unknown, not 0). */
  failures: number | null;
}

export interface DayReport {
  date: string;
  storeKind: 'firestore' | 'file';
  /** box_office/{date} as stored, or computed for this page (the summary has not run yet). */
  boxOfficeSource: 'stored' | 'computed';
  computedAt: string;
  totals: BoxOfficeTotals & {
    /** Shows with a reading before start (pre-show or morning only). */
    shows_read: number;
    movies: number;
    theatres: number;
    cities: number;
    sold_out: number;
    empty: number;
    records_read: number;
  };
  byHour: Group[];
  byCity: Group[];
  byProvince: Group[];
  byChain: Group[];
  byFormat: Group[];
  movies: MovieDayRow[];
  /** Per movie id: how many of its shows were read pre-show, only in the morning, or not at all. */
  freshness: Record<string, Freshness>;
  soldOut: ShowRow[];
  empty: ShowRow[];
  nowcast: Nowcast | undefined;
  runs: TimelineRun[];
}

export interface Freshness {
  pre_show: number;
  morning_only: number;
  unread: number;
}

/** How fresh each movie's figure is: its shows by the reading that counted (a count of shows, not a sum of seats). */
function freshnessByMovie(shows: readonly BoxShowRow[]): Record<string, Freshness> {
  const out: Record<string, Freshness> = {};
  for (const s of shows) {
    const f = (out[s.movie_id] ??= { pre_show: 0, morning_only: 0, unread: 0 });
    if (s.last_kind === null) f.unread++;
    else if (s.last_kind === 'morning') f.morning_only++;
    else f.pre_show++;
  }
  return out;
}

function showRow(r: BoxShowRow, admissions: number, capacity: number): ShowRow {
  return {
    showtime_id: r.showtime_id,
    showtime: r.start_local,
    movie_title: r.movie_title,
    theatre_name: r.theatre_name,
    city: r.city,
    merchant: r.merchant,
    admissions,
    capacity,
    reading: r.last_kind === 'morning' ? 'morning' : 'pre-show',
  };
}

const byShowtime = (a: ShowRow, b: ShowRow): number =>
  a.showtime.localeCompare(b.showtime) ||
  a.city.localeCompare(b.city) ||
  a.theatre_name.localeCompare(b.theatre_name) ||
  a.showtime_id.localeCompare(b.showtime_id);

/** Read shows (a reading before start, with seats) that are full / empty at that reading. */
function listShows(shows: readonly BoxShowRow[], pick: (admissions: number, seats: number) => boolean): ShowRow[] {
  return shows
    .flatMap((s) =>
      s.admissions !== null && s.seats_total !== null && s.seats_total > 0 && pick(s.admissions, s.seats_total)
        ? [showRow(s, s.admissions, s.seats_total)]
        : [],
    )
    .sort(byShowtime);
}

function timelineRun(r: RunEntry): TimelineRun {
  const failures =
    r.error_count === undefined && r.request_failures === undefined
      ? null
      : (r.error_count ?? 0) + (r.request_failures ?? 0);
  return { ...r, label: r.mode ? `${r.run_type} ${r.mode}` : r.run_type, failures };
}

/** The figures of the day. Every show of a sold-out or empty list is kept (the page shows the first ones). */
export function aggregateDay(day: DayDocs): DayReport {
  const bo: BoxOfficeDay = day.boxOffice;
  // theatres and cities with a read show: daily_summaries' own counts, not counted again here
  const reach = dailySummary(day.date, day.shows, bo.computed_at);
  const soldOut = listShows(day.shows, (a, seats) => a >= seats);
  const empty = listShows(day.shows, (a) => a === 0);
  return {
    date: day.date,
    storeKind: day.storeKind,
    boxOfficeSource: day.boxOfficeSource,
    computedAt: bo.computed_at,
    totals: {
      ...bo.totals,
      shows_read: bo.totals.shows_pre_show + bo.totals.shows_morning_only,
      movies: bo.movies.length,
      theatres: reach.theatre_count,
      cities: reach.city_count,
      sold_out: soldOut.length,
      empty: empty.length,
      records_read: day.recordsRead,
    },
    byHour: [...bo.by_hour].sort((a, b) => a.key.localeCompare(b.key)),
    byCity: bo.by_city,
    byProvince: bo.by_province,
    byChain: bo.by_chain,
    byFormat: bo.by_format,
    movies: [...bo.movies].sort((a, b) => a.rank - b.rank),
    freshness: freshnessByMovie(day.shows),
    soldOut,
    empty,
    nowcast: day.nowcast,
    runs: day.runs.map(timelineRun),
  };
}
