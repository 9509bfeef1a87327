/**
 * The TIX.id API as pure request → answer functions over the generated day (no sockets here).
 * Follows TIX.id's API as shared/tix/schemas.ts describes it; where that is silent, the choices are listed once, here:
 *  - cities, movies and schedules need a valid guest or access token (`Authorization: Bearer`);
 *    the layout needs an access token; refresh needs a refresh token;
 *  - bad parameters answer 400 `BAD_REQUEST`, unknown ids 404 `NOT_FOUND`;
 *  - schedule pages are 1-based (`page` missing = 1); a page past the end is `{theaters: [], has_next: false}`;
 *  - a movie the city does not show answers `{theaters: [], has_next: false}`, and so does a movie of
 *    the season that is not showing on the asked date; an id no day knows answers 404;
 *  - every date is its own day of the season (season.ts): its own catalogue and showtime ids; the
 *    movie list is the one of the clock's Asia/Jakarta date; a past date's schedule has every status 0;
 *  - the layout checks, in order: token, `tz` = 7, showtime exists for that merchant, show not started
 *    (else 401 `EXPIRED_EVENT_DETAIL`).
 */
import { jakartaDate, isIsoDate } from '../../shared/clock.js';
import { TIX_ERROR } from '../../shared/tix/schemas.js';
import type { DayIndex, SimShowtime } from './data.js';
import { renderLayout, type ShowSeats } from './seats.js';
import { dateOfShowtimeId, truthOf, type ShowTruth, type SimWorld } from './world.js';
import type { Endpoint } from './faults.js';
import type { TokenKind, TokenService } from './tokens.js';

export const PAGE_SIZE = 10;
const LAYOUT_PATHS = { xxi: 'XXI', cgv: 'CGV', cinepolis: 'Cinépolis' } as const;

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Which layout shape a layout answer has (for the wrong-type fault). */
  layout?: keyof typeof LAYOUT_PATHS;
}

export const ok = (data: unknown): ApiAnswer => ({ status: 200, body: { success: true, data } });
export const fail = (status: number, code: string, message: string): ApiAnswer => ({
  status,
  body: { success: false, error: { message, code } },
});

/** Which endpoint a request is for (`other` when none). */
export function classify(method: string, path: string): Endpoint | 'other' {
  if (method === 'POST' && path === '/v1/auth') return 'auth';
  if (method === 'GET' && path === '/v1/cities') return 'cities';
  if (method === 'GET' && path === '/v1/movies') return 'movies';
  if (method === 'GET' && /^\/v1\/schedules\/movies\/[^/]+$/.test(path)) return 'schedules';
  if (method === 'GET' && /^\/v1\/movies\/[^/]+\/layout$/.test(path)) return 'layout';
  if (method === 'POST' && path === '/v1/users/refresh') return 'refresh';
  return 'other';
}

/** A showtime the API knows: one of some date's day. */
export interface KnownShow {
  show: SimShowtime;
  date: string;
  startsAtMs: number;
}

export class TixApi {
  constructor(
    private readonly world: SimWorld,
    private readonly now: () => Date,
    private readonly tokens: TokenService,
    private readonly counters: { guest(): void; refresh(): void },
  ) {}

  /** The day of the clock's Asia/Jakarta date. */
  today(): DayIndex {
    return this.world.dayOf(jakartaDate(this.now()));
  }

  findShow(id: string): KnownShow | undefined {
    const date = dateOfShowtimeId(id);
    if (!date) return undefined;
    const idx = this.world.dayOf(date);
    const s = idx.showtimeById.get(id);
    return s ? { show: s, date, startsAtMs: idx.startsAtMs.get(id)! } : undefined;
  }

  /** The city a request concerns (for city-targeted faults). */
  cityOf(endpoint: Endpoint | 'other', query: URLSearchParams): string | undefined {
    if (endpoint === 'layout') return this.findShow(query.get('show_time_id') ?? '')?.show.cityId;
    return query.get('city_id') ?? undefined;
  }

  /** The truth of a show at `at` (default the simulated now). */
  truth(id: string, at: Date = this.now()): ShowTruth | undefined {
    return truthOf(this.world, id, at);
  }

  private seats(id: string, k: KnownShow): ShowSeats {
    return { ...k.show, startsAtMs: k.startsAtMs };
  }

  private auth(req: ApiRequest, accept: readonly TokenKind[]): ApiAnswer | undefined {
    const h = req.headers.authorization;
    const c = this.tokens.check(Array.isArray(h) ? h[0] : h, accept);
    return c.ok ? undefined : fail(401, c.code, c.message);
  }

