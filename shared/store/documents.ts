/**
 * The output contract (docs/data-contract.md) as code: one zod schema per document
 * kind (here, and by family in seat-documents.ts and place-documents.ts, from the field types in
 * fields.ts), the path router, and `checkDocument`, which both stores call before writing anything
 * (Firestore's own limits are in limits.ts). Import every schema, `Double` and the size helpers
 * from here.
 */
import { z } from 'zod';
import { RUN_STATUSES, RUN_TYPES } from '../run/vocabulary.js';
import { CityName, Count, DateString, DoubleField, HHMM, Id, Int, IsoString, MerchantName } from './fields.js';
import { documentSize, MAX_DOCUMENT_BYTES, MAX_PUBLISH_BYTES, MAX_PUBLISH_DOCUMENTS, structuralProblem } from './limits.js';
import { BoxOfficeNowcastDoc, NowcastCell, NowcastScoresField } from './nowcast-documents.js';
import { GeocodeCacheDoc, TheatreDoc } from './place-documents.js';
import { DailyAdmissionsDoc, DailySummaryDoc, SeatIndexDoc, SeatSlotDoc, SeatSnapshotDoc } from './seat-documents.js';
import { StoreError, type DocData, type DocWrite } from './store.js';

export { Double } from './data.js';
export { documentSize, MAX_DOCUMENT_BYTES, valueSize } from './limits.js';
export * from './place-documents.js';
export * from './seat-documents.js';

// ---------------------------------------------------------------- snapshots

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
 * the shards of a sharded run combine into exactly the snapshot of one full run.
 */
export const CityMovie = z.strictObject({
  id: Id,
  title: z.string(),
  poster: z.string(),
  age_category: z.string(),
  country: z.string(),
  genres: z.array(z.string()),
  merchants: z.array(MerchantName),
  is_presale: z.boolean(),
});
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

// ---------------------------------------------------------------- schedules

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
      rooms: z.array(z.strictObject({ category: z.string(), price: z.string(), all_showtimes: z.array(ShowtimeEntry) })),
    }),
  ),
});
export type ShowtimesDoc = z.infer<typeof ShowtimesDoc>;

// ---------------------------------------------------------------- scraper runs

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
  jit_hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/, 'expected YYYY-MM-DDTHH (Asia/Jakarta)').optional(),
});
export type ScraperRunDoc = z.infer<typeof ScraperRunDoc>;

// ---------------------------------------------------------------- box office

/**
 * `box_office/{date}` (private): the day's box office (scripts/box-office/, docs/data-contract.md).
 * Shares and percentages are Doubles; unknown is null, never 0; money is whole rupiah as listed.
 */
const DoubleOrNull = DoubleField.nullable();
const RupiahOrNull = Count.nullable();

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



// ---------------------------------------------------------------- token

export const AuthTokenDoc = z.looseObject({
  token: z.string().min(10).refine((t) => !t.startsWith('"'), 'token must be stored without quotes'),
  refresh_token: z.string().min(10).refine((t) => !t.startsWith('"'), 'refresh_token must be stored without quotes'),
  stored_at: IsoString,
  phone: z.string().refine((p) => /^\d*\**\d*$/.test(p) && p.includes('*'), 'phone must be masked, e.g. 62812****789').or(z.literal('')),
  expires_at: IsoString,
  refresh_expires_at: IsoString,
  source: z.enum(['login', 'refresh']),
});
export type AuthTokenDoc = z.infer<typeof AuthTokenDoc>;

/** `auth_tokens/tix_jwt_lease`: who is renewing the token and until when the others should wait for it. */
export const TokenLeaseDoc = z.looseObject({
  owner: z.string(),
  purpose: z.enum(['refresh', 'login', 'released']),
  acquired_at: z.string(),
  expires_at: z.string(),
});
export type TokenLeaseDoc = z.infer<typeof TokenLeaseDoc>;

// ---------------------------------------------------------------- routing

interface Route {
  pattern: RegExp;
  schema: z.ZodType;
  name: string;
}

