/**
 * The TIX.id client against the simulator over real HTTP: every endpoint parsed, captured headers,
 * and under each fault the specified behaviour, shown by the simulator's own counters.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import {
  createTixClient,
  ShowStartedError,
  TixBlockedError,
  TixError,
  TixSchemaError,
  type TixClientOptions,
  type TokenProvider,
} from '../../shared/tix/client.js';
import { Limiter } from '../../shared/http/limiter.js';
import { captureLog, JWT_SHAPE } from '../helpers/log-capture.js';

const NOW = '2026-01-19T06:00:00+07:00';
let sim: Simulator;
const captured = captureLog();
const knownTokens: string[] = [];
const clients: Array<{ close(): void }> = [];

/** Real sleeps, recorded; `onSleep` runs before each (e.g. to lift a fault after the first failure). */
function recordingSleep(onSleep?: (ms: number, n: number) => void) {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
    onSleep?.(ms, delays.length);
    await new Promise((r) => setTimeout(r, ms));
  };
  return { delays, sleep };
}

function client(opts: Partial<TixClientOptions> & { rps?: number; concurrency?: number; shared?: boolean } = {}) {
  const rps = opts.rps ?? 500;
  const concurrency = opts.concurrency ?? 8;
  const c = createTixClient({
    config: { tix: { apiBase: sim.apiBase, appBase: sim.appBase, rps, concurrency, timeoutMs: 2000 } },
    log: captured.log,
    clock: sim.clock,
    timeoutMs: 2000,
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxRetries: 3 },
    breaker: { failureThreshold: 100, openMs: 60_000 },
    ...(opts.shared ? {} : { limiter: new Limiter({ rps, concurrency }) }),
    ...opts,
  });
  clients.push(c);
  return c;
}

function tokensFromSim(): TokenProvider & { refreshed: number; token: string } {
  const p = {
    refreshed: 0,
    token: '',
    async getAccessToken() {
      if (!p.token) {
        p.token = sim.tokens.mintAccess();
        knownTokens.push(p.token);
      }
      return p.token;
    },
    async onUnauthorized() {
      p.refreshed++;
      p.token = sim.tokens.mintAccess();
      knownTokens.push(p.token);
      return p.token;
    },
  };
  return p;
}

const city = () => sim.data.cities[0]!;
const firstShow = () => {
  const s = sim.data.showtimes[0]!;
  const theatre = sim.data.theatres.find((t) => t.id === s.theatreId)!;
  return { show: s, merchant: theatre.merchant };
};

beforeAll(async () => {
  sim = await startSimulator({ preset: 'tiny', now: NOW, loginDelayMs: 0 });
});

afterEach(() => {
  sim.faults.clear();
  sim.clock.set(NOW);
  sim.resetStats();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim.close();
  // Nothing the tests logged contains a token: neither one we know nor anything JWT-shaped.
  const text = captured.text();
  expect(text.length).toBeGreaterThan(0);
  for (const t of knownTokens) expect(text.includes(t)).toBe(false);
  expect(text).not.toMatch(JWT_SHAPE);
});

