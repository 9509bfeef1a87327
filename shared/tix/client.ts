/**
 * The one TIX.id client. One typed function per endpoint of the API (shapes in schemas.ts); every response
 * is parsed once by its zod schema (shared/tix/schemas.ts), so past this file the types are true.
 *
 * Every attempt — first tries, retries, guest-token fetches, token refreshes — goes through the
 * process-wide limiter (TIX_RPS starts per second, TIX_CONCURRENCY in flight). Failures that can
 * pass (network, timeout, 5xx, 429) are retried with exponential backoff and full jitter, waiting
 * at least what `Retry-After` asks; other 4xx are not retried. A 403, or a run of consecutive
 * failures, opens the circuit breaker: calls then fail fast with `TixBlockedError`. A 401 on an
 * authenticated call refreshes the token once and retries once — except `EXPIRED_EVENT_DETAIL`
 * (the show started), which is `ShowStartedError`. The loop that does this is request.ts; what an
 * attempt's outcome is, outcome.ts; what to do about it, decide.ts. The limiter, breaker, retry
 * policy, statistics and transport are the generic ones of shared/http/.
 *
 * Tokens never appear in errors, logs or stats: requests are described by method, path and query.
 */
import type { z } from 'zod';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../log.js';
import {
  AuthResponse,
  CitiesResponse,
  LayoutResponse,
  MoviesResponse,
  RefreshResponse,
  ScheduleResponse,
  layoutPathOf,
  normaliseMerchant,
  type ApiCity,
  type ApiMovie,
  type Layout,
  type LayoutPath,
  type Merchant,
  type SchedulePage,
} from './schemas.js';
import { ENDPOINTS, TixError } from './errors.js';
import { Limiter, processLimiter } from '../http/limiter.js';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions, type BreakerSnapshot } from '../http/breaker.js';
import { DEFAULT_RETRY, type RetryOptions } from '../http/retry.js';
import { RequestStats, type ClientStats, type EndpointStats } from '../http/stats.js';
import { createNodeTransport, type Transport } from '../http/transport.js';
import { createRequester, type AuthMode, type RequestSpec, type StoppedPage } from './request.js';
import type { Endpoint } from './errors.js';

export { TixError, TixSchemaError, TixBlockedError, ShowStartedError } from './errors.js';
export { formatIssuePath } from './outcome.js';

/** Where the client gets a logged-in access token (the TokenManager implements it). */
export interface TokenProvider {
  getAccessToken(): Promise<string>;
  /** `token` was refused with 401: return a fresh one (refreshing only if `token` is still current). */
  onUnauthorized(token: string): Promise<string>;
}

