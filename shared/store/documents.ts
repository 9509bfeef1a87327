/**
 * The output contract (../shared/spec/firestore-contract.md) as code: one zod schema per document
 * kind, a path router, Firestore's document-size formula, and `Double` for numbers the web app
 * reads as `doubleValue` only. Both stores call `checkDocument` before writing anything.
 */
import { z } from 'zod';
import { RUN_STATUSES, RUN_TYPES, SEAT_MODES } from '../run/vocabulary.js';
import { StoreError, type DocData, type DocWrite } from './store.js';

/** Firestore's hard limit on one document. */
export const MAX_DOCUMENT_BYTES = 1_048_576;

/**
 * A number that must be stored as a Firestore double even when it is whole (firebase-admin
 * stores whole JS numbers as integers). The file store writes it as a plain JSON number.
 */
export class Double {
  constructor(readonly value: number) {
    if (!Number.isFinite(value)) throw new Error(`Double: not a finite number: ${value}`);
  }
  toJSON(): number {
    return this.value;
  }
  valueOf(): number {
    return this.value;
  }
}

// ---------------------------------------------------------------- field types

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
export const IsoString = z.string().regex(ISO_Z, 'expected an ISO-8601 UTC string ending in Z');
export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'expected a real calendar date');
export const Id = z.string().regex(/^\d{1,25}$/, 'expected a numeric id string');
export const Int = z.number().int('expected an integer');
export const Count = Int.nonnegative('expected a count (integer ≥ 0)');
export const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected zero-padded HH:MM');
export const CityName = z.string().regex(/^[A-Z0-9 .'-]+$/, 'expected an UPPER-CASE city name');
export const MerchantName = z.enum(['XXI', 'CGV', 'Cinépolis'], { error: "expected 'XXI', 'CGV' or 'Cinépolis'" });
export const DoubleField = z.instanceof(Double, { message: 'expected a Double (stored as doubleValue)' });
export const Pct = z.number().min(0).max(100);

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

// ---------------------------------------------------------------- theatres

export const TheatreDoc = z.strictObject({
  theatre_id: Id,
  name: z.string().min(1),
  merchant: MerchantName,
  city: CityName,
  address: z.string().nullable(),
  /** Written by the geocoder as Doubles (doubleValue even when whole); read back as numbers. */
  lat: z.union([z.number().min(-90).max(90), DoubleField.refine((d) => Math.abs(d.value) <= 90, 'expected a latitude')]).nullable(),
  lng: z.union([z.number().min(-180).max(180), DoubleField.refine((d) => Math.abs(d.value) <= 180, 'expected a longitude')]).nullable(),
  place_id: z.string().nullable(),
  room_types: z.array(z.string()),
  last_seen: IsoString,
  created_at: IsoString,
  updated_at: IsoString,
  /** Where lat/lng came from (the geocoder): Google Places or OpenStreetMap Nominatim. */
  geo_source: z.enum(['google', 'osm']).optional(),
  /** When the geocoder wrote lat/lng. */
  geocoded_at: IsoString.optional(),
});
export type TheatreDoc = z.infer<typeof TheatreDoc>;

// ---------------------------------------------------------------- geocode cache (private)

/**
 * `geocode_cache/{key}`: what the geocoder learnt about one theatre name + address + city (the
 * key is a hash of them), so the same theatre is never looked up twice. `found` holds the match
 * that was written; `tried` the providers asked so far (a provider not tried yet may still be
 * asked later, e.g. Google once a key is set).
 */
export const GeocodeCacheDoc = z.strictObject({
  name: z.string(),
  address: z.string().nullable(),
  city: CityName,
  tried: z.array(z.enum(['google', 'osm'])),
  found: z
    .strictObject({
      source: z.enum(['google', 'osm']),
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      place_id: z.string().nullable(),
      label: z.string(),
    })
    .nullable(),
  /** Matches refused as too far from the city, one line each. */
  rejected: z.array(z.string()),
  looked_up_at: IsoString,
});
export type GeocodeCacheDoc = z.infer<typeof GeocodeCacheDoc>;

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

// ---------------------------------------------------------------- seats

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
  occupancy_pct: z.union([DoubleField.refine((d) => d.value >= 0 && d.value <= 100, 'expected a percentage from 0 to 100'), Pct]),
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

// ---------------------------------------------------------------- routing

interface Route {
  pattern: RegExp;
  schema: z.ZodType;
  name: string;
}

const ROUTES: Route[] = [
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
  { name: 'auth_token', pattern: /^auth_tokens\/tix_jwt$/, schema: AuthTokenDoc },
];

/** Register another document kind (for a later feature). Paths matching no route are refused. */
export function registerDocument(name: string, pattern: RegExp, schema: z.ZodType): void {
  ROUTES.push({ name, pattern, schema });
}

export function routeOf(path: string): Route | undefined {
  return ROUTES.find((r) => r.pattern.test(path));
}

/** Every document kind the store may write (name and path pattern), e.g. for the security-rules test. */
export function documentKinds(): readonly { name: string; pattern: RegExp }[] {
  return ROUTES.map(({ name, pattern }) => ({ name, pattern }));
}

// ---------------------------------------------------------------- Firestore rules

function stringSize(s: string): number {
  return Buffer.byteLength(s, 'utf8') + 1;
}

/** Size of one value by Firestore's storage-size rules. */
export function valueSize(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Double || v instanceof Date) return 8;
  if (typeof v === 'string') return stringSize(v);
  if (Array.isArray(v)) return v.reduce<number>((n, x) => n + valueSize(x), 0);
  if (typeof v === 'object') {
    let n = 0;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined) continue;
      n += stringSize(k) + valueSize(x);
    }
    return n;
  }
  return 0;
}

/** Size of a document by Firestore's formula: name + fields + 32. */
export function documentSize(path: string, data: DocData): number {
  const name = path.split('/').reduce((n, seg) => n + stringSize(seg), 16);
  return name + valueSize(data) + 32;
}

/** Firestore's own structural rules: no array directly inside an array, no Timestamps/Dates, no undefined in arrays. */
function structuralProblem(v: unknown, field: string, inArray: boolean): { field: string; message: string } | undefined {
  if (v instanceof Date || (typeof v === 'object' && v !== null && v.constructor?.name === 'Timestamp')) {
    return { field, message: 'a Timestamp/Date where an ISO string belongs (store instants as ISO strings with Z)' };
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return { field, message: 'not a finite number' };
  if (Array.isArray(v)) {
    if (inArray) return { field, message: 'an array directly inside an array (Firestore cannot store it)' };
    for (let i = 0; i < v.length; i++) {
      const p = structuralProblem(v[i], `${field}[${i}]`, true);
      if (p) return p;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Double)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = structuralProblem(x, field ? `${field}.${k}` : k, false);
      if (p) return p;
    }
  }
  return undefined;
}

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

/** Firestore's limits on one batch write, which is what a publish is. */
export const MAX_PUBLISH_DOCUMENTS = 500;
export const MAX_PUBLISH_BYTES = 10 * 1_048_576;

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
