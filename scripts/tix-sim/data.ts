/**
 * The simulator's ground truth: one deterministic national (or smaller) day of TIX.id, generated
 * from a seed, as plain data (`SimDay`) that tests and the bench compare scraper output with, plus
 * the indexes the server answers from (`indexDay`).
 *
 * Presets:
 *  - `tiny`:  JAKARTA (12 theatres: two schedule pages), MAKASSAR (WITA) and JAYAPURA (WIT); 6 movies.
 *  - `city`:  JAKARTA at real scale (87 theatres: XXI 64, CGV 12, Cinépolis 11), 18–22 movies, ~1,600 showtimes.
 *  - `national` (default): 83 cities, 26–31 movies, 494 theatres (XXI 365, CGV 72, Cinépolis 57;
 *    Jakarta 87), ~12,200–12,450 showtimes, of which one wide release has ≥ 11,000 in all 83 cities.
 */
import { CITIES } from '../../shared/tix/cities.js';
import { zoneOfProvince, type IanaZone } from '../../shared/clock.js';
import {
  CGV_REGULAR,
  CGV_SPECIALS,
  CINEPOLIS_REGULAR,
  CINEPOLIS_SPECIALS,
  GENRE_IDS,
  JAKARTA_CHAINS,
  MALL_BRANDS,
  MALL_PLACES,
  MALL_TYPES,
  MOVIE_SEEDS,
  NATIONAL_CHAINS,
  NATIONAL_THEATRES,
  STREETS,
  TITLE_3D_SUFFIX,
  XXI_3D,
  XXI_IMAX,
  XXI_PREMIERE,
  XXI_REGULAR,
  type CategorySpec,
  type MovieSeed,
} from './catalog.js';
import { IdMaker, Rng, hashString } from './rng.js';
import { SEAT_PLANS } from './seats.js';

export type Preset = 'tiny' | 'city' | 'national';
export const PRESETS: readonly Preset[] = ['tiny', 'city', 'national'];
export type SimMerchant = 'XXI' | 'CGV' | 'Cinépolis';
const CHAIN_ORDER: readonly SimMerchant[] = ['XXI', 'CGV', 'Cinépolis'];

export interface SimCity {
  id: string;
  name: string;
  province: string;
  zone: IanaZone;
}
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
export interface SimTheatre {
  id: string;
  cityId: string;
  /** As TIX.id sends it: may carry trailing or double spaces. */
  name: string;
  /** As TIX.id sends it: XXI addresses have `\r\n`, blank lines, trailing spaces. */
  address: string;
  merchant: SimMerchant;
  kind: 'regular' | 'premiere' | 'imax';
  zone: IanaZone;
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
  /** Occupancy reached at show time (0..1). */
  finalOccupancy: number;
}
export interface SimDay {
  preset: Preset;
  seed: number;
  /** Asia/Jakarta date the day is for. */
  date: string;
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

interface PresetSpec {
  cities: { name: string; chains: Record<SimMerchant, number> }[];
  movieIndexes: (rng: Rng) => number[];
  total: [number, number];
  wide: [number, number];
}

function nationalCities(rng: Rng): PresetSpec['cities'] {
  // Apportion CGV and Cinépolis over the cities outside Jakarta, weighted by size, keeping at
  // least one XXI in every city with two or more theatres.
  const others = CITIES.filter((c) => c.name !== 'JAKARTA').map((c) => ({
    name: c.name,
    n: NATIONAL_THEATRES[c.name] ?? 1,
    CGV: 0,
    'Cinépolis': 0,
  }));
  const room = (o: (typeof others)[number]) => (o.n >= 2 ? o.n - 1 : 1) - o.CGV - o['Cinépolis'];
  for (const chain of ['CGV', 'Cinépolis'] as const) {
    let left = NATIONAL_CHAINS[chain] - JAKARTA_CHAINS[chain];
    while (left > 0) {
      const weights = others.map((o) => Math.max(0, room(o)) * (o.n >= 4 ? 3 : o.n >= 2 ? 1 : 0.3));
      const i = rng.weighted(weights);
      others[i]![chain]++;
      left--;
    }
  }
  return CITIES.map((c) => {
    if (c.name === 'JAKARTA') return { name: c.name, chains: { ...JAKARTA_CHAINS } };
    const o = others.find((x) => x.name === c.name)!;
    return { name: c.name, chains: { XXI: o.n - o.CGV - o['Cinépolis'], CGV: o.CGV, 'Cinépolis': o['Cinépolis'] } };
  });
}

function presetSpec(preset: Preset, rng: Rng): PresetSpec {
  const firstN = (n: number) => Array.from({ length: n }, (_, i) => i);
  if (preset === 'tiny') {
    return {
      cities: [
        { name: 'JAKARTA', chains: { XXI: 7, CGV: 3, 'Cinépolis': 2 } },
        { name: 'MAKASSAR', chains: { XXI: 1, CGV: 1, 'Cinépolis': 0 } },
        { name: 'JAYAPURA', chains: { XXI: 1, CGV: 0, 'Cinépolis': 0 } },
      ],
      movieIndexes: () => [0, 1, 2, 3, 4, 13],
      total: [150, 170],
      wide: [60, 70],
    };
  }
  if (preset === 'city') {
    return {
      cities: [{ name: 'JAKARTA', chains: { ...JAKARTA_CHAINS } }],
      movieIndexes: (r) => firstN(r.int(18, 22)),
      total: [1550, 1700],
      wide: [380, 450],
    };
  }
  return {
    cities: nationalCities(rng),
    movieIndexes: (r) => firstN(r.int(26, 31)),
    total: [12200, 12450],
    wide: [11050, 11300],
  };
}

const OFFSET_HOURS: Record<IanaZone, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };

/** The instant of a theatre-local `HH:MM` on `date` (Indonesia has no daylight saving). */
export function localStartMs(date: string, hhmm: string, zone: IanaZone): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm) - OFFSET_HOURS[zone] * 3_600_000;
}

const titleCase = (s: string) => s.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function rupiah(thousands: number): string {
  return `Rp${thousands}.000`;
}

function priceString(spec: CategorySpec, tier: number, rng: Rng): string {
  const base = Math.max(20, spec.price + (tier === 0 ? rng.pick([0, 5, 10, 15]) : tier === 1 ? rng.pick([-5, 0, 5]) : rng.pick([-10, -5, 0])));
  return spec.spread > 0 ? `${rupiah(base)} - ${rupiah(base + spec.spread)}` : rupiah(base);
}

function dirty(name: string, rng: Rng): string {
  const r = rng.next();
  if (r < 0.06) return `${name} `;
  if (r < 0.09) return name.replace(' ', '  ');
  return name;
}

function address(merchant: SimMerchant, mall: string, city: string, rng: Rng): string {
  const street = rng.pick(STREETS);
  const no = rng.int(1, 250);
  const post = rng.int(10110, 99999);
  const cityT = titleCase(city);
  if (merchant === 'XXI') {
    const upper = rng.chance(0.4);
    const lines = [`${upper ? mall : titleCase(mall)} Lt. ${rng.int(1, 6)}`, `Jl. ${street} No. ${no}`];
    if (rng.chance(0.5)) lines.push(`${upper ? city : cityT} ${post}`);
    const tail = rng.pick(['\r\n\r\n ', '\r\n ', '\r\n\r\n', '\r\n\t', '\r\n']);
    const text = lines.join(rng.chance(0.2) ? ' \r\n' : '\r\n') + tail;
    return upper ? text.toUpperCase() : text;
  }
  if (merchant === 'CGV') {
    const nbsp = rng.chance(0.3) ? '\u00a0' : ' ';
    return `${titleCase(mall)} ${rng.int(1, 8)}th${nbsp}Floor, Jl. ${street} No. ${no}, ${cityT} ${post}`;
  }
  return `Jalan ${street} No.${no}, RT.${rng.int(1, 12)}/RW.${rng.int(1, 9)}, Kota ${cityT} , ${cityT}`;
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

interface TheatreBuild extends SimTheatre {
  categories: { spec: CategorySpec; price: string }[];
  index: number;
}

interface Group {
  movie: SimMovie;
  popularity: number;
  theatre: TheatreBuild;
  cat: { spec: CategorySpec; price: string };
  weight: number;
}

/** Generates one day. Pure: the same options always give the same day. */
export function generateDay(opts: GenerateOptions): SimDay {
  const preset = opts.preset ?? 'national';
  const seed = typeof opts.seed === 'string' ? hashString(opts.seed) : (opts.seed ?? 1) >>> 0;
  const rng = new Rng(seed);
  const ids = new IdMaker(rng);
  const spec = presetSpec(preset, rng);
  const date = opts.date;

  // Cities
  const cities: SimCity[] = spec.cities.map((c) => {
    const city = CITIES.find((x) => x.name === c.name)!;
    return { id: city.id, name: city.name, province: city.province, zone: zoneOfProvince(city.province) };
  });

  // Theatres
  const theatres: TheatreBuild[] = [];
  for (const [ci, c] of spec.cities.entries()) {
    const city = cities[ci]!;
    const size = c.chains.XXI + c.chains.CGV + c.chains['Cinépolis'];
    const tier = size >= 20 ? 0 : size >= 5 ? 1 : 2;
    const usedMalls = new Set<string>();
    const usedNames = new Set<string>();
    const newMall = (): string => {
      for (let attempt = 0; ; attempt++) {
        const r = rng.next();
        const mall =
          attempt === 0 && r < 0.15
            ? `${city.name} ${rng.pick(MALL_TYPES)}`
            : r < 0.55
              ? `${rng.pick(MALL_PLACES)} ${rng.pick(MALL_TYPES)}`
              : r < 0.85
                ? `${rng.pick(MALL_BRANDS)} ${rng.pick(MALL_PLACES)}`
                : `${rng.pick(MALL_BRANDS)} ${rng.pick(MALL_PLACES)} ${rng.pick(MALL_TYPES)}`;
        if (!usedMalls.has(mall)) {
          usedMalls.add(mall);
          return mall;
        }
      }
    };
    const xxiMalls: string[] = [];
    const add = (merchant: SimMerchant, kind: SimTheatre['kind'], mall: string, suffix: string) => {
      const name = `${mall} ${suffix}`;
      if (usedNames.has(name)) return false;
      usedNames.add(name);
      const categories: TheatreBuild['categories'] = [];
      const cat = (s: CategorySpec) => categories.push({ spec: s, price: priceString(s, tier, rng) });
      if (merchant === 'XXI' && kind === 'regular') {
        cat(XXI_REGULAR);
        if (rng.chance(0.35)) cat(XXI_3D);
      } else if (kind === 'premiere') {
        cat({ ...XXI_PREMIERE, price: rng.pick([100, 100, 150]) });
      } else if (kind === 'imax') {
        cat(rng.pick(XXI_IMAX));
      } else if (merchant === 'CGV') {
        cat(CGV_REGULAR);
        for (const s of rng.shuffle(CGV_SPECIALS).slice(0, rng.int(1, 3))) cat(s);
      } else {
        cat(CINEPOLIS_REGULAR);
        for (const s of rng.shuffle(CINEPOLIS_SPECIALS).slice(0, rng.int(0, 2))) cat(s);
      }
      const prefix = rng.pick(['9738185', '11788394', '12446079', '16513768']);
      theatres.push({
        id: ids.make(prefix, prefix.length === 7 ? 18 : 19),
        cityId: city.id,
        name: dirty(name, rng),
        address: address(merchant, mall, city.name, rng),
        merchant,
        kind,
        zone: city.zone,
        categories,
        index: theatres.length,
      });
      return true;
    };
    // XXI: a few PREMIERE and IMAX theatres share a mall with a regular XXI in bigger cities.
    const nXxi = c.chains.XXI;
    const premieres = nXxi >= 6 ? Math.round(nXxi * 0.13) : 0;
    const imaxes = nXxi >= 10 ? Math.max(1, Math.round(nXxi * 0.05)) : 0;
    const regulars = nXxi - premieres - imaxes;
    for (let k = 0; k < regulars; k++) {
      const mall = newMall();
      xxiMalls.push(mall);
      add('XXI', 'regular', mall, 'XXI');
    }
    for (let k = 0; k < premieres + imaxes; k++) {
      const kind = k < premieres ? 'premiere' : 'imax';
      const suffix = kind === 'premiere' ? 'PREMIERE' : 'IMAX';
      let placed = false;
      for (const mall of rng.shuffle(xxiMalls)) if ((placed = add('XXI', kind, mall, suffix))) break;
      if (!placed) add('XXI', kind, newMall(), suffix);
    }
    for (let k = 0; k < c.chains.CGV; k++) add('CGV', 'regular', newMall(), 'CGV');
    for (let k = 0; k < c.chains['Cinépolis']; k++) add('Cinépolis', 'regular', newMall(), 'CINEPOLIS');
  }

  // Movies
  const seeds: MovieSeed[] = spec.movieIndexes(rng).map((i) => MOVIE_SEEDS[i]!);
  const movies: (SimMovie & { seed: MovieSeed })[] = seeds.map((s, i) => {
    const id = ids.make(rng.pick(['19', '20']), 19);
    const v2 = rng.chance(0.6);
    return {
      id,
      title: s.title,
      genres: s.genres.map((name) => ({ id: GENRE_IDS[name] ?? 0, name })),
      posterPath: v2 ? `https://asset.tix.id/movie_poster_v2/${rng.uuid()}.webp` : `https://asset.tix.id/movie/${id}.jpg`,
      ageCategory: s.age,
      country: s.country ?? '',
      wide: i === 0,
      seed: s,
    };
  });
  const wide = movies[0]!;

  // Which movies each city shows, and in which theatres.
  const theatresByCity = new Map<string, TheatreBuild[]>();
  for (const t of theatres) theatresByCity.set(t.cityId, [...(theatresByCity.get(t.cityId) ?? []), t]);
  const pairs: { movie: (typeof movies)[number]; city: SimCity; theatres: TheatreBuild[] }[] = [];
  for (const city of cities) {
    const cityTheatres = theatresByCity.get(city.id) ?? [];
    pairs.push({ movie: wide, city, theatres: cityTheatres });
    const want = Math.min(movies.length, Math.max(2, Math.round(2 + 4.2 * Math.log(1 + cityTheatres.length)))) - 1;
    const pool = movies.slice(1);
    let chosen = 0;
    while (chosen < want && pool.length > 0) {
      const i = rng.weighted(pool.map((m) => m.seed.popularity));
      const movie = pool.splice(i, 1)[0]!;
      const eligible = cityTheatres.filter((t) => t.kind !== 'imax' && movie.seed.chains.includes(t.merchant));
      if (eligible.length === 0) continue;
      let k = Math.max(1, Math.round(eligible.length * movie.seed.popularity * (0.15 + 0.35 * rng.next())));
      if (movie.seed.presale) k = Math.max(1, Math.round(k / 2));
      pairs.push({ movie, city, theatres: rng.shuffle(eligible).slice(0, k) });
      chosen++;
    }
  }

  // Showtime budget: the wide release and the rest.
  const total = rng.int(spec.total[0], spec.total[1]);
  const wideTotal = rng.int(spec.wide[0], spec.wide[1]);
  const otherBudget = total - wideTotal;
  const otherPairs = pairs.filter((p) => !p.movie.wide);
  // Keep at least ~25% of the other budget for more than one show per price group.
  for (let guard = 0; guard < 20; guard++) {
    const groups = otherPairs.reduce((a, p) => a + p.theatres.length, 0);
    if (groups <= otherBudget * 0.75) break;
    const factor = (otherBudget * 0.75) / groups;
    for (const p of otherPairs) p.theatres = p.theatres.slice(0, Math.max(1, Math.floor(p.theatres.length * factor)));
  }

  const wideGroups: Group[] = [];
  const otherGroups: Group[] = [];
  for (const p of pairs) {
    for (const t of p.theatres) {
      if (p.movie.wide) {
        t.categories.forEach((cat, ci) =>
          wideGroups.push({
            movie: p.movie,
            popularity: p.movie.seed.popularity,
            theatre: t,
            cat,
            weight: ci > 0 ? 1 : t.kind === 'regular' ? 6 : 1.5,
          }),
        );
      } else {
        otherGroups.push({ movie: p.movie, popularity: p.movie.seed.popularity, theatre: t, cat: t.categories[0]!, weight: p.movie.seed.popularity });
      }
    }
  }
  const wideCounts = allocate(wideTotal, wideGroups.map((g) => g.weight), rng);
  const otherCounts = allocate(otherBudget, otherGroups.map((g) => g.weight), rng);

  // Showtimes, in (pair, theatre, group) order.
  const showtimes: SimShowtime[] = [];
  const emit = (g: Group, n: number) => {
    const times = displayTimes(n, rng);
    times.forEach((time, k) => {
      const plans = g.cat.spec.plans;
      const seatPlan = plans[(k + g.theatre.index) % plans.length]!;
      const hour = Number(time.slice(0, 2));
      const timeFactor = 0.45 + 0.55 * Math.min(1, Math.max(0, (hour - 10) / 9));
      const occ = rng.chance(0.03) ? 1 : Math.min(1, g.popularity * timeFactor * (0.3 + 0.9 * rng.next()) * 1.3);
      showtimes.push({
        id: ids.make('200', 19),
        movieId: g.movie.id,
        cityId: g.theatre.cityId,
        theatreId: g.theatre.id,
        merchant: g.theatre.merchant,
        category: g.cat.spec.category,
        priceString: g.cat.price,
        displayTime: time,
        zone: g.theatre.zone,
        startsAt: new Date(localStartMs(date, time, g.theatre.zone)).toISOString(),
        seatPlan,
        seats: SEAT_PLANS[seatPlan]!.total,
        finalOccupancy: Math.round(Math.max(0.01, occ) * 1000) / 1000,
      });
    });
  };
  wideGroups.forEach((g, i) => emit(g, wideCounts[i]!));
  otherGroups.forEach((g, i) => emit(g, otherCounts[i]!));

  // Per-city movie views: titles (the wide release carries " (3D)" in some cities), presale, merchants.
  const suffixCities = new Set(cities.filter((_, i) => i > 0 && rng.chance(0.35)).map((c) => c.id));
  if (suffixCities.size === 0 && cities.length > 1) suffixCities.add(cities[cities.length - 1]!.id);
  const movieCities: SimMovieCity[] = pairs
    .filter((p) => p.theatres.length > 0)
    .map((p) => ({
      movieId: p.movie.id,
      cityId: p.city.id,
      title: p.movie.wide && suffixCities.has(p.city.id) ? p.movie.title + TITLE_3D_SUFFIX : p.movie.title,
      presale: p.movie.seed.presale === true && rng.chance(0.7),
      merchants: CHAIN_ORDER.filter((m) => p.theatres.some((t) => t.merchant === m)),
    }));
  // At least one presale pair, so every preset exercises the flag.
  if (!movieCities.some((m) => m.presale)) {
    const first = movieCities.find((m) => movies.find((x) => x.id === m.movieId)?.seed.presale);
    if (first) first.presale = true;
  }

  return {
    preset,
    seed,
    date,
    cities,
    movies: movies.map(({ seed: _seed, ...m }) => m),
    movieCities,
    theatres: theatres.map(({ categories: _c, index: _i, ...t }) => t),
    showtimes,
    wideReleaseId: wide.id,
  };
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
  for (const list of moviesByCity.values()) list.sort((a, b) => movieOrder.get(a.movie.id)! - movieOrder.get(b.movie.id)!);

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
        showtimes: [...g.showtimes].sort((a, b) => (a.displayTime < b.displayTime ? -1 : a.displayTime > b.displayTime ? 1 : 0)),
      })),
    }));
    views.sort((a, b) => compareTheatres(a.theatre, b.theatre));
    schedule.set(key, views);
  }
  return { day, cityById, movieById, theatreById, moviesByCity, schedule, showtimeById, startsAtMs };
}

/** A showtime id for the same show on another date (schedules for other dates reuse the day's plan). */
export function showtimeIdOnDate(id: string, date: string, dayDate: string): string {
  if (date === dayDate) return id;
  const shift = BigInt(Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${dayDate}T00:00:00Z`)) / 86_400_000));
  return (BigInt(id) + shift * 1_000_003n).toString();
}
