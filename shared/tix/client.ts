/**
 * The one TIX.id client. One typed function per endpoint of the API (tix-api.md); every response
 * is parsed once by its zod schema (shared/tix/schemas.ts), so past this file the types are true.
 *
 * Every attempt — first tries, retries, guest-token fetches, token refreshes — goes through the
 * process-wide limiter (TIX_RPS starts per second, TIX_CONCURRENCY in flight). Failures that can
 * pass (network, timeout, 5xx, 429) are retried with exponential backoff and full jitter, waiting
 * at least what `Retry-After` asks; other 4xx are not retried. A 403, or a run of consecutive
 * failures, opens the circuit breaker: calls then fail fast with `TixBlockedError`. A 401 on an
 * authenticated call refreshes the token once and retries once — except `EXPIRED_EVENT_DETAIL`
 * (the show started), which is `ShowStartedError`.
 *
 * Tokens never appear in errors, logs or stats: requests are described by method, path and query.
 */
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../log.js';
import {
  AuthResponse,
  CitiesResponse,
  ErrorBody,
  LayoutResponse,
  MoviesResponse,
  RefreshResponse,
  ScheduleResponse,
  TIX_ERROR,
  TIX_HEADERS,
  layoutPathOf,
  normaliseMerchant,
  type ApiCity,
  type ApiMovie,
  type Layout,
  type LayoutPath,
  type Merchant,
  type SchedulePage,
} from './schemas.js';
import {
  ShowStartedError,
  TixBlockedError,
  TixError,
  TixSchemaError,
  type Endpoint,
} from './errors.js';
import { Limiter, processLimiter } from './limiter.js';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions, type BreakerSnapshot } from './breaker.js';
import { DEFAULT_RETRY, decideRetry, isRetryable, isServiceFailure, parseRetryAfter, type Outcome, type RetryOptions } from './retry.js';
import { RequestStats, type ClientStats, type EndpointStats } from './stats.js';
import { createNodeTransport, TransportError, type HttpResponse, type Transport } from './http.js';

export { TixError, TixSchemaError, TixBlockedError, ShowStartedError } from './errors.js';

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
  /** Per-attempt timeout (whole answer, body included). Default 20 s. */
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
  endpoints: Omit<ClientStats, 'total'>;
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
  /** Close idle connections (the process can exit at once). */
  close(): void;
}

type AuthMode = { kind: 'none' } | { kind: 'guest' } | { kind: 'user' } | { kind: 'bearer'; token: string };

interface RequestSpec<T> {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  auth: AuthMode;
  schema: z.ZodType<T>;
  /** Schedules: `success:false` ends paging instead of failing. */
  stopOnFailureBody?: boolean;
}

/** `data.theaters[3].price_groups[0].id` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function queryString(q: Record<string, string | number> | undefined): string {
  if (!q) return '';
  const s = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
  return s ? `?${s}` : '';
}

function headerValue(h: HttpResponse['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The `{success:false, error:{code, message}}` envelope of a failure, when the body is one. */
function errorBodyOf(body: Buffer): { isError: boolean; code: string | undefined; message: string | undefined } {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(body.toString('utf8')));
    if (parsed.success) return { isError: true, code: parsed.data.error?.code, message: parsed.data.error?.message };
  } catch {
    // not JSON: no code
  }
  return { isError: false, code: undefined, message: undefined };
}

/** The empty last page a schedule call ends with when TIX.id says `success:false` about it. */
function stoppedPage(code: string | undefined, message: string | undefined): unknown {
  return { success: true, data: { theaters: [], has_next: false }, stopped: { code, message } };
}

class Blocked extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function createTixClient(opts: TixClientOptions): TixClient {
  const { config, tokens, log } = opts;
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const limiter = opts.limiter ?? processLimiter(config.tix.rps, config.tix.concurrency);
  const own = opts.transport ? undefined : createNodeTransport(Math.max(limiter.concurrency, config.tix.concurrency));
  const send: Transport = opts.transport ?? own!.send;
  const breaker = new CircuitBreaker({ ...DEFAULT_BREAKER, ...opts.breaker }, () => clock.now().getTime());
  const stats = new RequestStats(random);
  const base = config.tix.apiBase.replace(/\/+$/, '');

  // Queued waiters are dropped the moment the breaker opens, instead of each burning a rate slot.
  const newGate = () => {
    const g = new AbortController();
    setMaxListeners(0, g.signal); // one listener per queued request
    return g;
  };
  let gate = newGate();
  breaker.onOpen((reason) => {
    log.error({ reason }, 'TIX.id circuit breaker open: failing fast ("blocked")');
    const old = gate;
    gate = newGate();
    old.abort(new Blocked(reason));
  });

