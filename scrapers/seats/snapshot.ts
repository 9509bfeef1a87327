/**
 * A showtime plus its occupancy → the `seat_snapshots/{showtime_id}_{snapshot_type}_{HHMM}` document
 * of the contract. Pure.
 *
 * HHMM is the show's own start (theatre-local), not the capture time: a pass killed and run again
 * writes the same document again instead of a second one, so every show has at most one snapshot
 * of each kind. Only JIT (and hand-run final) readings are `seat_snapshots` documents; the morning
 * readings live in the day's compact slot documents (readings.ts).
 */
import { iso } from '../../shared/clock.js';
import { Double, type SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { Occupancy } from './occupancy.js';
import type { SeatMode, ShowtimeTarget } from './select.js';

export function snapshotPath(target: Pick<ShowtimeTarget, 'showtime_id' | 'showtime'>, mode: SeatMode): string {
  return `seat_snapshots/${target.showtime_id}_${mode}_${target.showtime.replace(':', '')}`;
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
