/**
 * The simulator's ground truth: one deterministic day of TIX.id of a season (season.ts), generated
 * from a seed and the date, as plain data (`SimDay`) that tests and the bench compare scraper output
 * with, plus the indexes the server answers from (`indexDay`). The theatres are the same every day
 * (structure.ts); the movies, their showtimes, prices and sales follow the season.
 *
 * Presets (the size of a day; every day of a season keeps it):
 *  - `tiny`:  JAKARTA (12 theatres: two schedule pages), MAKASSAR (WITA) and JAYAPURA (WIT); 6 movies.
 *  - `city`:  JAKARTA at real scale (87 theatres: XXI 64, CGV 12, Cinépolis 11), 18–22 movies, ~1,600 showtimes.
 *  - `national` (default): 83 cities, 26–31 movies, 494 theatres (XXI 365, CGV 72, Cinépolis 57;
 *    Jakarta 87), ~12,200–12,450 showtimes, of which the week's wide release has ≥ 11,000 in all 83 cities.
 */
import type { IanaZone } from '../../shared/clock.js';
import { TITLE_3D_SUFFIX } from './catalog.js';
import { IdMaker, Rng, hashString, mix } from './rng.js';
import { SEAT_PLANS } from './seats.js';
import {
  catalogueOn,
  dayNumber,
  dayType,
  priceStep,
  priceString,
  releaseWeek,
  salesOf,
  type Chain,
  type DayType,
  type SeasonMovie,
} from './season.js';
import {
  structureOf,
  type Preset,
  type RoomClass,
  type SimCity,
  type SimMerchant,
  type SimTheatre,
  type TheatreBuild,
} from './structure.js';

export type { Preset, SimCity, SimMerchant, SimTheatre } from './structure.js';
export const PRESETS: readonly Preset[] = ['tiny', 'city', 'national'];
const CHAIN_ORDER: readonly SimMerchant[] = ['XXI', 'CGV', 'Cinépolis'];

export interface SimMovie {
  id: string;
  /** The title without any per-city variation. */
  title: string;
  genres: { id: number; name: string }[];
  posterPath: string;
  ageCategory: 'SU' | 'P' | 'R' | 'D';
  country: string;
  /** The wide release shows in every theatre of every city. */
  wide: boolean;
  /** The Wednesday it opened (or opens: a presale sneak preview). */
  releaseDate: string;
  /** Week of run on the day (1 in its opening week; 0 before it opens). */
  weekOfRun: number;
  /** An Indonesian film (else international). */
  local: boolean;
  /** Its appeal on the day before the day's own factor (season.ts `appealOn`). */
  appeal: number;
}
/** A movie as one city sees it (the `/v1/movies` answer for that city). */
export interface SimMovieCity {
  movieId: string;
  cityId: string;
  title: string;
  presale: boolean;
  /** Chains with at least one theatre showing it in this city, in XXI, CGV, Cinépolis order. */
  merchants: SimMerchant[];
}
export interface SimShowtime {
  id: string;
  movieId: string;
  cityId: string;
  theatreId: string;
  merchant: SimMerchant;
  category: string;
  priceString: string;
  /** `HH:MM` in the theatre's own zone. */
  displayTime: string;
  zone: IanaZone;
  /** The instant the show starts (ISO, Z). */
  startsAt: string;
  seatPlan: string;
  seats: number;
  /** Share of the sellable seats (seats − held) sold at show time (0..1; 1 = sold out). */
  finalOccupancy: number;
  /** Share of the final sales already sold at 06:00 theatre-local. */
  presold: number;
  /** How late the walk-ups come (season.ts `soldFraction`). */
  lateness: number;
  /** Seats held back all day (unavailable, never sold). */
  held: number;
}
export interface SimDay {
  preset: Preset;
  seed: number;
  /** Asia/Jakarta date the day is for. */
  date: string;
  dayType: DayType;
  cities: SimCity[];
  movies: SimMovie[];
  movieCities: SimMovieCity[];
  theatres: SimTheatre[];
  showtimes: SimShowtime[];
  wideReleaseId: string;
}

export interface GenerateOptions {
  preset?: Preset;
  seed?: number | string;
  /** Asia/Jakarta `YYYY-MM-DD`. */
  date: string;
}

export const seedNumber = (seed: number | string | undefined): number =>
  typeof seed === 'string' ? hashString(seed) : (seed ?? 1) >>> 0;

const OFFSET_HOURS: Record<IanaZone, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };

/** The instant of a theatre-local `HH:MM` on `date` (Indonesia has no daylight saving). */
export function localStartMs(date: string, hhmm: string, zone: IanaZone): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm) - OFFSET_HOURS[zone] * 3_600_000;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A room's price string on a day type: Friday and weekend steps; premium classes Rp100.000–Rp150.000. */
export function roomPrice(room: RoomClass, chain: Chain, type: DayType): string {
  const step = priceStep(chain, room.spec.premium === true, type);
  const base = room.spec.premium ? Math.min(Math.max(room.base, 150), room.base + step) : room.base + step;
  return priceString(base, room.spread);
}

/** Splits `total` into `weights.length` counts of at least 1, proportional to the weights. */
function allocate(total: number, weights: number[], rng: Rng): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const counts = new Array<number>(n).fill(1);
  let left = Math.max(0, total - n);
  const w = weights.map((x) => x * (0.6 + 0.8 * rng.next()));
  const sum = w.reduce((a, b) => a + b, 0);
  const exact = w.map((x) => (left * x) / sum);
  const floors = exact.map(Math.floor);
  floors.forEach((f, i) => (counts[i]! += f));
  left -= floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  for (let k = 0; k < left; k++) counts[order[k % n]!.i]!++;
  return counts;
}

/** `n` display times over the day on ceil(n/6) screens, sorted. */
function displayTimes(n: number, rng: Rng): string[] {
  const out: number[] = [];
  if (n <= 3) {
    const interval = rng.int(25, 29) * 5;
    const latest = 22 * 60 + 30 - (n - 1) * interval;
    const start = 10 * 60 + rng.int(0, Math.floor((latest - 600) / 5)) * 5;
    for (let k = 0; k < n; k++) out.push(start + k * interval);
  } else {
    const screens = Math.ceil(n / 6);
    const starts = Array.from({ length: screens }, () => 9 * 60 + 45 + rng.int(0, 12) * 5);
    const intervals = Array.from({ length: screens }, () => 125 + rng.int(0, 4) * 5);
    for (let k = 0; k < n; k++) {
      const s = k % screens;
      out.push(starts[s]! + Math.floor(k / screens) * intervals[s]!);
    }
  }
  return out.sort((a, b) => a - b).map(hhmm);
}

/** A movie on the day: the season's movie with how widely it is shown (0..1) and whether it is a presale sneak preview. */
interface DayMovie extends SimMovie {
  season: SeasonMovie;
  popularity: number;
  sneak: boolean;
}

interface Group {
  movie: DayMovie;
  theatre: TheatreBuild;
  cat: RoomClass;
  weight: number;
}

/** The day's movies from the season's catalogue: the wide release first, then by appeal, then presales. */
function dayMovies(seed: number, date: string, size: [number, number], presales: number): DayMovie[] {
  const count = new Rng(mix(seed, releaseWeek(date), 0xc47)).int(size[0], size[1]);
  const cat = catalogueOn(seed, date, count, presales);
  const top = cat.playing[0]?.appeal ?? 1;
  const view = (m: SeasonMovie, appeal: number, week: number, i: number, sneak: boolean): DayMovie => ({
    id: m.id,
    title: m.title,
    genres: m.genres,
    posterPath: m.posterPath,
    ageCategory: m.ageCategory,
    country: m.country,
    wide: i === 0 && !sneak,
    releaseDate: m.releaseDate,
    weekOfRun: week,
    local: m.local,
    appeal: Math.round(appeal * 10_000) / 10_000,
    season: m,
    popularity: sneak ? 0.3 : Math.min(0.9, Math.max(0.1, appeal / top)),
    sneak,
  });
  return [
    ...cat.playing.map((p, i) => view(p.movie, p.appeal, p.week, i, false)),
    ...cat.presale.map((m, i) => view(m, 0, 0, cat.playing.length + i, true)),
  ];
}

type Pair = { movie: DayMovie; city: SimCity; theatres: TheatreBuild[] };

/** Which movies each city shows, and in which theatres: the wide release everywhere, the others by popularity. */
function moviePairs(cities: SimCity[], theatres: TheatreBuild[], movies: DayMovie[], rng: Rng): Pair[] {
  const byCity = new Map<string, TheatreBuild[]>();
  for (const t of theatres) byCity.set(t.cityId, [...(byCity.get(t.cityId) ?? []), t]);
  const wide = movies[0]!;
  const pairs: Pair[] = [];
  for (const city of cities) {
    const cityTheatres = byCity.get(city.id) ?? [];
    pairs.push({ movie: wide, city, theatres: cityTheatres });
    const want = Math.min(movies.length, Math.max(2, Math.round(2 + 4.2 * Math.log(1 + cityTheatres.length)))) - 1;
    const pool = movies.slice(1);
    let chosen = 0;
    while (chosen < want && pool.length > 0) {
      const movie = pool.splice(rng.weighted(pool.map((m) => m.popularity)), 1)[0]!;
      const eligible = cityTheatres.filter((t) => t.kind !== 'imax' && movie.season.chains.includes(t.merchant));
      if (eligible.length === 0) continue;
      let k = Math.max(1, Math.round(eligible.length * movie.popularity * (0.15 + 0.35 * rng.next())));
      if (movie.sneak) k = Math.max(1, Math.round(k / 2));
      pairs.push({ movie, city, theatres: rng.shuffle(eligible).slice(0, k) });
      chosen++;
    }
  }
  return pairs;
}