/** Every document kind the store may write; a path matching none is refused. */
const ROUTES: readonly Route[] = [
  { name: 'snapshot', pattern: /^snapshots\/(latest|\d{4}-\d{2}-\d{2})$/, schema: SnapshotDoc },
  { name: 'city_movies', pattern: /^snapshots\/\d{4}-\d{2}-\d{2}\/cities\/\d+$/, schema: CityMoviesDoc },
  { name: 'schedule', pattern: /^schedules\/\d{4}-\d{2}-\d{2}\/movies\/\d+$/, schema: ScheduleDoc },
  { name: 'showtimes', pattern: /^schedules\/\d{4}-\d{2}-\d{2}\/showtimes\/\d+_\d+$/, schema: ShowtimesDoc },
  { name: 'theatre', pattern: /^theatres\/\d+$/, schema: TheatreDoc },
  { name: 'geocode_cache', pattern: /^geocode_cache\/[0-9a-f]{32}$/, schema: GeocodeCacheDoc },
  { name: 'scraper_run', pattern: /^scraper_runs\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(-\d{3})?_[a-z]+$/, schema: ScraperRunDoc },
  { name: 'run_log', pattern: /^run_log\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(-\d{3})?_[a-z]+(_[a-z]+)?$/, schema: ScraperRunDoc },
  { name: 'seat_snapshot', pattern: /^seat_snapshots\/\d+_(morning|jit|final)_\d{4}$/, schema: SeatSnapshotDoc },
  { name: 'seat_slot', pattern: /^seat_days\/\d{4}-\d{2}-\d{2}\/slots\/\d{4}$/, schema: SeatSlotDoc },
  { name: 'seat_index', pattern: /^seat_index\/\d{4}-\d{2}-\d{2}$/, schema: SeatIndexDoc },
  { name: 'daily_summary', pattern: /^daily_summaries\/\d{4}-\d{2}-\d{2}$/, schema: DailySummaryDoc },
  { name: 'daily_admissions', pattern: /^daily_admissions\/\d{4}-\d{2}-\d{2}\/movies\/\d+$/, schema: DailyAdmissionsDoc },
  { name: 'box_office', pattern: /^box_office\/\d{4}-\d{2}-\d{2}$/, schema: BoxOfficeDoc },
  { name: 'box_office_nowcast', pattern: /^box_office_nowcast\/\d{4}-\d{2}-\d{2}_\d{4}$/, schema: BoxOfficeNowcastDoc },
  { name: 'auth_token', pattern: /^auth_tokens\/tix_jwt$/, schema: AuthTokenDoc },
  { name: 'auth_token_lease', pattern: /^auth_tokens\/tix_jwt_lease$/, schema: TokenLeaseDoc },
];

export function routeOf(path: string): Route | undefined {
  return ROUTES.find((r) => r.pattern.test(path));
}

/** Every document kind the store may write (name and path pattern), e.g. for the security-rules test. */
export function documentKinds(): readonly { name: string; pattern: RegExp }[] {
  return ROUTES.map(({ name, pattern }) => ({ name, pattern }));
}

// ---------------------------------------------------------------- checks

function fieldOf(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(document)';
}

export interface CheckedDocument {
  kind: string;
  bytes: number;
}

/**
 * Check a document before it is written: its path names a known kind, it matches that kind's
 * schema, it obeys Firestore's structural rules and it fits in 1 MiB. Throws StoreError with the
 * path and the field. `partial` (for merges) accepts any subset of the fields.
 */
export function checkDocument(path: string, data: DocData, opts: { partial?: boolean } = {}): CheckedDocument {
  const route = routeOf(path);
  if (!route) throw new StoreError(path, 'no document kind is defined for this path (see shared/store/documents.ts)');
  const structural = structuralProblem(data, '', false);
  if (structural) throw new StoreError(path, structural.message, structural.field);
  let schema = route.schema;
  if (opts.partial && schema instanceof z.ZodObject) schema = schema.partial();
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StoreError(path, issue.message, fieldOf(issue.path));
  }
  const bytes = documentSize(path, data);
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new StoreError(path, `document is ${bytes} bytes, over Firestore's 1 MiB limit (${MAX_DOCUMENT_BYTES})`);
  }
  return { kind: route.name, bytes };
}

/**
 * Check a publish set before anything is written, the same way in every store: at most 500
 * documents, no path twice, every document valid, at most 10 MiB in all. Returns the total size.
 */
export function checkPublishSet(docs: readonly DocWrite[]): number {
  if (docs.length > MAX_PUBLISH_DOCUMENTS) {
    throw new StoreError(docs[0]!.path, `publish takes at most ${MAX_PUBLISH_DOCUMENTS} documents, got ${docs.length}`);
  }
  const seen = new Set<string>();
  let total = 0;
  for (const d of docs) {
    if (seen.has(d.path)) throw new StoreError(d.path, 'appears twice in one publish');
    seen.add(d.path);
    total += checkDocument(d.path, d.data, { partial: d.merge === true }).bytes;
  }
  if (total > MAX_PUBLISH_BYTES) {
    throw new StoreError(docs[0]!.path, `publish set is ${total} bytes, over Firestore's 10 MiB request limit`);
  }
  return total;
}
