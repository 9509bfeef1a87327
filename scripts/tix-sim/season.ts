/**
 * The simulator's season: which movies exist on any date, how much each one draws that day, what a
 * room costs that day, and how a show's seats sell through the day. Everything is a pure function of
 * the seed and the date (no state carried from day to day), so any date of any season can be
 * generated on its own, and two runs with the same seed agree to the seat.
 *
 * Shape (docs/development.md, "The simulator's season"):
 *  - releases open on Wednesdays: 3–6 a week (about 60% Indonesian titles), each with a base appeal
 *    (a few blockbusters, many small films) that decays week by week (×0.5–0.8 a week, a film's
 *    "legs"); a movie plays while it ranks among the day's catalogue (the preset's movie count);
 *    the next week's releases show as presale sneak previews in a few theatres;
 *  - day types: Mon–Thu, Friday, weekend (Sat, Sun) and holidays (a short fixed list, priced and
 *    attended like a weekend); demand ×1.0 Mon–Thu, ×1.35 Friday, ×1.9 Saturday, ×1.7 Sunday,
 *    ×1.9 on a holiday;
 *  - a show's sold seats: a final occupancy (movie appeal × day × start hour × chain × noise, capped
 *    at a sell-out), of which a share is already sold at 06:00 theatre-local (presales: higher in a
 *    movie's first week, at weekends, for early shows and at CGV/Cinépolis) and the rest arrives
 *    as walk-ups, late (a power curve towards the start); some rooms hold a few seats back.
 */
import { Rng, hashString, mix, unit } from './rng.js';
import { TITLE_POOL, GENRE_IDS, type TitleSeed } from './catalog.js';

export type DayType = 'weekday' | 'friday' | 'weekend';
export type Chain = 'XXI' | 'CGV' | 'Cinépolis';

const DAY_MS = 86_400_000;
/** 1970-01-07, the first Wednesday after the epoch, as a day number. */
const FIRST_WEDNESDAY = 6;
/** The most releases a week can have (slots numbered per week for ids and titles). */
const SLOTS_PER_WEEK = 6;
/** How many weeks back a movie can still be playing. */
const MAX_WEEKS = 16;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}
export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}
/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (dayNumber(date) + 4) % 7;
}
/** The release week a date falls in (weeks run Wednesday to Tuesday). */
export function releaseWeek(date: string): number {
  return Math.floor((dayNumber(date) - FIRST_WEDNESDAY) / 7);
}
/** The Wednesday a release week opens. */
export function weekOpening(week: number): string {
  return dateOfDayNumber(FIRST_WEDNESDAY + 7 * week);
}

/**
 * Indonesian public holidays the season knows (fixed-date ones every year, and the 2026–2027 Eid
 * and Christmas-eve collective leave days). A holiday is priced and attended like a weekend.
 */
const FIXED_HOLIDAYS = ['01-01', '05-01', '06-01', '08-17', '12-25', '12-26'];
const DATED_HOLIDAYS = new Set([
  '2026-03-19',
  '2026-03-20',
  '2026-03-21',
  '2026-03-23',
  '2026-05-27',
  '2027-03-09',
  '2027-03-10',
  '2027-03-11',
  '2027-05-17',
]);
export function isHoliday(date: string): boolean {
  return FIXED_HOLIDAYS.includes(date.slice(5)) || DATED_HOLIDAYS.has(date);
}

export function dayType(date: string): DayType {
  const wd = weekday(date);
  if (wd === 0 || wd === 6 || isHoliday(date)) return 'weekend';
  return wd === 5 ? 'friday' : 'weekday';
}

/** How many more tickets a day sells than a Monday–Thursday. */
export function dayFactor(date: string): number {
  const wd = weekday(date);
  if (isHoliday(date) || wd === 6) return 1.9;
  if (wd === 0) return 1.7;
  return wd === 5 ? 1.35 : 1;
}

