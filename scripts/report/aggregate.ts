/**
 * Step 2 of the report: the day's documents → the figures the page shows, as plain data (pure).
 *
 * Each showtime counts once, with its latest reading. Admissions = unavailable seats (TIX.id does
 * not tell sold from held), capacity = total seats, occupancy = admissions ÷ capacity × 100 (one
 * decimal; 0 without seats). Hours are the shows' start hours in their theatres' own time.
 */
import type { DayDocs, RunEntry, SeatReading } from './read-day.js';

export interface Group {
  key: string;
  shows: number;
  admissions: number;
  capacity: number;
  occupancy_pct: number;
}

export interface ShowRow {
  showtime_id: string;
  showtime: string;
  movie_title: string;
  theatre_name: string;
  city: string;
  merchant: string;
  admissions: number;
  capacity: number;
}

export interface MovieRow extends Group {
  movie_id: string;
  /** From daily_admissions when the summary has run, else undefined. */
  summary_admissions: number | undefined;
}

export interface TimelineRun extends RunEntry {
  /** run_type, with the seat mode: `seats jit`. */
  label: string;
}

export interface DayReport {
  date: string;
  storeKind: 'firestore' | 'file';
  totals: {
    scheduled: number;
    shows: number;
    admissions: number;
    capacity: number;
    occupancy_pct: number;
    movies: number;
    theatres: number;
    cities: number;
    sold_out: number;
    empty: number;
    snapshots_read: number;
  };
  /** Where the seat readings came from: the day's slot documents, or seat_snapshots (older days). */
  readingsSource: string;
  /** daily_summaries/{date} as stored, the figures it shares with the totals (undefined before the summary runs). */
  summary: { total_audience: number; total_seats: number; showtime_count: number; generated_at: string } | undefined;
  byHour: Group[];
  byCity: Group[];
  byChain: Group[];
  movies: MovieRow[];
  soldOut: ShowRow[];
  empty: ShowRow[];
  runs: TimelineRun[];
  unreadable: string[];
}

export const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

function group<K extends string>(readings: readonly SeatReading[], keyOf: (r: SeatReading) => K): Map<K, Group> {
  const out = new Map<K, Group>();
  for (const r of readings) {
    const key = keyOf(r);
    let g = out.get(key);
    if (!g) out.set(key, (g = { key, shows: 0, admissions: 0, capacity: 0, occupancy_pct: 0 }));
    g.shows++;
    g.admissions += r.unavailable_seats;
    g.capacity += r.total_seats;
  }
  for (const g of out.values()) g.occupancy_pct = pct(g.admissions, g.capacity);
  return out;
}

const byAdmissions = (a: Group, b: Group): number => b.admissions - a.admissions || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function showRow(r: SeatReading): ShowRow {
  return {
    showtime_id: r.showtime_id,
    showtime: r.showtime,
    movie_title: r.movie_title,
    theatre_name: r.theatre_name,
    city: r.city,
    merchant: r.merchant,
    admissions: r.unavailable_seats,
    capacity: r.total_seats,
  };
}

const byShowtime = (a: ShowRow, b: ShowRow): number =>
  a.showtime.localeCompare(b.showtime) || a.city.localeCompare(b.city) || a.theatre_name.localeCompare(b.theatre_name) || a.showtime_id.localeCompare(b.showtime_id);

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') return (v as { value: number }).value;
  return undefined;
}

/** The figures of the day. Every show of a sold-out or empty list is kept (the page shows the first ones). */
export function aggregateDay(day: DayDocs & { unreadable?: string[] }): DayReport {
  const readings = day.readings;
  const hours = group(readings, (r) => r.showtime.slice(0, 2));
  const admissionsByMovie = new Map(day.admissions.map((a) => [a.movie_id, a.total_admissions]));
  const movies = [...group(readings, (r) => r.movie_id).values()].map((g) => {
    const any = readings.find((r) => r.movie_id === g.key)!;
    return { ...g, key: any.movie_title, movie_id: g.key, summary_admissions: admissionsByMovie.get(g.key) };
  });
  movies.sort((a, b) => b.admissions - a.admissions || a.movie_id.localeCompare(b.movie_id));
  const soldOut = readings.filter((r) => r.total_seats > 0 && r.unavailable_seats >= r.total_seats).map(showRow).sort(byShowtime);
  const empty = readings.filter((r) => r.total_seats > 0 && r.unavailable_seats === 0).map(showRow).sort(byShowtime);
  let admissions = 0;
  let capacity = 0;
  for (const r of readings) {
    admissions += r.unavailable_seats;
    capacity += r.total_seats;
  }
  const s = day.summary;
  const summary =
    s && num(s.total_audience) !== undefined
      ? {
          total_audience: num(s.total_audience)!,
          total_seats: num(s.total_seats) ?? 0,
          showtime_count: num(s.showtime_count) ?? 0,
          generated_at: typeof s.generated_at === 'string' ? s.generated_at : '',
        }
      : undefined;
  return {
    date: day.date,
    storeKind: day.storeKind,
    totals: {
      scheduled: day.scheduledShowtimes,
      shows: readings.length,
      admissions,
      capacity,
      occupancy_pct: pct(admissions, capacity),
      movies: movies.length,
      theatres: new Set(readings.map((r) => r.theatre_id)).size,
      cities: new Set(readings.map((r) => r.city)).size,
      sold_out: soldOut.length,
      empty: empty.length,
      snapshots_read: day.snapshotsRead,
    },
    readingsSource: day.readingsSource,
    summary,
    byHour: [...hours.values()].sort((a, b) => a.key.localeCompare(b.key)),
    byCity: [...group(readings, (r) => r.city).values()].sort(byAdmissions),
    byChain: [...group(readings, (r) => r.merchant).values()].sort(byAdmissions),
    movies,
    soldOut,
    empty,
    runs: day.runs.map((r) => ({ ...r, label: r.mode ? `${r.run_type} ${r.mode}` : r.run_type })),
    unreadable: day.unreadable ?? [],
  };
}
