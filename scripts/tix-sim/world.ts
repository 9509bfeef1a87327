/**
 * A simulated world: one preset and seed, every date of its season on demand (generated when first
 * asked for, a few kept), and the truth of any show at any instant, for tests, the bench and the demo
 * to compare what the pipeline measured with what happened.
 *
 *   const world = createWorld({ preset: 'tiny', seed: 1 });
 *   world.dayOf('2026-03-04').day.showtimes        // that date's generated day
 *   truthOf(world, showtimeId, new Date(...))      // sold, held, capacity, price of one show then
 *   dayTruth(world, '2026-03-04', at)              // the same summed by movie (what a box office should find)
 */
import { generateDay, indexDay, seedNumber, type DayIndex, type Preset } from './data.js';
import { parsePrice, dateOfDayNumber } from './season.js';
import { seatState } from './seats.js';

export interface SimWorld {
  preset: Preset;
  seed: number;
  /** The indexed day of a date (Asia/Jakarta YYYY-MM-DD). */
  dayOf(date: string): DayIndex;
}

/** How many generated days a world keeps (a national day is ~12,300 showtimes). */
const KEEP_DAYS = 10;

export function createWorld(opts: { preset?: Preset; seed?: number | string } = {}): SimWorld {
  const preset = opts.preset ?? 'national';
  const seed = seedNumber(opts.seed);
  const days = new Map<string, DayIndex>();
  return {
    preset,
    seed,
    dayOf(date) {
      const hit = days.get(date);
      if (hit) {
        days.delete(date);
        days.set(date, hit);
        return hit;
      }
      const idx = indexDay(generateDay({ preset, seed, date }));
      days.set(date, idx);
      if (days.size > KEEP_DAYS) days.delete(days.keys().next().value!);
      return idx;
    },
  };
}

/** The date a showtime id belongs to (its digits 2–6 are the day number), or undefined when it is not one of ours. */
export function dateOfShowtimeId(id: string): string | undefined {
  if (!/^2\d{18}$/.test(id)) return undefined;
  return dateOfDayNumber(Number(id.slice(1, 6)));
}

/** What was true of one show at one instant. Unavailable = sold + held (what a seat map shows). */
export interface ShowTruth {
  showtime_id: string;
  date: string;
  movie_id: string;
  theatre_id: string;
  city_id: string;
  merchant: string;
  category: string;
  starts_at: string;
  /** The instant this truth is for (ISO, Z). */
  at: string;
  started: boolean;
  capacity: number;
  /** Same as capacity (the seat map's name). */
  total: number;
  sold: number;
  held: number;
  unavailable: number;
  available: number;
  price_string: string;
  price_min: number | null;
  price_max: number | null;
}

/** The truth of a show at an instant; undefined for an id no day of this world has. Pure. */
export function truthOf(world: SimWorld, showtimeId: string, at: Date): ShowTruth | undefined {
  const date = dateOfShowtimeId(showtimeId);
  if (!date) return undefined;
  const idx = world.dayOf(date);
  const s = idx.showtimeById.get(showtimeId);
  if (!s) return undefined;
  const startsAtMs = idx.startsAtMs.get(showtimeId)!;
  const seats = seatState({ ...s, startsAtMs }, at.getTime());
  const price = parsePrice(s.priceString);
  return {
    showtime_id: s.id,
    date,
    movie_id: s.movieId,
    theatre_id: s.theatreId,
    city_id: s.cityId,
    merchant: s.merchant,
    category: s.category,
    starts_at: s.startsAt,
    at: at.toISOString(),
    started: at.getTime() >= startsAtMs,
    capacity: seats.total,
    total: seats.total,
    sold: seats.sold,
    held: seats.held,
    unavailable: seats.unavailable,
    available: seats.available,
    price_string: s.priceString,
    price_min: price?.min ?? null,
    price_max: price?.max ?? null,
  };
}

export interface MovieDayTruth {
  movie_id: string;
  title: string;
  shows: number;
  capacity: number;
  sold: number;
  held: number;
  unavailable: number;
  /** Σ unavailable × price_min and × price_max (gross as listed, held seats counted like sold ones). */
  gross_min: number;
  gross_max: number;
}

/**
 * A date's truth by movie at an instant (default: every show's start, i.e. each show's final
 * figure): what a box office computed from perfect readings just before each start would find.
 */
export function dayTruth(
  world: SimWorld,
  date: string,
  at?: Date,
): { date: string; movies: MovieDayTruth[]; totals: Omit<MovieDayTruth, 'movie_id' | 'title'> } {
  const idx = world.dayOf(date);
  const byMovie = new Map<string, MovieDayTruth>();
  for (const s of idx.day.showtimes) {
    const startsAtMs = idx.startsAtMs.get(s.id)!;
    const t = seatState({ ...s, startsAtMs }, at ? at.getTime() : startsAtMs);
    const price = parsePrice(s.priceString);
    const m = byMovie.get(s.movieId) ?? {
      movie_id: s.movieId,
      title: idx.movieById.get(s.movieId)!.title,
      shows: 0,
      capacity: 0,
      sold: 0,
      held: 0,
      unavailable: 0,
      gross_min: 0,
      gross_max: 0,
    };
    m.shows++;
    m.capacity += t.total;
    m.sold += t.sold;
    m.held += t.held;
    m.unavailable += t.unavailable;
    m.gross_min += t.unavailable * (price?.min ?? 0);
    m.gross_max += t.unavailable * (price?.max ?? 0);
    byMovie.set(s.movieId, m);
  }
  const movies = [...byMovie.values()].sort(
    (a, b) => b.unavailable - a.unavailable || (a.movie_id < b.movie_id ? -1 : 1),
  );
  const totals = { shows: 0, capacity: 0, sold: 0, held: 0, unavailable: 0, gross_min: 0, gross_max: 0 };
  for (const m of movies) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += m[k];
  return { date, movies, totals };
}
