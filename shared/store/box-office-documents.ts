/**
 * `box_office/{date}` (private): the day's box office (scripts/box-office/, docs/data-contract.md).
 * Shares and percentages are Doubles; unknown is null, never 0; money is whole rupiah as listed.
 * Its nowcast fields are in nowcast-documents.ts. Routed and checked with every other kind in
 * shared/store/documents.ts.
 */
import { z } from 'zod';
import { Count, DateString, DoubleField, DoubleOrNull, Id, Int, IsoString, RupiahOrNull } from './fields.js';
import { NowcastCell, NowcastScoresField } from './nowcast-documents.js';

export const BoxOfficeRollup = z.strictObject({
  key: z.string().min(1),
  shows: Count,
  seats: Count,
  admissions: Count,
  occupancy_pct: DoubleOrNull,
  gross_idr_min: RupiahOrNull,
  gross_idr_max: RupiahOrNull,
});

export const BoxOfficeMovie = z.strictObject({
  movie_id: Id,
  title: z.string(),
  rank: Int.positive(),
  shows: Count,
  theatres: Count,
  cities: Count,
  seats: Count,
  admissions: Count,
  occupancy_pct: DoubleOrNull,
  gross_idr_min: RupiahOrNull,
  gross_idr_max: RupiahOrNull,
  avg_price_idr: RupiahOrNull,
  show_share: DoubleField,
  admission_share: DoubleOrNull,
  sold_out_shows: Count,
  nearly_full_shows: Count,
  walkup: Int.nullable(),
  walkup_share: DoubleOrNull,
  change_day_pct: DoubleOrNull,
  change_week_pct: DoubleOrNull,
  cumulative_admissions: Count,
  cumulative_gross_idr_min: RupiahOrNull,
  cumulative_gross_idr_max: RupiahOrNull,
  day_of_run: Int.positive(),
  genres: z.array(z.string()),
});

export const BoxOfficeRun = z.strictObject({
  movie_id: Id,
  title: z.string(),
  first_date: DateString,
  last_date: DateString,
  days: Count,
  cumulative_admissions: Count,
  cumulative_gross_idr_min: RupiahOrNull,
  cumulative_gross_idr_max: RupiahOrNull,
});

export const BoxOfficeDoc = z.strictObject({
  date: DateString,
  computed_at: IsoString,
  totals: z.strictObject({
    shows: Count,
    shows_pre_show: Count,
    shows_morning_only: Count,
    shows_unread: Count,
    seats: Count,
    admissions: Count,
    occupancy_pct: DoubleOrNull,
    gross_idr_min: RupiahOrNull,
    gross_idr_max: RupiahOrNull,
    shows_without_price: Count,
    seats_share_pre_show: DoubleOrNull,
    seats_share_morning_only: DoubleOrNull,
    show_share_pre_show: DoubleOrNull,
    show_share_morning_only: DoubleOrNull,
    show_share_unread: DoubleOrNull,
    walkup: Int.nullable(),
    walkup_share: DoubleOrNull,
  }),
  movies: z.array(BoxOfficeMovie),
  by_chain: z.array(BoxOfficeRollup),
  by_city: z.array(BoxOfficeRollup),
  by_province: z.array(BoxOfficeRollup),
  by_island: z.array(BoxOfficeRollup),
  by_format: z.array(BoxOfficeRollup),
  by_hour: z.array(BoxOfficeRollup),
  by_genre: z.array(BoxOfficeRollup),
  runs: z.array(BoxOfficeRun),
  issues: z.record(z.string(), Count),
  /** The day's walk-up cells (scripts/nowcast/features.ts): what later nowcasts learn from. */
  walkup_cells: z.array(NowcastCell).optional(),
  /** Movie id → its release date (first day in the data not flagged presale): the nowcast's week of run. */
  release_dates: z.record(Id, DateString).optional(),
  /** The day's nowcasts scored against this box office (scripts/nowcast/score.ts). */
  nowcast: NowcastScoresField.optional(),
});
export type BoxOfficeDoc = z.infer<typeof BoxOfficeDoc>;
