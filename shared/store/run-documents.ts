/**
 * The run records: `scraper_runs/{id}` and `run_log/{id}` (docs/data-contract.md; written by
 * shared/run/). Routed and checked with every other kind in shared/store/documents.ts.
 */
import { z } from 'zod';
import { RUN_STATUSES, RUN_TYPES } from '../run/vocabulary.js';
import { Count, DateString, IsoString } from './fields.js';

/**
 * `scraper_runs/{id}` (the admin's Scraper Monitor): only `movies` runs and the hourly JIT
 * aggregates (shared/run/monitor.ts); `run_log/{id}` (private): every run's complete record.
 */
export const ScraperRunDoc = z.looseObject({
  run_type: z.enum(RUN_TYPES),
  mode: z.string().optional(),
  status: z.enum(RUN_STATUSES),
  timestamp: IsoString,
  date: DateString,
  movies: Count.optional(),
  cities: Count.optional(),
  theatres_total: Count.optional(),
  theatres_success: Count.optional(),
  theatres_failed: Count.optional(),
  presales: Count.optional(),
  showtimes_scraped: Count.optional(),
  showtimes_success: Count.optional(),
  /** JIT hour aggregates: passes merged, when the last ended, the WIB hour. */
  passes: Count.optional(),
  last_pass_at: IsoString.optional(),
  jit_hour: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/, 'expected YYYY-MM-DDTHH (Asia/Jakarta)')
    .optional(),
});
export type ScraperRunDoc = z.infer<typeof ScraperRunDoc>;
