/**
 * Seat snapshots (the old one-document-per-reading shape tests state their days in) as the seat
 * passes store them: per date, one slot record per show with its readings by kind.
 */
import type { SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { SlotRecords } from '../../scrapers/seats/readings.js';

export function slotsOf(list: readonly SeatSnapshotDoc[]): Map<string, SlotRecords> {
  const byDate = new Map<string, SlotRecords>();
  for (const x of list) {
    const records: SlotRecords = byDate.get(x.date) ?? new Map();
    byDate.set(x.date, records);
    const { showtime_id, showtime, movie_id, movie_title, theatre_id, theatre_name, city, merchant, room_category } = x;
    const cur = records.get(showtime_id) ?? {
      facts: { showtime_id, showtime, movie_id, movie_title, theatre_id, theatre_name, city, merchant, room_category },
      started: false,
    };
    records.set(showtime_id, {
      ...cur,
      [x.snapshot_type]: { unavailable: x.unavailable_seats, total: x.total_seats, at: x.scraped_at },
    });
  }
  return byDate;
}
