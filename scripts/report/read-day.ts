/**
 * Step 1 of the report: read one day from the store, whichever is configured (Firestore or files).
 *
 * Everything the page shows comes from these documents:
 *  - the seat readings: the latest reading of each showtime (`readSeatReadings`, the only function
 *    that knows how seats are stored: the day's slot documents, or seat_snapshots for older days);
 *  - the scheduled showtimes per movie × city (`schedules/{date}/showtimes/*`), to say how many
 *    shows the day had and how many were read;
 *  - `daily_summaries/{date}` and `daily_admissions/{date}/movies/*` when the summary has run;
 *  - the day's runs (`run_log`; `scraper_runs` for days before it).
 *
 * Cost on Firestore: one read per slot document (~35 a day; for a day stored before the slots,
 * one per seat snapshot, fields projected), one per showtimes document, admissions document and run.
 */
import type { Store, StoredDoc } from '../../shared/store/store.js';
import { readDayOccupancy } from '../../scrapers/seats/day.js';
import { latestPerShowtime } from '../../scrapers/seats/summary.js';

/** The latest seat reading of one showtime. */
export interface SeatReading {
  showtime_id: string;
  /** Start, theatre-local HH:MM. */
  showtime: string;
  movie_id: string;
  movie_title: string;
  theatre_id: string;
  theatre_name: string;
  city: string;
  /** The chain: XXI, CGV or Cinépolis. */
  merchant: string;
  snapshot_type: 'morning' | 'jit' | 'final';
  scraped_at: string;
  total_seats: number;
  unavailable_seats: number;
}

/** One run of any step, as recorded. */
export interface RunEntry {
  id: string;
  run_type: string;
  mode?: string;
  status: string;
  started_at: string;
  finished_at?: string;
  duration_ms?: number;
  requests?: number;
  retries?: number;
  request_failures?: number;
  /** Items that failed (showtimes, cities, pages…), all kinds together. */
  error_count?: number;
  /** The first recorded errors' reasons (at most 3). */
  errors: string[];
}

export interface DayDocs {
  date: string;
  storeKind: 'firestore' | 'file';
  readings: SeatReading[];
  /** Readings read (before taking the latest per showtime), and where from. */
  snapshotsRead: number;
  readingsSource: string;
  /** Showtimes in the day's schedules (every status), and the movie × city documents they came from. */
  scheduledShowtimes: number;
  scheduleDocs: number;
  summary: Record<string, unknown> | undefined;
  admissions: { movie_id: string; movie_title: string; total_admissions: number }[];
  runs: RunEntry[];
}

const SEAT_FIELDS = [
  'showtime_id',
  'showtime',
  'date',
  'movie_id',
  'movie_title',
  'theatre_id',
  'theatre_name',
  'city',
  'merchant',
  'snapshot_type',
  'scraped_at',
  'total_seats',
  'unavailable_seats',
  'available_seats',
] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // A Double read back from Firestore is a number; one handed over unread is { value }.
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') return (v as { value: number }).value;
  return undefined;
};

/** A stored snapshot as a reading, or undefined when a field the report needs is missing. */
function toReading(data: Record<string, unknown>): (SeatReading & { date: string; available_seats: number }) | undefined {
  const kind = str(data.snapshot_type);
  const r = {
    showtime_id: str(data.showtime_id),
    showtime: str(data.showtime),
    date: str(data.date),
    movie_id: str(data.movie_id),
    movie_title: str(data.movie_title),
    theatre_id: str(data.theatre_id),
    theatre_name: str(data.theatre_name),
    city: str(data.city),
    merchant: str(data.merchant),
    snapshot_type: kind === 'morning' || kind === 'jit' || kind === 'final' ? kind : undefined,
    scraped_at: str(data.scraped_at),
    total_seats: num(data.total_seats),
    unavailable_seats: num(data.unavailable_seats),
    available_seats: num(data.available_seats) ?? 0,
  };
  return Object.values(r).every((v) => v !== undefined) ? (r as SeatReading & { date: string; available_seats: number }) : undefined;
}

/**
 * The latest reading of each of the day's showtimes: the one place that knows where seat readings
 * live. Since the seat storage redesign every reading of a day is in its compact half-hour slot
 * documents (`seat_days/{date}/slots/*`, about 35 reads, through `readDayOccupancy`); a day stored
 * before that has them only as `seat_snapshots` documents (one read each, never the seat maps).
 */
