/**
 * The day's totals from its seat snapshots, as pure functions: `daily_summaries/{date}` and
 * `daily_admissions/{date}/movies/{movie_id}` (firestore-contract.md).
 *
 * Each showtime counts once, with its **latest** snapshot (greatest `scraped_at`; on a tie the later
 * kind, final > jit > morning). A pass skips the write when occupancy did not change, so the latest
 * written snapshot always holds the latest reading. Audience = unavailable seats (sold and held
 * cannot be told apart), capacity = total seats.
 *
 * Percentages are stored as `Double` so Firestore keeps them as doubleValue even when whole (the web
 * app reads only doubleValue); they are 0–100 with one decimal.
 */
import type { z } from 'zod';
import { Double, documentSize, MAX_DOCUMENT_BYTES, SeatSnapshotDoc, valueSize } from '../../shared/store/documents.js';
import { admissionsPath } from '../../shared/store/paths.js';
import { occupancyPct } from './occupancy.js';

/**
 * The part of a seat snapshot the summary reads: never `seat_rows` (the drawable layout, most of a
 * snapshot's size), so a day's ~12,800 snapshots are read as `store.list(…, { fields: SUMMARY_FIELDS })`.
 */
export const SummarySnapshot = SeatSnapshotDoc.pick({
  showtime_id: true,
  showtime: true,
  date: true,
  movie_id: true,
  movie_title: true,
  theatre_id: true,
  theatre_name: true,
  city: true,
  snapshot_type: true,
  scraped_at: true,
  total_seats: true,
  unavailable_seats: true,
  available_seats: true,
});
export type SummarySnapshot = z.infer<typeof SummarySnapshot>;
export const SUMMARY_FIELDS: readonly string[] = Object.keys(SummarySnapshot.shape);

const KIND_ORDER: Record<SummarySnapshot['snapshot_type'], number> = { morning: 0, jit: 1, final: 2 };

/** The latest snapshot of each showtime. */
export function latestPerShowtime<T extends SummarySnapshot>(snapshots: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const s of snapshots) {
    const cur = latest.get(s.showtime_id);
    if (
      !cur ||
      s.scraped_at > cur.scraped_at ||
      (s.scraped_at === cur.scraped_at && KIND_ORDER[s.snapshot_type] > KIND_ORDER[cur.snapshot_type])
    ) {
      latest.set(s.showtime_id, s);
    }
  }
  return [...latest.values()];
}

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

export interface DaySummary {
  summary: DailySummary;
  /** One per movie, ordered by movie id. */
  admissions: DailyAdmissions[];
  /** Movies whose admissions document had to drop showtimes to fit 1 MiB (none on real days so far). */
  truncated: { movie_id: string; dropped: number }[];
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Drop the least-attended showtimes until the document fits 1 MiB (the order of the rest is kept).
 * An array's size is the sum of its elements' sizes, so each drop subtracts its own size.
 */
function fitToLimit(date: string, doc: DailyAdmissions): number {
  let bytes = documentSize(admissionsPath(date, doc.movie_id), doc as unknown as Record<string, unknown>);
  if (bytes <= MAX_DOCUMENT_BYTES) return 0;
  const ranked = doc.showtimes.map((s, i) => ({ i, admissions: s.admissions, size: valueSize(s) })).sort((a, b) => a.admissions - b.admissions || a.i - b.i);
  const drop = new Set<number>();
  for (const r of ranked) {
    if (bytes <= MAX_DOCUMENT_BYTES) break;
    drop.add(r.i);
    bytes -= r.size;
  }
  doc.showtimes = doc.showtimes.filter((_, i) => !drop.has(i));
  return drop.size;
}

/**
 * The day's summary and per-movie admissions from every snapshot of `date` (snapshots of other
 * dates are ignored). `generatedAt` is an ISO instant.
 */
export function summariseDay(date: string, snapshots: readonly SummarySnapshot[], generatedAt: string): DaySummary {
  const latest = latestPerShowtime(snapshots.filter((s) => s.date === date));
  let audience = 0;
  let seats = 0;
  let available = 0;
  const movies = new Map<string, SummarySnapshot[]>();
  const theatres = new Set<string>();
  const cities = new Set<string>();
  for (const s of latest) {
    audience += s.unavailable_seats;
    seats += s.total_seats;
    available += s.available_seats;
    theatres.add(s.theatre_id);
    cities.add(s.city);
    const list = movies.get(s.movie_id);
    if (list) list.push(s);
    else movies.set(s.movie_id, [s]);
  }
  const summary: DailySummary = {
    date,
    total_audience: audience,
    total_seats: seats,
    total_available: available,
    occupancy_pct: new Double(occupancyPct(audience, seats)),
    showtime_count: latest.length,
    movie_count: movies.size,
    theatre_count: theatres.size,
    city_count: cities.size,
    generated_at: generatedAt,
  };
  const truncated: DaySummary['truncated'] = [];
  const admissions = [...movies.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([movieId, shows]) => {
      const ordered = [...shows].sort(
        (a, b) => byText(a.city, b.city) || byText(a.theatre_name, b.theatre_name) || byText(a.showtime, b.showtime) || byText(a.showtime_id, b.showtime_id),
      );
      // The title of the most recent snapshot (titles can change during a day, e.g. a dropped "(3D)").
      const newest = shows.reduce((a, b) => (b.scraped_at > a.scraped_at ? b : a));
      const doc: DailyAdmissions = {
        movie_id: movieId,
        movie_title: newest.movie_title,
        date,
        updated_at: generatedAt,
        total_admissions: shows.reduce((n, s) => n + s.unavailable_seats, 0),
        showtimes: ordered.map((s) => ({
          time: s.showtime,
          city: s.city,
          theatre: s.theatre_name,
          capacity: s.total_seats,
          admissions: s.unavailable_seats,
          occupancy_pct: new Double(occupancyPct(s.unavailable_seats, s.total_seats)),
        })),
      };
      const dropped = fitToLimit(date, doc);
      if (dropped) truncated.push({ movie_id: movieId, dropped });
      return doc;
    });
  return { summary, admissions, truncated };
}
