/**
 * The nowcast (docs/nowcast.md): at an instant of the day, each movie's final admissions
 * and gross as a point and an 80 % interval. Pure: today's ShowRows so far, the movies' runs, the
 * walk-up cells of earlier days and the standardised errors of earlier nowcasts in; the estimate out.
 *
 *  - a show that started before `at` is measured: its ShowRow (last reading before its start) is
 *    what the box office will count;
 *  - a show still to come is predicted: its 06:00 unavailable seats × its group's walk-up ratio
 *    (ratios.ts); with no 06:00 reading (a failed morning pass), its group's mean admissions a show;
 *  - the spread: each predicted show's residual variance (its group's, scaled by the show's size)
 *    plus the day-level spread `tau` of the movie's whole predicted part; the 80 % half-width is
 *    `q × sd`, q the 80th percentile of |error ÷ sd| of the nowcasts already scored (calibration.ts),
 *    1.2816 (a normal's) until 20 have been.
 *
 * Every fallback is named in `fallbacks` (and the command puts them in the run record); what cannot
 * be estimated at all is refused (`NowcastRefusal`), never published as zero.
 */
import { timeInZone } from '../../shared/clock.js';
import type { ShowRow } from '../box-office/types.js';
import type { Calibration } from './calibration.js';
import { cellKeyOf, dayOfRunOn, type ReleaseDates } from './features.js';
import { LEVELS, PRIOR, type Group, type Level, type Ratios } from './ratios.js';

export type FallbackKind =
  'no_history' | 'short_history' | 'coarser_group' | 'prior' | 'first_day' | 'no_morning_reading';

export interface Fallback {
  kind: FallbackKind;
  /** What it is about: a chain, a movie id, a level. */
  subject: string;
  /** Shows concerned. */
  shows: number;
  detail: string;
}

export interface Estimate {
  point: number;
  low: number;
  high: number;
  /** The model's standard deviation before calibration (the scoring divides errors by it). */
  sd: number;
}

export interface NowcastFigures {
  shows: number;
  shows_measured: number;
  shows_pending: number;
  /** Pending shows without a 06:00 reading (estimated from their group's mean). */
  shows_pending_unread: number;
  admissions_measured: number;
  admissions: Estimate;
  gross_idr_min: number | null;
  gross_idr_max: number | null;
  /** The interval of gross: low end of gross_idr_min, high end of gross_idr_max. */
  gross_idr_low: number | null;
  gross_idr_high: number | null;
}

export interface MovieNowcast extends NowcastFigures {
  movie_id: string;
  title: string;
  /** Days since its release (release day = 1); null on its first day in the data (or while in presale). */
  day_of_run: number | null;
}

export interface Nowcast {
  date: string;
  /** The instant of the estimate (ISO, Z) and its Asia/Jakarta HH:MM. */
  at: string;
  at_local: string;
  computed_at: string;
  history: { days: number; shows: number; from: string | null; to: string | null; tau: number };
  calibration: Calibration;
  /** Predicted shows by the ladder level their ratio came from. */
  levels: Record<Level, number>;
  totals: NowcastFigures;
  movies: MovieNowcast[];
  fallbacks: Fallback[];
}

export interface NowcastInput {
  date: string;
  at: Date;
  computedAt: string;
  shows: readonly ShowRow[];
  /** Every movie's release date as of the latest earlier box office (features.ts). */
  releaseDates: ReleaseDates;
  /** Movie ids the day's movies list flags as presale (sneak previews before release). */
  presale: ReadonlySet<string>;
  ratios: Ratios;
  historyRange: { from: string | null; to: string | null };
  calibration: Calibration;
}

export type RefusalReason = 'no_shows' | 'no_readings' | 'no_morning_pass';

export class NowcastRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

interface ShowPart {
  measured: boolean;
  unread: boolean;
  point: number;
  variance: number;
  priceMin: number | null;
  priceMax: number | null;
  grossMin: number | null;
  grossMax: number | null;
  group: Group | undefined;
}

