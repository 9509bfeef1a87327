/**
 * A showtime plus its occupancy → the `seat_snapshots/{showtime_id}_{snapshot_type}_{HHMM}` document
 * of the contract (HHMM: the capture time in Asia/Jakarta), and the day's write estimate. Pure.
 */
import { iso, jakartaHHMM } from '../../shared/clock.js';
import { Double, type SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { Occupancy } from './occupancy.js';
import { FINAL_WINDOW_MINUTES, type SeatMode, type ShowtimeTarget } from './select.js';

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
    occupancy_pct: new Double(occ.occupancy_pct),
    seat_rows: occ.rows,
  };
}

/** Firestore's free tier: writes per day. */
export const FREE_WRITES_PER_DAY = 20_000;
export const JIT_INTERVAL_MINUTES = 15;
/** Hours through which the JIT workflow runs: 08:00–23:45 WIB (first shows 10:00 WIT, last about 23:45 WIB). */
export const SHOW_HOURS = 16;

export interface DayEstimateInput {
  /** Showtimes of the day (the morning pass reads every one that has not started). */
  showtimes: number;
  /** Share of re-reads (JIT, final) whose occupancy changed, 0–1; 1 gives the upper bound. */
  changedShare: number;
  /**
   * Minutes between final passes: 15 when they run with every JIT pass (their 5-minute window then
   * sees a third of the shows), 5 to see every show, 0 for none. Default 15.
   */
  finalEveryMinutes?: number;
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
 * if it changed; final passes, the same for the shows their 5-minute windows see. Each pass also
 * writes its run document and at most one state document.
 */
export function estimateDayWrites(i: DayEstimateInput): DayEstimate {
  const share = Math.min(1, Math.max(0, i.changedShare));
  const finalEvery = i.finalEveryMinutes ?? JIT_INTERVAL_MINUTES;
  const finalCoverage = finalEvery > 0 ? Math.min(1, FINAL_WINDOW_MINUTES / finalEvery) : 0;
  const morning = i.showtimes;
  const jit = Math.round(i.showtimes * share);
  const final = Math.round(i.showtimes * finalCoverage * share);
  const passes = (i.morningPasses ?? 1) + (SHOW_HOURS * 60) / JIT_INTERVAL_MINUTES + (finalEvery > 0 ? (SHOW_HOURS * 60) / finalEvery : 0);
  const bookkeeping = 2 * passes + 1;
  const total = morning + jit + final + bookkeeping;
  return { morning, jit, final, bookkeeping, total, withinFreeTier: total <= FREE_WRITES_PER_DAY };
}