describe('endpoints', () => {
  it('reads cities, movies, every schedule page and a seat layout, with the captured headers and one guest token', async () => {
    const c = client({ tokens: tokensFromSim() });
    knownTokens.push(await c.auth());
    const cities = await c.cities();
    expect(cities.map((x) => x.id).sort()).toEqual(sim.data.cities.map((x) => x.id).sort());
    const movies = await c.movies(city().id);
    expect(movies.length).toBeGreaterThan(0);
    expect(typeof movies[0]!.movie_id).toBe('string');
    let page = 1;
    let theatres = 0;
    for (;;) {
      const p = await c.schedulePage(movies[0]!.movie_id, city().id, sim.data.date, page);
      theatres += p.theaters.length;
      if (!p.has_next || p.theaters.length === 0) break;
      page++;
    }
    expect(theatres).toBeGreaterThan(0);
    const { show, merchant } = firstShow();
    const layout = await c.layout(merchant, show.id);
    expect(layout.merchant).toBe(merchant === 'XXI' ? 'xxi' : merchant === 'CGV' ? 'cgv' : 'cinepolis');
    expect(layout.data.seat_map.length).toBeGreaterThan(0);

    const s = sim.stats();
    expect(s.guestTokens).toBe(1);
    expect(s.missingPlatformHeader).toBe(0);
    expect(s.missingHeaders).toEqual({});
    const st = c.stats();
    expect(st.endpoints.schedules.calls).toBe(page);
    expect(st.endpoints.schedules.requests).toBe(s.byEndpoint.schedules);
    expect(st.endpoints.layout.requests).toBe(1);
    expect(st.total.requests).toBe(s.requests);
    expect(c.requests()).toBe(s.requests); // the count progress lines read, without a snapshot
    expect(st.total.bytes).toBeGreaterThan(1000);
    expect(st.endpoints.movies.latencyMs.max).toBeGreaterThan(0);
  });

  it('names endpoint, request and field when a response breaks its schema; retries it like a 5xx; counts it', async () => {
    const c = client();
    const movie = sim.data.movies[0]!;
    sim.faults.set({ wrongType: { endpoints: ['schedules'] } });
    const err = await c.schedulePage(movie.id, city().id, sim.data.date, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TixSchemaError);
    const e = err as TixSchemaError;
    expect(e.endpoint).toBe('schedules');
    expect(e.field).toBe('data.has_next');
    expect(e.request).toBe(`GET /v1/schedules/movies/${movie.id}?city_id=${city().id}&date=${sim.data.date}&page=1`);
    expect(e.message).toContain('data.has_next');
    expect(e.message).toContain('(4 attempts)');
    expect(e.attempts).toBe(4);

    sim.faults.set({ wrongType: null, malformedJson: { endpoints: ['cities'] } });
    const e2 = (await c.cities().catch((x: unknown) => x)) as TixSchemaError;
    expect(e2).toBeInstanceOf(TixSchemaError);
    expect(e2.problem).toMatch(/not JSON/);

    // the first attempt and 3 retries each, as for a 5xx
    expect(sim.stats().byEndpoint).toMatchObject({ schedules: 4, cities: 4 });
    const st = c.stats();
    expect(st.endpoints.schedules).toMatchObject({ schemaErrors: 1, failures: 1, retries: 3 });
    expect(st.endpoints.cities).toMatchObject({ schemaErrors: 1, failures: 1, retries: 3 });
    expect(st.total.schemaErrors).toBe(2);
  });

  it('a truncated 200 body once is retried and the call succeeds (one bad body no longer fails a city)', async () => {
    const { delays, sleep } = recordingSleep(() => sim.faults.set({ malformedJson: null }));
    const c = client({ sleep });
    sim.faults.set({ malformedJson: { endpoints: ['movies'] } });
    const movies = await c.movies(city().id);
    expect(movies.length).toBeGreaterThan(0);
    expect(delays).toHaveLength(1);
    expect(c.stats().endpoints.movies).toMatchObject({
      calls: 1,
      requests: 2,
      retries: 1,
      failures: 0,
      schemaErrors: 0,
    });
  });

  it('success:false ends schedule paging, and is an error (not retried) elsewhere', async () => {
    const c = client();
    const movie = sim.data.movies[0]!;
    sim.faults.set({ successFalse: { endpoints: ['schedules', 'movies'] } });
    const p = await c.schedulePage(movie.id, city().id, sim.data.date, 1);
    expect(p).toMatchObject({ theaters: [], has_next: false, stopped: { code: 'INTERNAL_ERROR' } });
    const e = (await c.movies(city().id).catch((x: unknown) => x)) as TixError;
    expect(e).toBeInstanceOf(TixError);
    expect(e.code).toBe('INTERNAL_ERROR');
    expect(sim.stats().byEndpoint).toMatchObject({ schedules: 1, movies: 1 });
  });

  it('does not retry a 4xx that cannot succeed', async () => {
    const c = client();
    const e = (await c.movies('999999999999999999').catch((x: unknown) => x)) as TixError;
    expect(e).toBeInstanceOf(TixError);
    expect(e.status).toBe(404);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.attempts).toBe(1);
    expect(sim.stats().byEndpointStatus.movies).toEqual({ '404': 1 });
  });
});

