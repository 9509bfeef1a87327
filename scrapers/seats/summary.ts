/**
 * The shapes of the day's public totals, `daily_summaries/{date}` and
 * `daily_admissions/{date}/movies/{movie_id}` (docs/data-contract.md), their paths and the 1 MiB
 * fit of an admissions document. The figures themselves are derived from the box office's ShowRows
 * (scripts/box-office/daily.ts), the one computation the box office also uses, so the three agree
 * to the seat.
 *
 * `latestPerShowtime` picks a show's latest seat snapshot (greatest `scraped_at`; on a tie the later
 * kind, final > jit > morning): the report reads days stored before the slot documents with it.
 *
 * Percentages are stored as `Double` so Firestore keeps them as doubleValue even when whole (the web
 * app reads only doubleValue); they are 0–100 with one decimal.
 */
import type { z } from 'zod';
import { admissionsPath } from '../../shared/store/paths.js';
import {
  type Double,
  documentSize,
  MAX_DOCUMENT_BYTES,
  SeatSnapshotDoc,
  valueSize,
} from '../../shared/store/documents.js';

/** The part of a seat snapshot `latestPerShowtime` needs (never `seat_rows`). */
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