export async function readSeatReadings(
  store: Store,
  date: string,
): Promise<{ readings: SeatReading[]; read: number; unreadable: string[]; source: string }> {
  const day = await readDayOccupancy(store, date);
  if (day.length > 0) return { readings: day.map(pickReading), read: day.length, unreadable: [], source: `seat_days/${date}/slots` };
  const docs = await store.list('seat_snapshots', { where: { date }, fields: [...SEAT_FIELDS] });
  const parsed: (SeatReading & { date: string; available_seats: number })[] = [];
  const unreadable: string[] = [];
  for (const d of docs) {
    const r = toReading(d.data);
    if (r) parsed.push(r);
    else unreadable.push(d.path);
  }
  const readings = latestPerShowtime(parsed).map(pickReading);
  readings.sort((a, b) => (a.showtime_id < b.showtime_id ? -1 : a.showtime_id > b.showtime_id ? 1 : 0));
  return { readings, read: docs.length, unreadable, source: 'seat_snapshots' };
}

/** Only the fields the report uses. */
function pickReading(r: SeatReading): SeatReading {
  return {
    showtime_id: r.showtime_id,
    showtime: r.showtime,
    movie_id: r.movie_id,
    movie_title: r.movie_title,
    theatre_id: r.theatre_id,
    theatre_name: r.theatre_name,
    city: r.city,
    merchant: r.merchant,
    snapshot_type: r.snapshot_type,
    scraped_at: r.scraped_at,
    total_seats: r.total_seats,
    unavailable_seats: r.unavailable_seats,
  };
}

/** Showtimes in the day's schedules: every id of every room of every theatre. */
function countScheduled(docs: readonly StoredDoc[]): number {
  let n = 0;
  for (const d of docs) {
    const theatres = Array.isArray(d.data.theatres) ? (d.data.theatres as { rooms?: { all_showtimes?: unknown[] }[] }[]) : [];
    for (const t of theatres) for (const room of t.rooms ?? []) n += room.all_showtimes?.length ?? 0;
  }
  return n;
}

function toRun(d: StoredDoc): RunEntry | undefined {
  const x = d.data;
  const started = str(x.started_at) ?? str(x.timestamp);
  const type = str(x.run_type);
  const status = str(x.status);
  if (!started || !type || !status) return undefined;
  const requests = x.requests && typeof x.requests === 'object' ? (x.requests as Record<string, unknown>) : undefined;
  const errors = Array.isArray(x.errors) ? (x.errors as { scope?: unknown; name?: unknown; reason?: unknown }[]) : [];
  return {
    id: d.id,
    run_type: type,
    mode: str(x.mode),
    status,
    started_at: started,
    finished_at: str(x.finished_at),
    duration_ms: num(x.duration_ms),
    requests: num(requests?.requests),
    retries: num(requests?.retries),
    request_failures: num(requests?.failures),
    error_count: num(x.error_count),
    errors: errors.slice(0, 3).map((e) => [str(e.scope), str(e.name), str(e.reason)].filter(Boolean).join(' ')),
  };
}

/**
 * The day's runs. Every run's complete record is in `run_log`; days recorded before it existed
 * have theirs in `scraper_runs` (which now holds only the admin's view: the movies run and one
 * aggregate per JIT hour, so it is read only when `run_log` has nothing for the day).
 */
export async function readRuns(store: Store, date: string): Promise<RunEntry[]> {
  let docs = await store.list('run_log', { where: { date } });
  if (docs.length === 0) docs = await store.list('scraper_runs', { where: { date } });
  const runs = docs.map(toRun).filter((r): r is RunEntry => r !== undefined);
  return runs.sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : a.id < b.id ? -1 : 1));
}

export async function readDay(store: Store, date: string): Promise<DayDocs & { unreadable: string[] }> {
  const seats = await readSeatReadings(store, date);
  const schedules = await store.list(`schedules/${date}/showtimes`);
  const summary = await store.get(`daily_summaries/${date}`);
  const admissions = (await store.list(`daily_admissions/${date}/movies`, { fields: ['movie_id', 'movie_title', 'total_admissions'] }))
    .map((d) => ({ movie_id: str(d.data.movie_id) ?? d.id, movie_title: str(d.data.movie_title) ?? '', total_admissions: num(d.data.total_admissions) ?? 0 }));
  const runs = await readRuns(store, date);
  return {
    date,
    storeKind: store.kind,
    readings: seats.readings,
    snapshotsRead: seats.read,
    readingsSource: seats.source,
    unreadable: seats.unreadable,
    scheduledShowtimes: countScheduled(schedules),
    scheduleDocs: schedules.length,
    summary,
    admissions,
    runs,
  };
}