describe('retries', () => {
  it('retries 5xx with exponential backoff and full jitter, then gives up naming the status', async () => {
    const { delays, sleep } = recordingSleep();
    const c = client({ sleep, random: () => 0.999 });
    sim.faults.set({ serverError: { endpoints: ['cities'], status: 503 } });
    const e = (await c.cities().catch((x: unknown) => x)) as TixError;
    expect(e).toBeInstanceOf(TixError);
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(4);
    // base 5 ms doubling, jitter at its top: 4, 9, 19 ms
    expect(delays).toEqual([4, 9, 19]);
    expect(sim.stats().byEndpointStatus.cities).toEqual({ '503': 4 });
    expect(c.stats().endpoints.cities).toMatchObject({ calls: 1, requests: 4, retries: 3, failures: 1 });
  });

  it('gets through intermittent 5xx: every call succeeds, the retries are exactly the failed answers', async () => {
    const c = client({ retry: { baseDelayMs: 2, maxDelayMs: 20, maxRetries: 8 } });
    sim.faults.set({ serverError: { endpoints: ['movies'], rate: 0.3, status: 502 } });
    const ids = sim.data.cities.map((x) => x.id);
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => c.movies(ids[i % ids.length]!)));
    expect(results.every((r) => r.length > 0)).toBe(true);
    const s = sim.stats().byEndpointStatus.movies!;
    expect(s['502']).toBeGreaterThan(0);
    expect(s['200']).toBe(24);
    expect(c.stats().endpoints.movies.retries).toBe(s['502']);
  });

  it('honours Retry-After on 429 (waits at least that long) and then succeeds', async () => {
    const { delays, sleep } = recordingSleep((_ms, n) => {
      if (n === 1) sim.faults.set({ rateLimit: null });
    });
    const c = client({ sleep });
    sim.faults.set({ rateLimit: { endpoints: ['cities'], retryAfterSeconds: 1 } });
    const t0 = performance.now();
    const cities = await c.cities();
    const elapsed = performance.now() - t0;
    expect(cities.length).toBe(sim.data.cities.length);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(sim.stats().byEndpointStatus.cities).toEqual({ '429': 1, '200': 1 });
  });

  it('does not sit out a Retry-After longer than it is willing to wait', async () => {
    const { delays, sleep } = recordingSleep();
    const c = client({ sleep });
    sim.faults.set({ rateLimit: { endpoints: ['cities'], retryAfterSeconds: 3600 } });
    const e = (await c.cities().catch((x: unknown) => x)) as TixError;
    expect(e.status).toBe(429);
    expect(e.message).toMatch(/Retry-After/);
    expect(delays).toEqual([]);
    expect(sim.stats().byEndpoint.cities).toBe(1);
  });

  it('retries dropped connections and timeouts', async () => {
    const c = client({ timeoutMs: 300 });
    sim.faults.set({ drop: { endpoints: ['cities'] } });
    const e = (await c.cities().catch((x: unknown) => x)) as TixError;
    expect(e.code).toBe('NETWORK');
    expect(sim.stats().byEndpointStatus.cities).toEqual({ drop: 4 });
    sim.resetStats();

    const { sleep } = recordingSleep((_ms, n) => {
      if (n === 1) sim.faults.set({ hang: null });
    });
    const c2 = client({ timeoutMs: 300, sleep });
    sim.faults.set({ drop: null, hang: { endpoints: ['cities'] } });
    const cities = await c2.cities();
    expect(cities.length).toBeGreaterThan(0);
    expect(c2.stats().endpoints.cities.status).toEqual({ timeout: 1, '200': 1 });
    expect(sim.stats().byEndpoint.cities).toBe(2);
  });
});

describe('circuit breaker', () => {
  it('opens on a 403 block: the run stops quickly with "blocked" and no further requests reach TIX.id', async () => {
    const c = client({ rps: 20, concurrency: 2 });
    await c.cities();
    sim.resetStats();
    sim.faults.set({ ipBlock: true });
    const ids = sim.data.cities.map((x) => x.id);
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => c.movies(ids[i % ids.length]!)));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof TixBlockedError)).toBe(true);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/blocked/);
    // at most the requests already in flight when the first 403 came back; the queue was dropped
    expect(sim.stats().requests).toBeLessThanOrEqual(2);
    const before = sim.stats().requests;
    await expect(c.cities()).rejects.toBeInstanceOf(TixBlockedError);
    expect(sim.stats().requests).toBe(before);
    expect(c.stats().breaker).toMatchObject({ state: 'open', opened: 1 });
    expect(c.stats().endpoints.movies.blocked).toBeGreaterThanOrEqual(38);
  });

  it('opens after a run of consecutive failures, cutting retries short', async () => {
    const c = client({
      breaker: { failureThreshold: 3, openMs: 60_000 },
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 10 },
    });
    sim.faults.set({ serverError: { endpoints: ['cities'], status: 500 } });
    const e = await c.cities().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TixBlockedError);
    expect((e as TixBlockedError).reason).toMatch(/3 consecutive failures/);
    expect(sim.stats().byEndpointStatus.cities).toEqual({ '500': 3 });
  });

  it('lets one probe through after the open period and closes when it succeeds', async () => {
    const c = client({ breaker: { failureThreshold: 1, openMs: 10_000 }, retry: { maxRetries: 0 } });
    sim.faults.set({ serverError: { endpoints: ['cities'] } });
    await expect(c.cities()).rejects.toBeInstanceOf(TixError);
    await expect(c.cities()).rejects.toBeInstanceOf(TixBlockedError);
    sim.faults.clear();
    sim.clock.advance(10_000); // the breaker runs on the injected clock
    expect((await c.cities()).length).toBeGreaterThan(0);
    expect(c.stats().breaker.state).toBe('closed');
    expect(sim.stats().byEndpointStatus.cities).toEqual({ '503': 1, '200': 1 });
  });
});

