/**
 * `daily_summaries/{date}` and `daily_admissions/{date}/movies/{movie_id}` (their contract:
 * scrapers/seats/summary.ts and docs/data-contract.md) derived from the box office's ShowRows with
 * the box office's own sum (aggregate.ts), so the three agree to the seat.
 *
 * A show counts when it has a reading before its local start (the box office's rule, shows.ts);
 * the earlier summary counted every show's latest reading, also one taken after the start (a map
 * read after the start can show every seat unavailable): such a show now counts as unread in all
 * three. total_audience = the box office's admissions, total_seats = its seats.
 */
import { Double } from '../../shared/store/documents.js';
import { occupancyPct } from '../../scrapers/seats/occupancy.js';
import { fitToLimit, type DailyAdmissions, type DailySummary, type DaySummary } from '../../scrapers/seats/summary.js';
import { aggregate, groupBy } from './aggregate.js';
import type { ShowRow } from './types.js';

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

/** The day's summary and one admissions document per movie with a read show (ordered by movie id). */
export function summariseDay(date: string, shows: readonly ShowRow[], generatedAt: string): DaySummary {
  const read = shows.filter((s) => s.date === date && s.admissions !== null && s.seats_total !== null);
  const truncated: DaySummary['truncated'] = [];
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
