/**
 * A showtime plus its occupancy → the `seat_snapshots/{showtime_id}_{snapshot_type}_{HHMM}` document
 * of the contract (HHMM: the capture time in Asia/Jakarta), and the day's write estimate. Pure.
 */
import { iso, jakartaHHMM } from '../../shared/clock.js';
import type { SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { Occupancy } from './occupancy.js';
import type { SeatMode, ShowtimeTarget } from './select.js';

export function snapshotPath(showtimeId: string, mode: SeatMode, capturedAt: Date): string {
  return `seat_snapshots/${showtimeId}_${mode}_${jakartaHHMM(capturedAt)}`;
}

export function buildSnapshot(target: ShowtimeTarget, occ: Occupancy, mode: SeatMode, capturedAt: Date): SeatSnapshotDoc {
  return {
    showtime_id: target.showtime_id,
    showtime: target.showtime,
    date: target.date,
    movie_id: target.movie_id,
    movie_title: target.movie_title,
    theatre_id: target.theatre_id,
    theatre_name: target.theatre_name,
    city: target.city,
    merchant: target.merchant,
    room_category: target.room_category,
    snapshot_type: mode,
    scraped_at: iso(capturedAt),
    total_seats: occ.total,
    unavailable_seats: occ.unavailable,
    available_seats: occ.available,
    occupancy_pct: occ.occupancy_pct,
    seat_rows: occ.rows,
  };
}

/** Firestore's free tier: writes per day. */
export const FREE_WRITES_PER_DAY = 20_000;
export const JIT_INTERVAL_MINUTES = 15;
export const FINAL_INTERVAL_MINUTES = 5;
/** Hours during which shows start, in Jakarta terms: 10:00 WIT (08:00 WIB) to about 23:00 WIB. */
export const SHOW_HOURS = 15;

export interface DayEstimateInput {
  /** Showtimes of the day (the morning pass reads every one that has not started). */
  showtimes: number;
  /** Share of re-reads (JIT, final) whose occupancy changed, 0–1; 1 gives the upper bound. */
  changedShare: number;
  /** Whether final passes run (every 5 minutes through the show hours). */
  final: boolean;
  /** Morning passes (shards). Default 1. */
  morningPasses?: number;
}

export interface DayEstimate {
  morning: number;
  jit: number;
  final: number;
  /** Run documents and seat-state writes: two per pass, plus the day index. */
  bookkeeping: number;
  total: number;
  withinFreeTier: boolean;
}

/**
 * Writes a day costs. The morning pass writes every showtime once (nothing to compare with yet);
 * JIT reads each showtime once (a JIT pass leaves alone what the previous one read) and writes it
 * if it changed; a final pass, the same, 5 minutes before the start. Each pass also writes its run
 * document and at most one state document.
 */
export function estimateDayWrites(i: DayEstimateInput): DayEstimate {
  const share = Math.min(1, Math.max(0, i.changedShare));
  const morning = i.showtimes;
  const jit = Math.round(i.showtimes * share);
  const final = i.final ? Math.round(i.showtimes * share) : 0;
  const passes =
    (i.morningPasses ?? 1) + (SHOW_HOURS * 60) / JIT_INTERVAL_MINUTES + (i.final ? (SHOW_HOURS * 60) / FINAL_INTERVAL_MINUTES : 0);
  const bookkeeping = 2 * passes + 1;
  const total = morning + jit + final + bookkeeping;
  return { morning, jit, final, bookkeeping, total, withinFreeTier: total <= FREE_WRITES_PER_DAY };
}