describe('tokens', () => {
  it('a 401 on a logged-in call: one token renewal and one retry', async () => {
    const tokens = tokensFromSim();
    const c = client({ tokens });
    const stale = await tokens.getAccessToken();
    sim.tokens.revoke(stale);
    const { show, merchant } = firstShow();
    const layout = await c.layout(merchant, show.id);
    expect(layout.data.seat_map.length).toBeGreaterThan(0);
    expect(tokens.refreshed).toBe(1);
    expect(sim.stats().byEndpointStatus.layout).toEqual({ '401': 1, '200': 1 });
  });

  it('a second 401 after the renewal fails instead of looping', async () => {
    const tokens = tokensFromSim();
    tokens.onUnauthorized = async () => {
      tokens.refreshed++;
      const t = sim.tokens.mintAccess();
      knownTokens.push(t);
      sim.tokens.revoke(t);
      return t;
    };
    const c = client({ tokens });
    sim.tokens.revoke(await tokens.getAccessToken());
    const { show, merchant } = firstShow();
    const e = (await c.layout(merchant, show.id).catch((x: unknown) => x)) as TixError;
    expect(e.status).toBe(401);
    expect(tokens.refreshed).toBe(1);
    expect(sim.stats().byEndpointStatus.layout).toEqual({ '401': 2 });
  });

  it('401 EXPIRED_EVENT_DETAIL is ShowStartedError, with no token renewal', async () => {
    const tokens = tokensFromSim();
    const c = client({ tokens });
    const { show, merchant } = firstShow();
    sim.clock.set('2026-01-20T02:00:00+07:00'); // every show of the day has started
    knownTokens.push(await tokens.getAccessToken());
    tokens.token = sim.tokens.mintAccess();
    knownTokens.push(tokens.token);
    const e = await c.layout(merchant, show.id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ShowStartedError);
    expect(tokens.refreshed).toBe(0);
    expect(sim.stats().byEndpointStatus.layout).toEqual({ '401': 1 });
  });

  it('renews the in-memory guest token once when it is refused', async () => {
    const c = client();
    const guest = await c.auth();
    knownTokens.push(guest);
    sim.resetStats();
    sim.tokens.revoke(guest);
    const cities = await c.cities();
    expect(cities.length).toBeGreaterThan(0);
    const renewed = await c.auth();
    knownTokens.push(renewed);
    expect(renewed).not.toBe(guest);
    expect(sim.stats()).toMatchObject({ guestTokens: 1, byEndpointStatus: { cities: { '401': 1, '200': 1 } } });
  });
});

describe('politeness', () => {
  it('never exceeds TIX_RPS by more than 10% nor TIX_CONCURRENCY in flight, retries included', async () => {
    const c = client({ rps: 20, concurrency: 3, retry: { baseDelayMs: 2, maxDelayMs: 20, maxRetries: 8 } });
    await c.auth();
    sim.resetStats();
    sim.faults.set({ serverError: { endpoints: ['movies'], rate: 0.25 }, latency: { ms: 40 } });
    const ids = sim.data.cities.map((x) => x.id);
    await Promise.all(Array.from({ length: 40 }, (_, i) => c.movies(ids[i % ids.length]!)));
    const s = sim.stats();
    expect(s.byEndpointStatus.movies!['503']).toBeGreaterThan(0);
    expect(s.byEndpoint.movies).toBe(c.stats().endpoints.movies.requests);
    expect(c.stats().endpoints.movies.retries).toBe(s.byEndpointStatus.movies!['503']);
    expect(s.maxRps).toBeLessThanOrEqual(22);
    expect(s.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('one limiter per process: two clients together stay within TIX_RPS', async () => {
    const a = client({ rps: 15, concurrency: 4, shared: true });
    const b = client({ rps: 15, concurrency: 4, shared: true });
    await Promise.all([a.auth(), b.auth()]);
    sim.resetStats();
    const ids = sim.data.cities.map((x) => x.id);
    await Promise.all(Array.from({ length: 36 }, (_, i) => (i % 2 ? a : b).movies(ids[i % ids.length]!)));
    const s = sim.stats();
    expect(s.byEndpoint.movies).toBe(36);
    expect(s.maxRps).toBeLessThanOrEqual(16.5);
    expect(s.maxInFlight).toBeLessThanOrEqual(4);
  });
});