  handle(endpoint: Endpoint | 'other', req: ApiRequest): ApiAnswer {
    switch (endpoint) {
      case 'auth':
        return this.guest(req);
      case 'cities':
        return this.auth(req, ['guest', 'access']) ?? this.cities(req);
      case 'movies':
        return this.auth(req, ['guest', 'access']) ?? this.movies(req);
      case 'schedules':
        return this.auth(req, ['guest', 'access']) ?? this.schedules(req);
      case 'layout':
        return this.auth(req, ['access']) ?? this.layout(req);
      case 'refresh':
        return this.auth(req, ['refresh']) ?? this.refresh();
      default:
        return fail(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
    }
  }

  private guest(req: ApiRequest): ApiAnswer {
    let body: unknown;
    try {
      body = JSON.parse(req.body || 'null');
    } catch {
      return fail(400, 'BAD_REQUEST', 'body must be JSON');
    }
    if (typeof body !== 'object' || body === null || (body as { client_id?: unknown }).client_id !== 'tixid_guest') {
      return fail(400, 'BAD_REQUEST', 'client_id is required');
    }
    this.counters.guest();
    return ok({ token: this.tokens.mint('guest') });
  }

  private refresh(): ApiAnswer {
    this.counters.refresh();
    return ok({ token: this.tokens.mint('access') });
  }

  private cities(req: ApiRequest): ApiAnswer {
    const name = (req.query.get('name') ?? '').trim().toUpperCase();
    const list = this.world
      .dayOf(jakartaDate(this.now()))
      .day.cities.filter((c) => name === '' || c.name.includes(name))
      .map((c) => ({ id: c.id, name: c.name }));
    return ok(list);
  }

  private movies(req: ApiRequest): ApiAnswer {
    const cityId = req.query.get('city_id');
    if (!cityId) return fail(400, 'BAD_REQUEST', 'city_id is required');
    if (req.query.get('movie_type') !== 'NOW_PLAYING')
      return fail(400, 'BAD_REQUEST', 'movie_type must be NOW_PLAYING');
    const today = this.today();
    if (!today.cityById.has(cityId)) return fail(404, 'NOT_FOUND', 'city not found');
    const list = (today.moviesByCity.get(cityId) ?? []).map(({ movie, view }) => ({
      movie_id: movie.id,
      title: view.title,
      genres: movie.genres.map((g) => ({ id: g.id, name: g.name })),
      poster_path: movie.posterPath,
      age_category: movie.ageCategory,
      country: movie.country,
      merchant: view.merchants.map((m) => ({ merchant_name: m })),
      presale_flag: view.presale ? 1 : 0,
    }));
    return ok(list);
  }

  private schedules(req: ApiRequest): ApiAnswer {
    const movieId = decodeURIComponent(req.path.split('/')[4] ?? '');
    const cityId = req.query.get('city_id');
    const date = req.query.get('date') ?? '';
    const pageText = req.query.get('page') ?? '1';
    if (!cityId) return fail(400, 'BAD_REQUEST', 'city_id is required');
    if (!isIsoDate(date)) return fail(400, 'BAD_REQUEST', 'date must be YYYY-MM-DD');
    if (!/^\d+$/.test(pageText) || Number(pageText) < 1)
      return fail(400, 'BAD_REQUEST', 'page must be a positive integer');
    const idx = this.world.dayOf(date);
    if (!idx.movieById.has(movieId) && !this.today().movieById.has(movieId))
      return fail(404, 'NOT_FOUND', 'movie not found');
    if (!idx.cityById.has(cityId)) return fail(404, 'NOT_FOUND', 'city not found');
    const page = Number(pageText);
    const all = idx.schedule.get(`${movieId}|${cityId}`) ?? [];
    const slice = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const nowMs = this.now().getTime();
    const past = date < jakartaDate(this.now());
    const theaters = slice.map(({ theatre, priceGroups }) => ({
      id: theatre.id,
      name: theatre.name,
      address: theatre.address,
      merchant: { merchant_name: theatre.merchant },
      price_groups: priceGroups.map((g) => ({
        category: g.category,
        price_string: g.priceString,
        show_time: g.showtimes.map((s) => ({
          id: s.id,
          display_time: s.displayTime,
          status: !past && nowMs < idx.startsAtMs.get(s.id)! ? 1 : 0,
        })),
      })),
    }));
    return ok({ theaters, has_next: page * PAGE_SIZE < all.length });
  }

  private layout(req: ApiRequest): ApiAnswer {
    const seg = req.path.split('/')[3] ?? '';
    const merchant = (LAYOUT_PATHS as Record<string, string>)[seg];
    if (!merchant) return fail(404, 'NOT_FOUND', `unknown merchant ${seg}`);
    if (req.query.get('tz') !== '7') return fail(400, 'BAD_REQUEST', 'tz must be 7');
    const id = req.query.get('show_time_id') ?? '';
    if (!id) return fail(400, 'BAD_REQUEST', 'show_time_id is required');
    const k = this.findShow(id);
    if (!k || k.show.merchant !== merchant) return fail(404, 'NOT_FOUND', 'show time not found');
    const nowMs = this.now().getTime();
    if (nowMs >= k.startsAtMs) return fail(401, TIX_ERROR.EXPIRED_EVENT_DETAIL, 'Event detail is expired');
    return { ...ok(renderLayout(this.world.seed, this.seats(id, k), nowMs)), layout: seg as keyof typeof LAYOUT_PATHS };
  }
}

/** Replaces one field of a good answer with a value of the wrong type (the `wrongType` fault). */
export function withWrongType(endpoint: Endpoint, answer: ApiAnswer): unknown {
  const body = structuredClone(answer.body) as { data: unknown };
  const d: unknown = body.data;
  switch (endpoint) {
    case 'auth':
    case 'refresh':
      (d as Record<string, unknown>).token = 12345;
      break;
    case 'cities':
    case 'movies':
      if (Array.isArray(d) && d.length > 0) {
        const first = d[0] as Record<string, unknown>;
        if (endpoint === 'cities') first.id = Number(first.id);
        else first.title = 42;
      } else body.data = { items: d };
      break;
    case 'schedules':
      (d as Record<string, unknown>).has_next = 'false';
      break;
    case 'layout': {
      const seats = (d as { seat_map: Record<string, unknown>[] }).seat_map ?? [];
      const first = seats[0];
      if (!first) body.data = { seat_map: 'none' };
      else if (answer.layout === 'xxi') first.max_row = String(first.max_row);
      else if (answer.layout === 'cgv') first.seat_yn = Number(first.seat_yn);
      else first.seat_status = 'sold';
      break;
    }
  }
  return body;
}
