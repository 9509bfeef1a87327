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
import { createHash } from 'node:crypto';
import { Double, type SeatSnapshotDoc } from '../../shared/store/documents.js';
import { canonicalJson, typedFromPlain } from '../../shared/store/typed.js';
import type { MapKind, SeatRowText } from './maps.js';
import { occupancyPct, type Occupancy } from './occupancy.js';
import type { ShowFacts, ShowRecord } from './readings.js';
import type { SeatMode } from '../../shared/run/vocabulary.js';
import type { ShowtimeTarget } from './select.js';

export function snapshotPath(target: Pick<ShowtimeTarget, 'showtime_id' | 'showtime'>, mode: SeatMode): string {
  return `seat_snapshots/${target.showtime_id}_${mode}_${target.showtime.replace(':', '')}`;
}

export function buildSnapshot(
  target: ShowFacts & { date: string },
  occ: Occupancy,
  mode: SeatMode,
  capturedAt: Date,
): SeatSnapshotDoc {
  return {
    showtime_id: target.showtime_id,
    showtime: target.showtime,
    date: target.date,
    movie_id: target.movie_id,
    movie_title: target.movie_title,
    theatre_id: target.theatre_id,
    theatre_name: target.theatre_name,
    city: target.city,
    merchant: target.merchant as SeatSnapshotDoc['merchant'],
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

/**
 * The snapshot document a JIT or final reading wrote, rebuilt from its slot record and seat map
 * (maps.ts) through `buildSnapshot` itself; undefined when the record has no reading of that kind.
 */
export function rebuildSnapshot(
  date: string,
  record: ShowRecord,
  kind: MapKind,
  rows: SeatRowText[],
): { path: string; doc: SeatSnapshotDoc } | undefined {
  const reading = record[kind];
  if (!reading) return undefined;
  const occ: Occupancy = {
    total: reading.total,
    unavailable: reading.unavailable,
    available: reading.total - reading.unavailable,
    occupancy_pct: occupancyPct(reading.unavailable, reading.total),
    rows,
  };
  return {
    path: snapshotPath(record.facts, kind),
    doc: buildSnapshot({ ...record.facts, date }, occ, kind, new Date(reading.at)),
  };
}

/**
 * A digest of a snapshot document exactly as Firestore stores it (typed values, map keys in any
 * order): 32 hex digits of SHA-256. Kept with its seat map in the slot (maps.ts), so a rebuilt
 * document is known to be the written one.
 */
export function snapshotDigest(doc: SeatSnapshotDoc): string {
  return createHash('sha256')
    .update(canonicalJson(typedFromPlain(doc as unknown as Record<string, unknown>)))
    .digest('hex')
    .slice(0, 32);
}