function predictShow(s: ShowRow, g: Group): Pick<ShowPart, 'point' | 'variance' | 'unread'> {
  const m = s.unavailable_morning;
  if (m === null) {
    if (g.level === 'prior') return { point: PRIOR.perShow, variance: PRIOR.perShow ** 2, unread: true };
    return { point: g.aBar, variance: g.aVar, unread: true };
  }
  const point = g.ratio * m;
  if (g.level === 'prior') return { point, variance: (PRIOR.relSd * (point + 1)) ** 2, unread: false };
  const size = g.mBar > 0 ? (m + g.mBar) / (2 * g.mBar) : 1;
  return { point, variance: g.v * size, unread: false };
}

function partOf(s: ShowRow, atMs: number, ratios: Ratios, dayOfRun: number | null, presale: boolean): ShowPart {
  const price = { priceMin: s.price_idr_min, priceMax: s.price_idr_max };
  if (Date.parse(s.start_at) <= atMs && s.admissions !== null)
    return {
      measured: true,
      unread: false,
      point: s.admissions,
      variance: 0,
      ...price,
      grossMin: s.gross_idr_min,
      grossMax: s.gross_idr_max,
      group: undefined,
    };
  const group = ratios.lookup(cellKeyOf(s, dayOfRun, presale));
  const p = predictShow(s, group);
  return {
    measured: false,
    ...p,
    ...price,
    grossMin: s.price_idr_min === null ? null : p.point * s.price_idr_min,
    grossMax: s.price_idr_max === null ? null : p.point * s.price_idr_max,
    group,
  };
}

function figures(parts: readonly ShowPart[], tau: number, q: number): NowcastFigures {
  let measured = 0;
  let pending = 0;
  let variance = 0;
  let grossMin = 0;
  let grossMax: number | null = 0;
  let pendGrossMin = 0;
  let pendGrossMax = 0;
  let measuredShows = 0;
  let unread = 0;
  for (const p of parts) {
    if (p.measured) {
      measured += p.point;
      measuredShows++;
    } else {
      pending += p.point;
      variance += p.variance;
      if (p.unread) unread++;
      pendGrossMin += p.grossMin ?? 0;
      pendGrossMax += p.grossMax ?? 0;
    }
    grossMin += p.grossMin ?? 0;
    if (p.grossMax === null && (p.point > 0 || !p.measured)) grossMax = null;
    else if (grossMax !== null) grossMax += p.grossMax ?? 0;
  }
  const sd = Math.sqrt(variance + (tau * pending) ** 2);
  const half = q * sd;
  const point = measured + pending;
  const lowPend = Math.max(0, pending - half);
  const highPend = pending + half;
  const scale = (g: number, to: number) => (pending > 0 ? (g * to) / pending : 0);
  return {
    shows: parts.length,
    shows_measured: measuredShows,
    shows_pending: parts.length - measuredShows,
    shows_pending_unread: unread,
    admissions_measured: measured,
    admissions: {
      point: Math.round(point),
      low: Math.floor(measured + lowPend),
      high: Math.ceil(measured + highPend),
      sd,
    },
    gross_idr_min: Math.round(grossMin),
    gross_idr_max: grossMax === null ? null : Math.round(grossMax),
    gross_idr_low: Math.round(grossMin - pendGrossMin + scale(pendGrossMin, lowPend)),
    gross_idr_high: grossMax === null ? null : Math.round(grossMax - pendGrossMax + scale(pendGrossMax, highPend)),
  };
}

function refuseWhenBlind(date: string, shows: readonly ShowRow[], parts: readonly ShowPart[]): void {
  if (shows.length === 0)
    throw new NowcastRefusal('no_shows', `no scheduled shows for ${date} (run the schedules scraper first)`);
  if (parts.every((p) => !p.measured && p.unread))
    throw new NowcastRefusal(
      'no_readings',
      `no show of ${date} has a 06:00 reading or has started with a reading: nothing to estimate from`,
    );
  const pending = parts.filter((p) => !p.measured);
  if (pending.length > 0 && pending.every((p) => p.unread))
    throw new NowcastRefusal(
      'no_morning_pass',
      `none of the ${pending.length} shows still to come on ${date} has a 06:00 reading (the morning pass failed): the rest of the day cannot be estimated`,
    );
}