  let guest: string | undefined;
  let guestInflight: Promise<string> | undefined;

  const blockedError = (spec: RequestSpec<unknown>, request: string, reason: string, retryAt?: number) => {
    stats.blocked(spec.endpoint);
    const at = retryAt ?? breaker.snapshot().retryAt;
    return new TixBlockedError(spec.endpoint, request, reason, at === undefined ? undefined : new Date(at).toISOString());
  };

  async function bearerFor(mode: AuthMode): Promise<string | undefined> {
    switch (mode.kind) {
      case 'none':
        return undefined;
      case 'bearer':
        return mode.token;
      case 'guest':
        return guestToken();
      case 'user':
        if (!tokens) throw new Error('this call needs a logged-in token: create the client with a TokenProvider');
        return tokens.getAccessToken();
    }
  }

  function guestToken(): Promise<string> {
    if (guest) return Promise.resolve(guest);
    guestInflight ??= request({
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
        guestInflight = undefined;
      });
    return guestInflight;
  }

  async function request<T>(spec: RequestSpec<T>): Promise<T> {
    const req = `${spec.method} ${spec.path}${queryString(spec.query)}`;
    stats.call(spec.endpoint);
    try {
      return await attempts(spec, req);
    } catch (err) {
      stats.failure(spec.endpoint);
      if (err instanceof TixSchemaError) stats.schemaError(spec.endpoint);
      throw err;
    }
  }