export interface TixClientOptions {
  config: Pick<Config, 'tix'>;
  /** Needed for seat layouts only. */
  tokens?: TokenProvider;
  log: Logger;
  clock?: Clock;
  /** Per-attempt timeout (whole answer, body included). Default: `config.tix.timeoutMs` (TIX_TIMEOUT_MS, 10 s). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  breaker?: Partial<BreakerOptions>;
  /** Default: the process-wide limiter configured from TIX_RPS / TIX_CONCURRENCY. */
  limiter?: Limiter;
  /** Default: node:http with a keep-alive pool sized for the concurrency. */
  transport?: Transport;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A schedule page; `stopped` is set when TIX.id answered `success:false` (stop paging). */
export type SchedulePageResult = SchedulePage & { stopped?: { code: string | undefined; message: string | undefined } };

export interface TixClientStats {
  endpoints: Omit<ClientStats<Endpoint>, 'total'>;
  total: EndpointStats;
  limiter: ReturnType<Limiter['stats']>;
  breaker: Omit<BreakerSnapshot, 'retryAt'> & { retryAt: string | undefined };
}

export interface TixClient {
  /** A guest token (POST /v1/auth), kept in memory only; fetched once and again after a 401. */
  auth(): Promise<string>;
  cities(): Promise<ApiCity[]>;
  movies(cityId: string): Promise<ApiMovie[]>;
  schedulePage(movieId: string, cityId: string, date: string, page: number): Promise<SchedulePageResult>;
  /** Seat map of one showtime; needs a logged-in token. `merchant` as TIX.id spells it, or the path. */
  layout(merchant: Merchant | LayoutPath | string, showtimeId: string): Promise<Layout>;
  /** POST /v1/users/refresh: a new access token for a refresh token (no retry on 401). */
  refreshAccessToken(refreshToken: string): Promise<string>;
  stats(): TixClientStats;
  /** HTTP attempts sent so far (`stats().total.requests` without sorting latencies): for progress lines. */
  requests(): number;
  /** Close idle connections (the process can exit at once). */
  close(): void;
}

type Request = <T>(spec: RequestSpec<T>) => Promise<T | StoppedPage>;

/** The guest token (POST /v1/auth): kept in memory, fetched once (one request however many wait). */
function guestTokens(request: <T>(spec: RequestSpec<T>) => Promise<T>) {
  let guest: string | undefined;
  let inflight: Promise<string> | undefined;
  return {
    get(): Promise<string> {
      if (guest) return Promise.resolve(guest);
      inflight ??= request({
        endpoint: 'auth',
        method: 'POST',
        path: '/v1/auth',
        body: { client_id: 'tixid_guest' },
        auth: { kind: 'none' },
        schema: AuthResponse,
      })
        .then((r) => {
          guest = r.data.token;
          return guest;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    /** `token` was refused: forget it (unless a newer one replaced it already). */
    drop(token: string): void {
      if (guest === token) guest = undefined;
    },
  };
}

/** The bearer token of each auth mode, and how a refused one is renewed. */
function bearers(tokens: TokenProvider | undefined, guest: ReturnType<typeof guestTokens>) {
  return {
    async bearerFor(mode: AuthMode): Promise<string | undefined> {
      switch (mode.kind) {
        case 'none':
          return undefined;
        case 'bearer':
          return mode.token;
        case 'guest':
          return guest.get();
        case 'user':
          if (!tokens) throw new Error('this call needs a logged-in token: create the client with a TokenProvider');
          return tokens.getAccessToken();
      }
    },
    async renew(mode: AuthMode, bearer: string): Promise<void> {
      if (mode.kind === 'guest') guest.drop(bearer);
      else await tokens!.onUnauthorized(bearer);
    },
  };
}

export function createTixClient(opts: TixClientOptions): TixClient {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const limiter = opts.limiter ?? processLimiter(config.tix.rps, config.tix.concurrency);
  const own = opts.transport ? undefined : createNodeTransport(Math.max(limiter.concurrency, config.tix.concurrency));
  const breaker = new CircuitBreaker({ ...DEFAULT_BREAKER, ...opts.breaker }, () => clock.now().getTime());
  const stats = new RequestStats(ENDPOINTS, random);
  // the guest token is fetched through the same loop it serves: `late` closes the circle
  const late: { request?: Request } = {};
  const guest = guestTokens(<T>(spec: RequestSpec<T>) => late.request!(spec) as Promise<T>);
  const request = createRequester({
    base: config.tix.apiBase.replace(/\/+$/, ''),
    send: opts.transport ?? own!.send,
    limiter,
    breaker,
    stats,
    log,
    timeoutMs: opts.timeoutMs ?? config.tix.timeoutMs,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    random,
    sleep: opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    ...bearers(opts.tokens, guest),
  });
  late.request = request;
  return {
    auth: () => guest.get(),
    ...endpointCalls(request),
    stats() {
      const { total, ...endpoints } = stats.snapshot();
      const b = breaker.snapshot();
      return {
        endpoints,
        total,
        limiter: limiter.stats(),
        breaker: { ...b, retryAt: b.retryAt === undefined ? undefined : new Date(b.retryAt).toISOString() },
      };
    },
    requests: () => stats.requests(),
    close() {
      own?.close();
    },
  };
}

/** One typed function per endpoint. */
function endpointCalls(
  request: Request,
): Pick<TixClient, 'cities' | 'movies' | 'schedulePage' | 'layout' | 'refreshAccessToken'> {
  // only a call that stops paging on `success:false` can end with a stopped page
  const call = <T>(spec: RequestSpec<T> & { stopOnFailureBody?: undefined }) => request(spec) as Promise<T>;
  return {
    async cities() {
      const r = await call({
        endpoint: 'cities',
        method: 'GET',
        path: '/v1/cities',
        query: { name: '' },
        auth: { kind: 'guest' },
        schema: CitiesResponse,
      });
      return r.data;
    },

    async movies(cityId) {
      const r = await call({
        endpoint: 'movies',
        method: 'GET',
        path: '/v1/movies',
        query: { city_id: cityId, movie_type: 'NOW_PLAYING', timezone: 7 },
        auth: { kind: 'guest' },
        schema: MoviesResponse,
      });
      return r.data;
    },

    async schedulePage(movieId, cityId, date, page) {
      const r = (await request({
        endpoint: 'schedules',
        method: 'GET',
        path: `/v1/schedules/movies/${encodeURIComponent(movieId)}`,
        query: { city_id: cityId, date, page },
        auth: { kind: 'guest' },
        schema: ScheduleResponse,
        stopOnFailureBody: true,
      })) as z.infer<typeof ScheduleResponse> & { stopped?: SchedulePageResult['stopped'] };
      return r.stopped ? { ...r.data, stopped: r.stopped } : r.data;
    },

    async layout(merchant, showtimeId) {
      const path = toLayoutPath(merchant);
      if (!path) {
        throw new TixError(
          'layout',
          `GET /v1/movies/?/layout?show_time_id=${showtimeId}`,
          undefined,
          'UNKNOWN_MERCHANT',
          `unknown merchant ${JSON.stringify(merchant)}`,
        );
      }
      const schema = LayoutResponse[path] as z.ZodType<{ data: Layout['data'] }>;
      const r = await call({
        endpoint: 'layout',
        method: 'GET',
        path: `/v1/movies/${path}/layout`,
        query: { show_time_id: showtimeId, tz: 7 },
        auth: { kind: 'user' },
        schema,
      });
      return { merchant: path, data: r.data } as Layout;
    },

    async refreshAccessToken(refreshToken) {
      const r = await call({
        endpoint: 'refresh',
        method: 'POST',
        path: '/v1/users/refresh',
        auth: { kind: 'bearer', token: refreshToken },
        schema: RefreshResponse,
      });
      return r.data.token;
    },
  };
}

/** `XXI`/`CGV`/`Cinépolis` (any spelling TIX.id uses) or a path segment → the layout path. */
export function toLayoutPath(merchant: string): LayoutPath | undefined {
  if (merchant === 'xxi' || merchant === 'cgv' || merchant === 'cinepolis') return merchant;
  const m = normaliseMerchant(merchant);
  return m ? layoutPathOf(m) : undefined;
}