/** The price groups the showtime budget is spread over: the wide release in every room, the others in a theatre's first room. */
function priceGroups(pairs: Pair[], otherBudget: number): { wide: Group[]; other: Group[] } {
  const otherPairs = pairs.filter((p) => !p.movie.wide);
  // Keep at least ~25% of the other budget for more than one show per price group.
  for (let guard = 0; guard < 20; guard++) {
    const groups = otherPairs.reduce((a, p) => a + p.theatres.length, 0);
    if (groups <= otherBudget * 0.75) break;
    const factor = (otherBudget * 0.75) / groups;
    for (const p of otherPairs) p.theatres = p.theatres.slice(0, Math.max(1, Math.floor(p.theatres.length * factor)));
  }
  const wide: Group[] = [];
  const other: Group[] = [];
  for (const p of pairs) {
    for (const t of p.theatres) {
      if (p.movie.wide) {
        t.categories.forEach((cat, ci) =>
          wide.push({ movie: p.movie, theatre: t, cat, weight: ci > 0 ? 1 : t.kind === 'regular' ? 6 : 1.5 }),
        );
      } else {
        other.push({ movie: p.movie, theatre: t, cat: t.categories[0]!, weight: p.movie.popularity });
      }
    }
  }
  return { wide, other };
}

/** Generates one day of the season. Pure: the same options always give the same day. */
export function generateDay(opts: GenerateOptions): SimDay {
  const preset = opts.preset ?? 'national';
  const seed = seedNumber(opts.seed);
  const date = opts.date;
  const structure = structureOf(preset, seed);
  const { cities, theatres, size } = structure;
  const rng = new Rng(mix(seed, dayNumber(date), 0xda7));
  // Showtime ids carry the day: '2' + the day number (5 digits) + 13 random digits.
  const ids = new IdMaker(rng);
  const idPrefix = `2${String(dayNumber(date)).padStart(5, '0')}`;
  const type = dayType(date);
  const movies = dayMovies(seed, date, size.movies, size.presales);
  const pairs = moviePairs(cities, theatres, movies, rng);

  const total = rng.int(size.total[0], size.total[1]);
  const wideTotal = rng.int(size.wide[0], size.wide[1]);
  const groups = priceGroups(pairs, total - wideTotal);
  const wideCounts = allocate(
    wideTotal,
    groups.wide.map((g) => g.weight),
    rng,
  );
  const otherCounts = allocate(
    total - wideTotal,
    groups.other.map((g) => g.weight),
    rng,
  );

  const showtimes: SimShowtime[] = [];
  const emit = (g: Group, n: number) => {
    const price = roomPrice(g.cat, g.theatre.merchant, type);
    displayTimes(n, rng).forEach((time, k) => {
      const plans = g.cat.spec.plans;
      const seatPlan = plans[(k + g.theatre.index) % plans.length]!;
      const id = ids.make(idPrefix, 19);
      const seats = SEAT_PLANS[seatPlan]!.total;
      const sales = salesOf({
        seed,
        showtimeId: id,
        chain: g.theatre.merchant,
        appeal: g.movie.appeal,
        weekOfRun: g.movie.weekOfRun,
        sneak: g.movie.sneak,
        date,
        hour: Number(time.slice(0, 2)),
        premium: g.cat.spec.premium === true,
        seats,
      });
      showtimes.push({
        id,
        movieId: g.movie.id,
        cityId: g.theatre.cityId,
        theatreId: g.theatre.id,
        merchant: g.theatre.merchant,
        category: g.cat.spec.category,
        priceString: price,
        displayTime: time,
        zone: g.theatre.zone,
        startsAt: new Date(localStartMs(date, time, g.theatre.zone)).toISOString(),
        seatPlan,
        seats,
        ...sales,
      });
    });
  };
  groups.wide.forEach((g, i) => emit(g, wideCounts[i]!));
  groups.other.forEach((g, i) => emit(g, otherCounts[i]!));

  return {
    preset,
    seed,
    date,
    dayType: type,
    cities,
    movies: movies.map(({ season: _s, popularity: _p, sneak: _k, ...m }) => m),
    movieCities: movieCityViews(pairs, cities, rng),
    theatres: theatres.map(({ categories: _c, index: _i, ...t }) => t),
    showtimes,
    wideReleaseId: movies[0]!.id,
  };
}