/** A movie of the season, as released. */
export interface SeasonMovie {
  id: string;
  title: string;
  genres: { id: number; name: string }[];
  ageCategory: 'SU' | 'P' | 'R' | 'D';
  country: string;
  local: boolean;
  /** The Wednesday it opens. */
  releaseDate: string;
  /** Appeal in its first week (0.05–1.3). */
  baseAppeal: number;
  /** Week-on-week retention of its appeal. */
  legs: number;
  chains: Chain[];
  posterPath: string;
}

const ALL: Chain[] = ['XXI', 'CGV', 'Cinépolis'];

function chainsOf(r: Rng): Chain[] {
  const x = r.next();
  if (x < 0.6) return ALL;
  if (x < 0.75) return ['XXI'];
  if (x < 0.85) return ['XXI', 'CGV'];
  if (x < 0.95) return ['CGV', 'Cinépolis'];
  return ['Cinépolis'];
}

function appealOf(r: Rng): number {
  const x = r.next();
  if (x < 0.06) return 1 + 0.3 * r.next();
  if (x < 0.26) return 0.5 + 0.4 * r.next();
  if (x < 0.7) return 0.2 + 0.3 * r.next();
  return 0.05 + 0.15 * r.next();
}

/** A 19-digit id from a deterministic stream. */
function idOf(r: Rng, prefix: string): string {
  return prefix + r.digits(19 - prefix.length);
}

/** The title a release slot gets: the pool walked in a seed's order; on later laps a sequel (`… 2`, `… 3`, `… 4`, then the plain title again). */
function titleOf(seed: number, slot: number): TitleSeed & { title: string } {
  const n = TITLE_POOL.length;
  const lap = Math.floor(slot / n);
  // A fixed permutation of the pool per seed: index i of the lap → pool entry (a*i + b) mod n, a coprime to n.
  let a = (mix(seed, 0xa11) % (n - 1)) + 1;
  while (gcd(a, n) !== 1) a = (a % (n - 1)) + 1;
  const b = mix(seed, 0xb22) % n;
  const entry = TITLE_POOL[(a * (slot % n) + b) % n]!;
  const part = (lap % 4) + 1;
  return { ...entry, title: part === 1 ? entry.title : `${entry.title} ${part}` };
}
function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

const weekCache = new Map<string, SeasonMovie[]>();

/** The movies that open on a release week's Wednesday (3–6). */
export function releasesOfWeek(seed: number, week: number): SeasonMovie[] {
  const key = `${seed}|${week}`;
  const hit = weekCache.get(key);
  if (hit) return hit;
  const r = new Rng(mix(seed, week, 0x5ea5));
  const count = r.int(3, SLOTS_PER_WEEK);
  const out: SeasonMovie[] = [];
  for (let k = 0; k < count; k++) {
    const slot = week * SLOTS_PER_WEEK + k;
    const t = titleOf(seed, slot);
    const m = new Rng(mix(seed, slot, 0x11d));
    const id = idOf(m, m.chance(0.5) ? '19' : '20');
    const appeal = appealOf(m) * (t.local ? 1 : 0.95);
    out.push({
      id,
      title: t.title,
      genres: t.genres.map((name) => ({ id: GENRE_IDS[name] ?? 0, name })),
      ageCategory: t.age,
      country: t.country ?? '',
      local: t.local,
      releaseDate: weekOpening(week),
      baseAppeal: Math.round(appeal * 1000) / 1000,
      legs: Math.round((0.5 + 0.3 * m.next() + (t.genres.includes('Horror') && t.local ? 0.05 : 0)) * 1000) / 1000,
      chains: appeal >= 0.5 ? ALL : chainsOf(m),
      posterPath: m.chance(0.6)
        ? `https://asset.tix.id/movie_poster_v2/${m.uuid()}.webp`
        : `https://asset.tix.id/movie/${id}.jpg`,
    });
  }
  if (weekCache.size > 400) weekCache.clear();
  weekCache.set(key, out);
  return out;
}

/** Week of run on a date: 1 in its opening week (Wednesday to Tuesday); 0 or less before it opens. */
export function weekOfRun(movie: SeasonMovie, date: string): number {
  return Math.floor((dayNumber(date) - dayNumber(movie.releaseDate)) / 7) + 1;
}

