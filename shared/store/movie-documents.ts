/**
 * The movies scraper's documents: the day's snapshot (`snapshots/latest`, `snapshots/{date}`) and
 * each city's movies it is merged from (docs/data-contract.md). Routed and checked with every other
 * kind in shared/store/documents.ts.
 */
import { z } from 'zod';
import { CityName, Count, DateString, Id, IsoString, MerchantName } from './fields.js';

export const SnapshotMovie = z.strictObject({
  id: Id,
  title: z.string(),
  poster: z.string(),
  age_category: z.string(),
  country: z.string(),
  genres: z.array(z.string()),
  merchants: z.array(MerchantName),
  cities: z.array(CityName),
  is_presale: z.boolean(),
  theatre_counts: z.record(CityName, Count),
});
export type SnapshotMovie = z.infer<typeof SnapshotMovie>;

export const SnapshotDoc = z.strictObject({
  scraped_at: IsoString,
  date: DateString,
  summary: z.strictObject({ total_cities: Count, total_movies: Count, presale_count: Count }),
  movies: z.array(SnapshotMovie),
  city_stats: z.record(CityName, Count),
  /** Cities that failed in the run that produced this snapshot (extra field, welcome). */
  failed_cities: z.array(CityName).optional(),
});
export type SnapshotDoc = z.infer<typeof SnapshotDoc>;

/**
 * `snapshots/{date}/cities/{city_id}`: one city's movies as the movies scraper last read them that
 * day (private; not read by the apps). The day's snapshot is merged from these, so a `--city` run or
 * the shards of a sharded run combine into exactly the snapshot of one full run. A city's movie is
 * the snapshot's movie without the fields the merge adds across cities.
 */
export const CityMovie = SnapshotMovie.omit({ cities: true, theatre_counts: true });
export type CityMovie = z.infer<typeof CityMovie>;
export const CityMoviesDoc = z.strictObject({
  date: DateString,
  city: CityName,
  city_id: Id,
  /** When this city's movies were read. */
  scraped_at: IsoString,
  /** The run that read them (`scraper_runs` id), for tracing a day merged from several runs. */
  run_id: z.string(),
  movies: z.array(CityMovie),
});
export type CityMoviesDoc = z.infer<typeof CityMoviesDoc>;
