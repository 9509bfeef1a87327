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

export interface DayEstimateInput {
  /** Showtimes of the day (the morning pass reads every one that has not started). */
  showtimes: number;
  /** Share of re-reads (JIT, final) whose occupancy changed, 0–1; 1 gives the upper bound. */
  changedShare: number;
  /** JIT window and interval between JIT passes, in minutes. */
  windowMinutes: number;
  intervalMinutes?: number;
  /** Passes that may write the state document: morning shards + JIT passes + final passes. */
  passes: number;
  /** Whether a final pass runs for every showtime. */
  final: boolean;
}

export interface DayEstimate {
  morning: number;
  jit: number;
  final: number;
  state: number;
  total: number;
  withinFreeTier: boolean;
}

/**
 * Writes a day costs: the morning pass writes every showtime once (nothing to compare with yet);
 * each showtime falls in window ÷ interval JIT passes on average (20 ÷ 15 = 1.33) and in one final
 * pass; a re-read is written only when its occupancy changed; plus one state write per pass.
 */
export function estimateDayWrites(i: DayEstimateInput): DayEstimate {
  const interval = i.intervalMinutes ?? JIT_INTERVAL_MINUTES;
  const share = Math.min(1, Math.max(0, i.changedShare));
  const morning = i.showtimes;
  const jit = Math.round(i.showtimes * (i.windowMinutes / interval) * share);
  const final = i.final ? Math.round(i.showtimes * share) : 0;
  const state = i.passes;
  const total = morning + jit + final + state;
  return { morning, jit, final, state, total, withinFreeTier: total <= FREE_WRITES_PER_DAY };
}