/** A movie's appeal on a date (before the day's own factor): its base, decayed by its legs each week. */
export function appealOn(movie: SeasonMovie, date: string): number {
  const w = weekOfRun(movie, date);
  return w < 1 ? 0 : movie.baseAppeal * movie.legs ** (w - 1);
}

export interface Catalogue {
  /** Playing movies, most appealing first; the first one shows in every theatre (the week's wide release). */
  playing: { movie: SeasonMovie; appeal: number; week: number }[];
  /** Next week's releases with presale sneak previews today. */
  presale: SeasonMovie[];
}

/**
 * The movies showing on a date: every release of this week (at most 40% of `size`, the most
 * appealing first), then the most appealing of the rest,
 * `size` in all with `presales` of them next week's releases in presale. The wide release is the
 * most appealing one every chain carries; it changes only on Wednesdays (appeal ranks only move then).
 */
export function catalogueOn(seed: number, date: string, size: number, presales: number): Catalogue {
  const week = releaseWeek(date);
  const candidates: { movie: SeasonMovie; appeal: number; week: number }[] = [];
  for (let w = week; w > week - MAX_WEEKS; w--) {
    for (const movie of releasesOfWeek(seed, w))
      candidates.push({ movie, appeal: appealOn(movie, date), week: weekOfRun(movie, date) });
  }
  const byAppeal = (a: { appeal: number; movie: SeasonMovie }, b: { appeal: number; movie: SeasonMovie }) =>
    b.appeal - a.appeal || (a.movie.id < b.movie.id ? -1 : 1);
  // This week's releases first (in a small world only the most appealing of them), then by appeal.
  const fresh = candidates.filter((c) => c.week === 1).sort(byAppeal);
  const sure = fresh.slice(0, Math.max(2, Math.ceil(size * 0.4)));
  const rest = [...fresh.slice(sure.length), ...candidates.filter((c) => c.week > 1)].sort(byAppeal);
  const playing = [...sure, ...rest].slice(0, Math.max(sure.length, size - presales)).sort(byAppeal);
  const wideAt = playing.findIndex((p) => p.movie.chains.length === 3);
  if (wideAt > 0) playing.unshift(...playing.splice(wideAt, 1));
  const presale = releasesOfWeek(seed, week + 1)
    .filter((m) => m.chains.length === 3 || m.chains.includes('XXI'))
    .slice(0, Math.max(0, presales));
  return { playing, presale };
}

// ---------------------------------------------------------------------------------------------
// Prices by day type.

/** Rupiah (thousands) added to a room's Monday–Thursday price on Fridays and at weekends. */
export function priceStep(chain: Chain, premium: boolean, type: DayType): number {
  if (type === 'weekday') return 0;
  if (premium) return type === 'weekend' ? 50 : 25;
  const weekend = chain === 'XXI' ? 10 : 15;
  return type === 'weekend' ? weekend : 5;
}

export const rupiah = (thousands: number): string => `Rp${thousands}.000`;

/** `Rp35.000` or `Rp46.000 - Rp51.000`. */
export function priceString(base: number, spread: number): string {
  return spread > 0 ? `${rupiah(base)} - ${rupiah(base + spread)}` : rupiah(base);
}

/** `Rp35.000` → {min: 35000, max: 35000}; a range → its ends; anything else → undefined. */
export function parsePrice(s: string): { min: number; max: number } | undefined {
  const m = /^Rp(\d{1,3}(?:\.\d{3})+)(?: - Rp(\d{1,3}(?:\.\d{3})+))?$/.exec(s);
  if (!m) return undefined;
  const n = (x: string) => Number(x.replace(/\./g, ''));
  const min = n(m[1]!);
  const max = m[2] ? n(m[2]) : min;
  return { min, max };
}

// ---------------------------------------------------------------------------------------------
// Sales: how full a show ends, and how its seats sell through the day.

/** Demand by start hour (theatre-local): matinees thin, 19:00–21:59 the peak. */
export function hourFactor(hour: number): number {
  if (hour < 12) return 0.5;
  if (hour < 15) return 0.7;
  if (hour < 17) return 0.85;
  if (hour < 19) return 1;
  if (hour < 22) return 1.2;
  return 0.8;
}