export function nowcast(input: NowcastInput): Nowcast {
  const { date, ratios, calibration } = input;
  const atMs = input.at.getTime();
  const byMovie = new Map<string, { title: string; dayOfRun: number | null; parts: ShowPart[]; shows: ShowRow[] }>();
  for (const s of input.shows) {
    const m = byMovie.get(s.movie_id) ?? {
      title: s.movie_title,
      dayOfRun: dayOfRunOn(input.releaseDates[s.movie_id], date),
      parts: [],
      shows: [],
    };
    m.parts.push(partOf(s, atMs, ratios, m.dayOfRun, input.presale.has(s.movie_id)));
    m.shows.push(s);
    byMovie.set(s.movie_id, m);
  }
  const all = [...byMovie.values()].flatMap((m) => m.parts);
  refuseWhenBlind(date, input.shows, all);
  const tau =
    ratios.days === 0 || all.some((p) => p.group?.level === 'prior') ? Math.max(ratios.tau, PRIOR.tau) : ratios.tau;
  const movies: MovieNowcast[] = [...byMovie.entries()].map(([movie_id, m]) => ({
    movie_id,
    title: m.title,
    day_of_run: m.dayOfRun,
    ...figures(m.parts, tau, calibration.q),
  }));
  movies.sort((a, b) => b.admissions.point - a.admissions.point || (a.movie_id < b.movie_id ? -1 : 1));
  const levels = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const p of all) if (p.group) levels[p.group.level]++;
  return {
    date,
    at: input.at.toISOString(),
    at_local: timeInZone(input.at, 'Asia/Jakarta'),
    computed_at: input.computedAt,
    history: { days: ratios.days, shows: ratios.shows, ...input.historyRange, tau },
    calibration,
    levels,
    totals: figures(all, tau, calibration.q),
    movies,
    fallbacks: fallbacksOf(input, byMovie, levels),
  };
}

function fallbacksOf(
  input: NowcastInput,
  byMovie: Map<string, { title: string; dayOfRun: number | null; parts: ShowPart[]; shows: ShowRow[] }>,
  levels: Record<Level, number>,
): Fallback[] {
  const out: Fallback[] = [];
  const { ratios } = input;
  if (ratios.days === 0)
    out.push({
      kind: 'no_history',
      subject: 'walkup_cells',
      shows: 0,
      detail: 'no earlier day has walk-up cells: every ratio is the prior',
    });
  else if (ratios.days < 7)
    out.push({
      kind: 'short_history',
      subject: 'walkup_cells',
      shows: ratios.shows,
      detail: `${ratios.days} days of history (28 wanted)`,
    });
  for (const level of LEVELS.slice(1)) {
    if (!levels[level]) continue;
    out.push({
      kind: level === 'prior' ? 'prior' : 'coarser_group',
      subject: level,
      shows: levels[level],
      detail:
        level === 'prior'
          ? `ratio ${PRIOR.ratio} assumed (docs/nowcast.md)`
          : `ratio from the ${level} level of the ladder`,
    });
  }
  const unreadByChain = new Map<string, number>();
  for (const [movieId, m] of byMovie) {
    if (m.dayOfRun === null && !input.presale.has(movieId))
      out.push({
        kind: 'first_day',
        subject: movieId,
        shows: m.parts.length,
        detail: `${m.title}: first day in the data, taken as week 1 of its run (its release day)`,
      });
    m.parts.forEach((p, i) => {
      if (!p.measured && p.unread)
        unreadByChain.set(m.shows[i]!.merchant, (unreadByChain.get(m.shows[i]!.merchant) ?? 0) + 1);
    });
  }
  for (const [chain, n] of unreadByChain)
    out.push({
      kind: 'no_morning_reading',
      subject: chain,
      shows: n,
      detail: `${n} ${chain} shows to come have no 06:00 reading: estimated from their group's mean admissions a show`,
    });
  return out;
}
