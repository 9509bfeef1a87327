/**
 * `daily_summaries/{date}` and `daily_admissions/{date}/movies/{movie_id}` (their shapes below, their
 * contract in docs/data-contract.md) derived from the box office's ShowRows with the box office's
 * own sum (aggregate.ts), so the three agree to the seat. An admissions document too big for 1 MiB
 * drops its least-attended showtimes (`fitToLimit`; its total stays whole).
 *
 * A show counts when it has a reading before its local start (the box office's rule, shows.ts);
 * the earlier summary counted every show's latest reading, also one taken after the start (a map
 * read after the start can show every seat unavailable): such a show now counts as unread in all
 * three. total_audience = the box office's admissions, total_seats = its seats.
 */
import { Double, documentSize, MAX_DOCUMENT_BYTES, valueSize } from '../../shared/store/documents.js';
import { admissionsPath } from '../../shared/store/paths.js';
import { occupancyPct } from '../../scrapers/seats/occupancy.js';
import { aggregate, groupBy } from './aggregate.js';
import type { ShowRow } from './types.js';

export interface DailySummary {
  date: string;
  total_audience: number;
  total_seats: number;
  total_available: number;
  occupancy_pct: Double;
  showtime_count: number;
  movie_count: number;
  theatre_count: number;
  city_count: number;
  generated_at: string;
}

export interface AdmissionShowtime {
  time: string;
  city: string;
  theatre: string;
  capacity: number;
  admissions: number;
  occupancy_pct: Double;
}

export interface DailyAdmissions {
  movie_id: string;
  movie_title: string;
  date: string;
  updated_at: string;
  total_admissions: number;
  showtimes: AdmissionShowtime[];
}

/** The day's public totals: the daily_summaries document and one daily_admissions document per movie. */
export interface DailyDocuments {
  summary: DailySummary;
  /** One per movie, ordered by movie id. */
  admissions: DailyAdmissions[];
  /** Movies whose admissions document had to drop showtimes to fit 1 MiB (none on real days so far). */
  truncated: { movie_id: string; dropped: number }[];
}

/**
 * Drop the least-attended showtimes until the document fits 1 MiB (the order of the rest is kept).
 * An array's size is the sum of its elements' sizes, so each drop subtracts its own size.
 */
export function fitToLimit(date: string, doc: DailyAdmissions): number {
  let bytes = documentSize(admissionsPath(date, doc.movie_id), doc as unknown as Record<string, unknown>);
  if (bytes <= MAX_DOCUMENT_BYTES) return 0;
  const ranked = doc.showtimes
    .map((s, i) => ({ i, admissions: s.admissions, size: valueSize(s) }))
    .sort((a, b) => a.admissions - b.admissions || a.i - b.i);
  const drop = new Set<number>();
  for (const r of ranked) {
    if (bytes <= MAX_DOCUMENT_BYTES) break;
    drop.add(r.i);
    bytes -= r.size;
  }
  doc.showtimes = doc.showtimes.filter((_, i) => !drop.has(i));
  return drop.size;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summaryOf(date: string, read: readonly ShowRow[], generatedAt: string): DailySummary {
  const a = aggregate(read);
  return {
    date,
    total_audience: a.admissions,
    total_seats: a.seats,
    total_available: a.seats - a.admissions,
    occupancy_pct: new Double(occupancyPct(a.admissions, a.seats)),
    showtime_count: a.read,
    movie_count: new Set(read.map((s) => s.movie_id)).size,
    theatre_count: a.theatres.size,
    city_count: a.cities.size,
    generated_at: generatedAt,
  };
}

function admissionsOf(date: string, movieId: string, rows: ShowRow[], generatedAt: string): DailyAdmissions {
  const ordered = [...rows].sort(
    (a, b) =>
      byText(a.city, b.city) ||
      byText(a.theatre_name, b.theatre_name) ||
      byText(a.start_local, b.start_local) ||
      byText(a.showtime_id, b.showtime_id),
  );
  return {
    movie_id: movieId,
    movie_title: rows[0]!.movie_title,
    date,
    updated_at: generatedAt,
    total_admissions: aggregate(rows).admissions,
    showtimes: ordered.map((s) => ({
      time: s.start_local,
      city: s.city,
      theatre: s.theatre_name,
      capacity: s.seats_total!,
      admissions: s.admissions!,
      occupancy_pct: new Double(occupancyPct(s.admissions!, s.seats_total!)),
    })),
  };
}

/** The day's shows with a reading before start: the ones daily_summaries and daily_admissions count. */
const readOn = (date: string, shows: readonly ShowRow[]): ShowRow[] =>
  shows.filter((s) => s.date === date && s.admissions !== null && s.seats_total !== null);

/** `daily_summaries/{date}` alone (the report's theatre and city counts are its own). */
export function dailySummary(date: string, shows: readonly ShowRow[], generatedAt: string): DailySummary {
  return summaryOf(date, readOn(date, shows), generatedAt);
}

/** The day's summary and one admissions document per movie with a read show (ordered by movie id). */
export function dailyDocuments(date: string, shows: readonly ShowRow[], generatedAt: string): DailyDocuments {
  const read = readOn(date, shows);
  const truncated: DailyDocuments['truncated'] = [];
  const admissions = [...groupBy(read, (s) => s.movie_id)]
    .sort(([a], [b]) => byText(a, b))
    .map(([movieId, rows]) => {
      const doc = admissionsOf(date, movieId, rows, generatedAt);
      const dropped = fitToLimit(date, doc);
      if (dropped) truncated.push({ movie_id: movieId, dropped });
      return doc;
    });
  return { summary: summaryOf(date, read, generatedAt), admissions, truncated };
}