/** Per-city movie views: titles (the wide release carries " (3D)" in some cities), presale, merchants. */
function movieCityViews(pairs: Pair[], cities: SimCity[], rng: Rng): SimMovieCity[] {
  const suffixCities = new Set(cities.filter((_, i) => i > 0 && rng.chance(0.35)).map((c) => c.id));
  if (suffixCities.size === 0 && cities.length > 1) suffixCities.add(cities[cities.length - 1]!.id);
  const views = pairs
    .filter((p) => p.theatres.length > 0)
    .map((p) => ({
      movieId: p.movie.id,
      cityId: p.city.id,
      title: p.movie.wide && suffixCities.has(p.city.id) ? p.movie.title + TITLE_3D_SUFFIX : p.movie.title,
      presale: p.movie.sneak && rng.chance(0.7),
      merchants: CHAIN_ORDER.filter((m) => p.theatres.some((t) => t.merchant === m)),
    }));
  // At least one presale pair, so every preset exercises the flag.
  if (!views.some((m) => m.presale)) {
    const first = views.find((v) => pairs.find((p) => p.movie.id === v.movieId)?.movie.sneak);
    if (first) first.presale = true;
  }
  return views;
}

// ---------------------------------------------------------------------------------------------
// Indexes the server answers from.

export interface PriceGroupView {
  category: string;
  priceString: string;
  showtimes: SimShowtime[];
}
export interface TheatreView {
  theatre: SimTheatre;
  priceGroups: PriceGroupView[];
}
export interface DayIndex {
  day: SimDay;
  cityById: Map<string, SimCity>;
  movieById: Map<string, SimMovie>;
  theatreById: Map<string, SimTheatre>;
  /** cityId → the movies it shows, with their per-city view. */
  moviesByCity: Map<string, { movie: SimMovie; view: SimMovieCity }[]>;
  /** `${movieId}|${cityId}` → theatres sorted by name (the schedule pages). */
  schedule: Map<string, TheatreView[]>;
  showtimeById: Map<string, SimShowtime>;
  startsAtMs: Map<string, number>;
}

/** The sort the schedule pages use: by name as sent, ties by id. */
export function compareTheatres(a: SimTheatre, b: SimTheatre): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function indexDay(day: SimDay): DayIndex {
  const cityById = new Map(day.cities.map((c) => [c.id, c]));
  const movieById = new Map(day.movies.map((m) => [m.id, m]));
  const theatreById = new Map(day.theatres.map((t) => [t.id, t]));
  const moviesByCity = new Map<string, { movie: SimMovie; view: SimMovieCity }[]>();
  const movieOrder = new Map(day.movies.map((m, i) => [m.id, i]));
  for (const view of day.movieCities) {
    const list = moviesByCity.get(view.cityId) ?? [];
    list.push({ movie: movieById.get(view.movieId)!, view });
    moviesByCity.set(view.cityId, list);
  }
  for (const list of moviesByCity.values())
    list.sort((a, b) => movieOrder.get(a.movie.id)! - movieOrder.get(b.movie.id)!);

  const byPair = new Map<string, Map<string, Map<string, PriceGroupView>>>();
  const showtimeById = new Map<string, SimShowtime>();
  const startsAtMs = new Map<string, number>();
  for (const s of day.showtimes) {
    showtimeById.set(s.id, s);
    startsAtMs.set(s.id, Date.parse(s.startsAt));
    const key = `${s.movieId}|${s.cityId}`;
    const theatresOfPair = byPair.get(key) ?? new Map<string, Map<string, PriceGroupView>>();
    byPair.set(key, theatresOfPair);
    const groups = theatresOfPair.get(s.theatreId) ?? new Map<string, PriceGroupView>();
    theatresOfPair.set(s.theatreId, groups);
    const gk = `${s.category}|${s.priceString}`;
    const g = groups.get(gk) ?? { category: s.category, priceString: s.priceString, showtimes: [] };
    groups.set(gk, g);
    g.showtimes.push(s);
  }
  const schedule = new Map<string, TheatreView[]>();
  for (const [key, theatresOfPair] of byPair) {
    const views = [...theatresOfPair].map(([tid, groups]) => ({
      theatre: theatreById.get(tid)!,
      priceGroups: [...groups.values()].map((g) => ({
        ...g,
        showtimes: [...g.showtimes].sort((a, b) =>
          a.displayTime < b.displayTime ? -1 : a.displayTime > b.displayTime ? 1 : 0,
        ),
      })),
    }));
    views.sort((a, b) => compareTheatres(a.theatre, b.theatre));
    schedule.set(key, views);
  }
  return { day, cityById, movieById, theatreById, moviesByCity, schedule, showtimeById, startsAtMs };
}
