/**
 * The schedules scraper's documents: `schedules/{date}/movies/{movie_id}` (what the web app reads)
 * and `schedules/{date}/showtimes/{movie_id}_{city_id}` (every showtime id, for the seats scraper)
 * (docs/data-contract.md). Routed and checked with every other kind in shared/store/documents.ts.
 */
import { z } from 'zod';
import { CityName, Count, DateString, HHMM, Id, Int, IsoString, MerchantName } from './fields.js';

export const ShowtimeEntry = z.strictObject({
  time: HHMM,
  status: Int,
  is_available: z.boolean(),
  showtime_id: Id,
});
export type ShowtimeEntry = z.infer<typeof ShowtimeEntry>;

/** A room as the web app reads it (no all_showtimes: those live in the per-city documents). */
export const ScheduleRoom = z.strictObject({
  category: z.string(),
  price: z.string(),
  showtimes: z.array(HHMM),
  past_showtimes: z.array(HHMM),
});
export const ScheduleTheatre = z.strictObject({
  theatre_id: Id,
  theatre_name: z.string(),
  merchant: MerchantName,
  address: z.string(),
  rooms: z.array(ScheduleRoom),
});
export const ScheduleDoc = z.strictObject({
  movie_id: Id,
  title: z.string(),
  poster: z.string(),
  age_category: z.string(),
  date: DateString,
  uploaded_at: IsoString,
  genres: z.array(z.string()),
  merchants: z.array(MerchantName),
  is_presale: z.boolean(),
  cities: z.record(CityName, z.array(ScheduleTheatre)),
  /** Cities of the snapshot whose schedule could not be read and has no earlier copy that day. */
  missing_cities: z.array(CityName).optional(),
  /** Ids of the per-city showtime documents, `schedules/{date}/showtimes/{id}`. */
  showtime_docs: z.array(z.string()),
  showtime_count: Count,
});
export type ScheduleDoc = z.infer<typeof ScheduleDoc>;

/** `schedules/{date}/showtimes/{movie_id}_{city_id}`: every showtime id of one movie in one city. */
export const ShowtimesDoc = z.strictObject({
  movie_id: Id,
  movie_title: z.string(),
  date: DateString,
  city: CityName,
  city_id: Id,
  zone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
  uploaded_at: IsoString,
  theatres: z.array(
    z.strictObject({
      theatre_id: Id,
      theatre_name: z.string(),
      merchant: MerchantName,
      /** Cleaned address (the schedule document is built from these documents). */
      address: z.string().optional(),
      rooms: z.array(
        z.strictObject({ category: z.string(), price: z.string(), all_showtimes: z.array(ShowtimeEntry) }),
      ),
    }),
  ),
});
export type ShowtimesDoc = z.infer<typeof ShowtimesDoc>;