const CHAIN_DEMAND: Record<Chain, number> = { XXI: 1, CGV: 1, Cinépolis: 0.85 };
const CHAIN_PRESALE: Record<Chain, number> = { XXI: 0.85, CGV: 1.15, Cinépolis: 1.05 };

/** A normal deviate from two uniforms (Box–Muller), for log-normal noise. */
function gauss(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(Math.max(1e-12, u1))) * Math.cos(2 * Math.PI * u2);
}

export interface SalesInput {
  seed: number;
  showtimeId: string;
  chain: Chain;
  /** The movie's appeal on the date (`appealOn`), 0 for a presale sneak preview (uses `sneak`). */
  appeal: number;
  weekOfRun: number;
  sneak: boolean;
  date: string;
  /** Theatre-local start hour. */
  hour: number;
  premium: boolean;
  seats: number;
}

export interface Sales {
  /** Share of the sellable seats (seats − held) sold at the start, 0..1; 1 = sold out. */
  finalOccupancy: number;
  /** Share of the final sales already sold at 06:00 theatre-local on the show's day. */
  presold: number;
  /** Walk-ups arrive as u^lateness of the way from 06:00 to the start (higher = later). */
  lateness: number;
  /** Seats the exhibitor keeps back all day (unavailable, never sold). */
  held: number;
}

/** A show's sales, from what is known of it; pure (a per-show hash drives the noise). */
export function salesOf(i: SalesInput): Sales {
  const h = hashString(i.showtimeId);
  const u = (k: number) => unit(i.seed, h, k, 0x5a1e);
  const demand = i.sneak ? 0.3 : 0.38 * Math.sqrt(i.appeal);
  const noise = Math.exp(0.4 * gauss(u(1), u(2)));
  const premium = i.premium ? 0.75 : 1;
  const raw = demand * dayFactor(i.date) * hourFactor(i.hour) * CHAIN_DEMAND[i.chain] * premium * noise;
  const finalOccupancy = Math.round(Math.min(1, Math.max(0.005, raw)) * 1000) / 1000;
  const byWeek = i.sneak ? 0.8 : i.weekOfRun <= 1 ? 0.42 : i.weekOfRun === 2 ? 0.3 : 0.2;
  const byDay = dayType(i.date) === 'weekend' ? 1.15 : dayType(i.date) === 'friday' ? 1.05 : 1;
  const byHour = i.hour < 13 ? 1.35 : i.hour < 17 ? 1.1 : i.hour < 20 ? 0.9 : 0.8;
  const presoldNoise = Math.exp(0.2 * gauss(u(3), u(4)));
  const presold =
    Math.round(Math.min(0.9, Math.max(0.03, byWeek * byDay * byHour * CHAIN_PRESALE[i.chain] * presoldNoise)) * 1000) /
    1000;
  const lateness = Math.round((1.6 + 1.6 * u(5)) * 100) / 100;
  const held = u(6) < 0.35 ? Math.max(1, Math.round(i.seats * (0.02 + 0.04 * u(7)))) : 0;
  return { finalOccupancy, presold, lateness, held };
}

/** How long before 06:00 presales build up (they halve every ~25 h going back). */
const PRESALE_TAU_MS = 36 * 3_600_000;

/**
 * Share of a show's final sales sold at `nowMs`: `presold` at 06:00 local of the show's day
 * (`sixAmMs`), less before it (presales of earlier days), rising to 1 at the start as walk-ups
 * arrive (`presold + (1 − presold)·u^lateness`, u the way from 06:00 to the start).
 */
export function soldFraction(
  s: Pick<Sales, 'presold' | 'lateness'>,
  sixAmMs: number,
  startMs: number,
  nowMs: number,
): number {
  if (nowMs >= startMs) return 1;
  if (nowMs <= sixAmMs) return s.presold * Math.exp(-(sixAmMs - nowMs) / PRESALE_TAU_MS);
  const u = (nowMs - sixAmMs) / Math.max(1, startMs - sixAmMs);
  return s.presold + (1 - s.presold) * u ** s.lateness;
}
