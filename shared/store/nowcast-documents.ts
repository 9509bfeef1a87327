/**
 * The nowcast's documents (scripts/nowcast/, docs/nowcast.md): `box_office_nowcast/{date}_{HHMM}`
 * (private) and the two fields it adds to `box_office/{date}` (`walkup_cells`, `nowcast`).
 * Spreads and shares are Doubles; unknown is null, never 0; money is whole rupiah as listed.
 */
import { z } from 'zod';
import { Count, DateString, DoubleField, DoubleOrNull, HHMM, Id, Int, IsoString, RupiahOrNull } from './fields.js';

/** One walk-up cell of a finished day (sums over its shows with a morning and a pre-show reading). */
export const NowcastCell = z.strictObject({
  chain: z.string().min(1),
  hour_band: z.enum(['<13', '13-16', '17-19', '20+']),
  day_kind: z.enum(['weekday', 'weekend']),
  run_week: z.enum(['presale', '1', '2', '3+']),
  shows: Count,
  morning: Count,
  admissions: Count,
  morning_sq: Count,
  admissions_sq: Count,
  cross: Count,
});

const NowcastEstimate = z.strictObject({ point: Count, low: Count, high: Count, sd: DoubleField });
const NowcastFigures = {
  shows: Count,
  shows_measured: Count,
  shows_pending: Count,
  shows_pending_unread: Count,
  admissions_measured: Count,
  admissions: NowcastEstimate,
  gross_idr_min: RupiahOrNull,
  gross_idr_max: RupiahOrNull,
  gross_idr_low: RupiahOrNull,
  gross_idr_high: RupiahOrNull,
};
const LEVEL_NAMES = ['cell', 'no_chain', 'run_week_day', 'run_week', 'pooled', 'prior'] as const;

/** `box_office_nowcast/{date}_{HHMM}` (private): the day's estimate at an instant (scripts/nowcast/). */
export const BoxOfficeNowcastDoc = z.strictObject({
  date: DateString,
  at: IsoString,
  at_local: HHMM,
  computed_at: IsoString,
  method: z.string().min(1),
  history: z.strictObject({
    days: Count,
    shows: Count,
    from: DateString.nullable(),
    to: DateString.nullable(),
    tau: DoubleField,
  }),
  calibration: z.strictObject({ q: DoubleField, source: z.enum(['normal', 'scored']), n: Count }),
  levels: z.strictObject(
    Object.fromEntries(LEVEL_NAMES.map((l) => [l, Count])) as Record<(typeof LEVEL_NAMES)[number], typeof Count>,
  ),
  totals: z.strictObject(NowcastFigures),
  movies: z.array(
    z.strictObject({ movie_id: Id, title: z.string(), day_of_run: Int.positive().nullable(), ...NowcastFigures }),
  ),
  fallbacks: z.array(
    z.strictObject({
      kind: z.enum(['no_history', 'short_history', 'coarser_group', 'prior', 'first_day', 'no_morning_reading']),
      subject: z.string(),
      shows: Count,
      detail: z.string(),
    }),
  ),
});
export type BoxOfficeNowcastDoc = z.infer<typeof BoxOfficeNowcastDoc>;

const ScoreFields = {
  point: Count,
  low: Count,
  high: Count,
  measured: Count,
  ape: DoubleOrNull,
  gross_point: RupiahOrNull,
  gross_measured: RupiahOrNull,
  gross_ape: DoubleOrNull,
  held: z.boolean(),
  z: DoubleOrNull,
};

export const NowcastScoresField = z.strictObject({
  scored_at: IsoString,
  nowcasts: z.array(
    z.strictObject({
      nowcast_id: z.string().regex(/^\d{4}-\d{2}-\d{2}_\d{4}$/),
      at_local: HHMM,
      total: z.strictObject(ScoreFields),
      movies_mape: DoubleOrNull,
      coverage: DoubleOrNull,
      movies: z.array(
        z.strictObject({ nowcast_id: z.string(), at_local: HHMM, movie_id: Id, title: z.string(), ...ScoreFields }),
      ),
    }),
  ),
});
