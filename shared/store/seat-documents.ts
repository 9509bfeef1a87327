/**
 * The seats scraper's and the summary's documents: seat snapshots, the half-hour slot records, the
 * day index, the daily summary and admissions (docs/data-contract.md). Routed and
 * checked with every other kind in shared/store/documents.ts.
 */
import { z } from 'zod';
import { SEAT_MODES } from '../run/vocabulary.js';
import { CityName, Count, DateString, DoubleField, HHMM, Id, IsoString, MerchantName, Pct } from './fields.js';

/** A drawable layout Firestore can store: rows with their seats' states (no array in an array). */
export const SeatRows = z.array(
  z.strictObject({
    row: z.string(),
    /** One character per seat position: A available, U unavailable, _ not a seat (aisle/gap). */
    seats: z.string(),
  }),
);

export const SeatSnapshotDoc = z.strictObject({
  showtime_id: Id,
  showtime: HHMM,
  date: DateString,
  movie_id: Id,
  movie_title: z.string(),
  theatre_id: Id,
  theatre_name: z.string(),
  city: CityName,
  merchant: MerchantName,
  room_category: z.string(),
  snapshot_type: z.enum(SEAT_MODES),
  scraped_at: IsoString,
  total_seats: Count,
  unavailable_seats: Count,
  available_seats: Count,
  /**
   * Written as a Double, so it is a doubleValue even when whole (0, 100), as the earlier
   * implementation's floats were; read back from a store it is a plain number.
   */
  occupancy_pct: z.union([
    DoubleField.refine((d) => d.value >= 0 && d.value <= 100, 'expected a percentage from 0 to 100'),
    Pct,
  ]),
  seat_rows: SeatRows.optional(),
});
export type SeatSnapshotDoc = z.infer<typeof SeatSnapshotDoc>;

/**
 * `seat_days/{date}/slots/{HHMM}` (private, seats scraper): every reading of the shows starting in
 * one half hour (Asia/Jakarta), compact. Format in scrapers/seats/readings.ts.
 */
export const SeatSlotDoc = z.strictObject({
  date: DateString,
  slot: z.string().regex(/^\d{4}$/),
  updated_at: IsoString,
  showtimes: Count,
  entries: z.string(),
  /** Seat maps of the slot's JIT/final readings, gzip + base64 (scrapers/seats/maps.ts). */
  maps: z.string().optional(),
});
export type SeatSlotDoc = z.infer<typeof SeatSlotDoc>;

/**
 * `seat_index/{date}` (private, seats scraper): each showtimes document's show ids and starts, so a
 * JIT pass knows the shows due without reading showtimes documents. Format in
 * scrapers/seats/day-index.ts; `format` absent: the first format (starts only), rebuilt when read.
 */
export const SeatIndexDoc = z.strictObject({
  date: DateString,
  format: z.number().int().positive().optional(),
  updated_at: IsoString,
  documents: Count,
  showtimes: Count,
  entries: z.string(),
});
export type SeatIndexDoc = z.infer<typeof SeatIndexDoc>;

// ---------------------------------------------------------------- summaries

export const DailySummaryDoc = z.looseObject({
  date: DateString,
  total_audience: Count,
  total_seats: Count,
  total_available: Count,
  occupancy_pct: z.union([Pct, DoubleField]),
  showtime_count: Count,
  movie_count: Count,
  theatre_count: Count,
  city_count: Count,
  generated_at: IsoString,
});

export const DailyAdmissionsDoc = z.strictObject({
  movie_id: Id,
  movie_title: z.string(),
  date: DateString,
  updated_at: IsoString,
  total_admissions: Count,
  showtimes: z.array(
    z.strictObject({
      time: HHMM,
      city: CityName,
      theatre: z.string(),
      capacity: Count,
      admissions: Count,
      occupancy_pct: DoubleField,
    }),
  ),
});