  async function attempts<T>(spec: RequestSpec<T>, req: string): Promise<T> {
    const url = `${base}${spec.path}${queryString(spec.query)}`;
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    let attempt = 0;
    let reauthorised = false;
    /** The last transport failure's own words (`ENOTFOUND: getaddrinfo ENOTFOUND api-b2b.tix.id`). */
    let transportDetail = '';
    for (;;) {
      const pre = breaker.snapshot();
      if (pre.state === 'open') throw blockedError(spec, req, pre.reason ?? 'circuit open', pre.retryAt);

      const bearer = await bearerFor(spec.auth);
      let release: () => void;
      try {
        release = await limiter.acquire(gate.signal);
      } catch (e) {
        if (e instanceof Blocked) throw blockedError(spec, req, e.reason);
        throw e;
      }
      const admission = breaker.admit();
      if (!admission.ok) {
        release();
        throw blockedError(spec, req, admission.reason, admission.retryAt);
      }

      const headers: Record<string, string> = { ...TIX_HEADERS };
      if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
      attempt++;
      const started = performance.now();
      let res: HttpResponse | undefined;
      let outcome: Outcome;
      try {
        res = await send({ method: spec.method, url, headers, body, timeoutMs });
        outcome = { kind: 'status', status: res.status };
      } catch (e) {
        if (!(e instanceof TransportError)) {
          breaker.release();
          throw e;
        }
        outcome = e.code === 'TIMEOUT' ? { kind: 'timeout' } : { kind: 'network' };
        transportDetail = e.message;
        res = undefined;
      } finally {
        release();
      }
      const ms = performance.now() - started;
      const label = outcome.kind === 'status' ? String(outcome.status) : outcome.kind;
      stats.attempt(spec.endpoint, label, ms, res?.body.length ?? 0, attempt > 1);
      // LOG_LEVEL=debug: one line per request (method, path and query, status, ms, attempt; no header, so no token)
      log.debug({ endpoint: spec.endpoint, request: req, status: label, ms: Math.round(ms), attempt }, `${req} → ${label} in ${Math.round(ms)} ms (attempt ${attempt})`);

      // ---- success, unless the body is truncated or malformed: then retried like a 5xx
      if (res && res.status >= 200 && res.status < 300) {
        let parsed: T;
        try {
          parsed = parseOk(spec, req, res);
        } catch (e) {
          if (!(e instanceof TixSchemaError)) {
            breaker.success();
            throw e;
          }
          breaker.failure(`malformed ${res.status} body on ${spec.endpoint}`);
          const decision = decideRetry({ kind: 'malformed' }, attempt, undefined, retry, random);
          if (decision.retry) {
            log.debug({ endpoint: spec.endpoint, request: req, outcome: 'malformed', field: e.field, attempt, delayMs: decision.delayMs }, 'TIX.id sent a malformed body, retrying');
            await sleep(decision.delayMs);
            continue;
          }
          log.warn({ endpoint: spec.endpoint, request: req, field: e.field, problem: e.problem, attempts: attempt }, 'TIX.id response does not match its schema');
          throw new TixSchemaError(spec.endpoint, req, res.status, e.field, e.problem, attempt);
        }
        breaker.success();
        return parsed;
      }

      // ---- 401: token problem (or the show started)
      if (res && res.status === 401) {
        breaker.success();
        const { code, message } = errorBodyOf(res.body);
        if (code === TIX_ERROR.EXPIRED_EVENT_DETAIL) throw new ShowStartedError(spec.endpoint, req);
        if (!reauthorised && (spec.auth.kind === 'guest' || spec.auth.kind === 'user') && bearer !== undefined) {
          reauthorised = true;
          log.info({ endpoint: spec.endpoint, request: req, code }, 'TIX.id answered 401: renewing the token once');
          if (spec.auth.kind === 'guest') {
            if (guest === bearer) guest = undefined;
          } else {
            await tokens!.onUnauthorized(bearer);
          }
          continue;
        }
        throw new TixError(spec.endpoint, req, 401, code, `HTTP 401${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, attempt);
      }

      // ---- 403: refused; open the breaker
      if (res && res.status === 403) {
        breaker.blocked(`${spec.endpoint} ${req}`);
        const snap = breaker.snapshot();
        throw blockedError(spec, req, snap.reason ?? 'HTTP 403', snap.retryAt);
      }

      // ---- retryable: network, timeout, 5xx, 429
      // An HTTP-date Retry-After is on the server's real clock, not on a pinned CINERADAR_NOW.
      const retryAfterMs = res ? parseRetryAfter(headerValue(res.headers, 'retry-after'), new Date()) : undefined;
      const decision = decideRetry(outcome, attempt, retryAfterMs, retry, random);
      if (isServiceFailure(outcome)) {
        breaker.failure(`${label} on ${spec.endpoint}`);
      } else {
        breaker.success();
      }
      if (decision.retry) {
        log.debug({ endpoint: spec.endpoint, request: req, outcome: label, attempt, delayMs: decision.delayMs }, 'TIX.id request failed, retrying');
        await sleep(decision.delayMs);
        continue;
      }
      if (!res) {
        const code = outcome.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK';
        const host = hostOf(url);
        const what = outcome.kind === 'timeout' ? `timed out after ${timeoutMs} ms` : `network error: ${transportDetail}`;
        throw new TixError(spec.endpoint, req, undefined, code, `${what}${what.includes(host) ? '' : ` (host ${host})`} (${attempt} attempts)`, attempt);
      }
      const { isError, code, message } = errorBodyOf(res.body);
      if (spec.stopOnFailureBody && isError && !isRetryable(outcome)) {
        // A definite "no" about this request (e.g. 404 with success:false): paging stops here.
        return stoppedPage(code, message) as T;
      }
      throw new TixError(
        spec.endpoint,
        req,
        res.status,
        code,
        `HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}${decision.retry ? '' : ` (${decision.reason})`}`,
        attempt,
      );
    }
  }

  function parseOk<T>(spec: RequestSpec<T>, req: string, res: HttpResponse): T {
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new TixSchemaError(spec.endpoint, req, res.status, '', 'the body is not JSON');
    }
    if (json && typeof json === 'object' && (json as { success?: unknown }).success === false) {
      const { code, message } = errorBodyOf(res.body);
      if (spec.stopOnFailureBody) {
        return stoppedPage(code, message) as T;
      }
      throw new TixError(spec.endpoint, req, res.status, code, `success:false${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`);
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TixSchemaError(spec.endpoint, req, res.status, formatIssuePath(issue.path), issue.message);
    }
    return parsed.data;
  }

  return {
    auth: guestToken,

    async cities() {
      const r = await request({ endpoint: 'cities', method: 'GET', path: '/v1/cities', query: { name: '' }, auth: { kind: 'guest' }, schema: CitiesResponse });
      return r.data;
    },

    async movies(cityId) {
      const r = await request({
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
        throw new TixError('layout', `GET /v1/movies/?/layout?show_time_id=${showtimeId}`, undefined, 'UNKNOWN_MERCHANT', `unknown merchant ${JSON.stringify(merchant)}`);
      }
      const schema = LayoutResponse[path] as z.ZodType<{ data: Layout['data'] }>;
      const r = await request({
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
      const r = await request({
        endpoint: 'refresh',
        method: 'POST',
        path: '/v1/users/refresh',
        auth: { kind: 'bearer', token: refreshToken },
        schema: RefreshResponse,
      });
      return r.data.token;
    },

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

    close() {
      own?.close();
    },
  };
}

/** `XXI`/`CGV`/`Cinépolis` (any spelling TIX.id uses) or a path segment → the layout path. */
export function toLayoutPath(merchant: string): LayoutPath | undefined {
  if (merchant === 'xxi' || merchant === 'cgv' || merchant === 'cinepolis') return merchant;
  const m = normaliseMerchant(merchant);
  return m ? layoutPathOf(m) : undefined;
}

/** `host[:port]` of a URL, for error messages (never a path or query). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
