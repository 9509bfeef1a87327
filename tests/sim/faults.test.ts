/** Every fault switch of the simulator, over real HTTP, set in code and through POST /__sim/faults. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CitiesResponse,
  ErrorBody,
  LayoutResponse,
  MoviesResponse,
  ScheduleResponse,
  AuthResponse,
  RefreshResponse,
} from '../../shared/tix/schemas.js';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import { call, guestToken, layoutPath, schedulePath } from './http.js';

const NOW = '2026-01-19T06:00:00+07:00';
const DATE = '2026-01-19';
let sim: Simulator;
let guest: string;
let jakarta: string;
let makassar: string;

beforeAll(async () => {
  sim = await startSimulator({ preset: 'tiny', seed: 3, now: NOW });
  guest = await guestToken(sim);
  jakarta = sim.data.cities.find((c) => c.name === 'JAKARTA')!.id;
  makassar = sim.data.cities.find((c) => c.name === 'MAKASSAR')!.id;
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.faults.clear();
  sim.resetStats();
});

const movies = (cityId: string) =>
  call(sim, `/v1/movies?city_id=${cityId}&movie_type=NOW_PLAYING&timezone=7`, { token: guest });
const schedule = (cityId: string, page = 1) =>
  call(sim, schedulePath(sim.data.wideReleaseId, cityId, DATE, page), { token: guest });
const futureShow = (merchant: string) =>
  sim.data.showtimes.find((s) => s.merchant === merchant && Date.parse(s.startsAt) > Date.parse(NOW) + 3_600_000)!;

describe('faults', () => {
  it('latency (with jitter) delays answers by at least the set time', async () => {
    sim.faults.set({ latency: { ms: 200, jitterMs: 50, endpoints: ['cities'] } });
    const t0 = performance.now();
    expect((await call(sim, '/v1/cities', { token: guest })).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('serverError answers 5xx for the share asked, only where targeted', async () => {
    sim.faults.set({ serverError: { rate: 1, endpoints: ['schedules'] } });
    const a = await schedule(jakarta);
    expect(a.status).toBe(503);
    expect((await call(sim, '/v1/cities', { token: guest })).status).toBe(200);
    sim.faults.set({ serverError: { rate: 1, status: 500 } });
    const b = await call(sim, '/v1/cities', { token: guest });
    expect(b.status).toBe(500);
    ErrorBody.parse(b.json);
    sim.faults.set({ serverError: { rate: 0.3 } });
    const statuses = await Promise.all(
      Array.from({ length: 200 }, () => call(sim, '/v1/cities', { token: guest }).then((r) => r.status)),
    );
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
    expect(statuses.filter((s) => s !== 503 && s !== 200)).toEqual([]);
    expect(sim.stats().faults.serverError).toBe(1 + 1 + failed);
  });

  it('serverError targeted by city: only those cities fail, across movies, schedules and layouts', async () => {
    sim.faults.set({ serverError: { rate: 1, cityIds: [makassar] } });
    expect((await movies(makassar)).status).toBe(503);
    expect((await movies(jakarta)).status).toBe(200);
    expect((await schedule(makassar)).status).toBe(503);
    expect((await schedule(jakarta)).status).toBe(200);
    const token = sim.tokens.mintAccess();
    const inMakassar = sim.data.showtimes.find(
      (s) => s.cityId === makassar && s.merchant === 'XXI' && Date.parse(s.startsAt) > Date.parse(NOW),
    )!;
    expect((await call(sim, layoutPath('xxi', inMakassar.id), { token })).status).toBe(503);
    const inJakarta = futureShow('XXI');
    expect((await call(sim, layoutPath('xxi', inJakarta.id), { token })).status).toBe(200);
  });

  it('rateLimit answers 429 with Retry-After', async () => {
    sim.faults.set({ rateLimit: { rate: 1, retryAfterSeconds: 7 } });
    const a = await call(sim, '/v1/cities', { token: guest });
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('7');
    ErrorBody.parse(a.json);
  });

  it('drop destroys the connection without an answer', async () => {
    sim.faults.set({ drop: { rate: 1, endpoints: ['cities'] } });
    await expect(call(sim, '/v1/cities', { token: guest })).rejects.toThrow();
    expect(sim.stats().byEndpointStatus.cities).toEqual({ drop: 1 });
  });

  it('hang never answers (the client times out), and is counted when the client gives up', async () => {
    sim.faults.set({ hang: { rate: 1 } });
    await expect(call(sim, '/v1/cities', { token: guest, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    for (let i = 0; i < 50 && sim.stats().inFlight > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sim.stats().byEndpointStatus.cities).toEqual({ hang: 1 });
    expect(sim.stats().inFlight).toBe(0);
  });

  it('successFalse turns a good answer into {success:false, error}', async () => {
    sim.faults.set({ successFalse: { rate: 1, endpoints: ['schedules'] } });
    const a = await schedule(jakarta);
    expect(a.status).toBe(200);
    const e = ErrorBody.parse(a.json);
    expect(e.error?.code).toBeTruthy();
    expect(ScheduleResponse.safeParse(a.json).success).toBe(false);
  });

  it('emptyPage answers a schedule page with no theatres but has_next:true', async () => {
    sim.faults.set({ emptyPage: { rate: 1 } });
    const a = ScheduleResponse.parse((await schedule(jakarta)).json);
    expect(a.data).toEqual({ theaters: [], has_next: true });
    expect(CitiesResponse.safeParse((await call(sim, '/v1/cities', { token: guest })).json).success).toBe(true);
  });

  it('malformedJson sends a truncated body', async () => {
    sim.faults.set({ malformedJson: { rate: 1, endpoints: ['movies'] } });
    const a = await movies(jakarta);
    expect(a.status).toBe(200);
    expect(a.json).toBeUndefined();
    expect(() => JSON.parse(a.text)).toThrow();
  });

  it('wrongType breaks one field so each endpoint’s schema refuses it', async () => {
    sim.faults.set({ wrongType: { rate: 1 } });
    const token = sim.tokens.mintAccess();
    const refresh = sim.tokens.mintRefresh();
    expect(
      AuthResponse.safeParse((await call(sim, '/v1/auth', { method: 'POST', body: { client_id: 'tixid_guest' } })).json)
        .success,
    ).toBe(false);
    expect(CitiesResponse.safeParse((await call(sim, '/v1/cities', { token: guest })).json).success).toBe(false);
    expect(MoviesResponse.safeParse((await movies(jakarta)).json).success).toBe(false);
    expect(ScheduleResponse.safeParse((await schedule(jakarta)).json).success).toBe(false);
    expect(
      RefreshResponse.safeParse((await call(sim, '/v1/users/refresh', { method: 'POST', token: refresh })).json)
        .success,
    ).toBe(false);
    for (const [merchant, path] of [
      ['XXI', 'xxi'],
      ['CGV', 'cgv'],
      ['Cinépolis', 'cinepolis'],
    ] as const) {
      const a = await call(sim, layoutPath(path, futureShow(merchant).id), { token });
      expect(a.status).toBe(200);
      expect(LayoutResponse[path].safeParse(a.json).success, path).toBe(false);
    }
    sim.faults.clear();
    expect(CitiesResponse.safeParse((await call(sim, '/v1/cities', { token: guest })).json).success).toBe(true);
  });

  it('revokeAccess: access tokens issued so far answer 401 before their exp; new ones work', async () => {
    const s = futureShow('CGV');
    const old = sim.tokens.mintAccess();
    expect((await call(sim, layoutPath('cgv', s.id), { token: old })).status).toBe(200);
    sim.faults.set({ revokeAccess: true });
    const a = await call(sim, layoutPath('cgv', s.id), { token: old });
    expect(a.status).toBe(401);
    const refreshed = RefreshResponse.parse(
      (await call(sim, '/v1/users/refresh', { method: 'POST', token: sim.tokens.mintRefresh() })).json,
    ).data.token;
    expect((await call(sim, layoutPath('cgv', s.id), { token: refreshed })).status).toBe(200);
    // Guest tokens are not affected.
    expect((await call(sim, '/v1/cities', { token: guest })).status).toBe(200);
  });

  it('ipBlock answers 403 on every API call until cleared', async () => {
    sim.faults.set({ ipBlock: true });
    const token = sim.tokens.mintAccess();
    const answers = await Promise.all([
      call(sim, '/v1/auth', { method: 'POST', body: { client_id: 'tixid_guest' } }),
      call(sim, '/v1/cities', { token: guest }),
      movies(jakarta),
      schedule(jakarta),
      call(sim, layoutPath('xxi', futureShow('XXI').id), { token }),
      call(sim, '/v1/users/refresh', { method: 'POST', token: sim.tokens.mintRefresh() }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(answers[0]!.headers.get('content-type')).toMatch(/text\/html/);
    sim.faults.set({ ipBlock: null });
    expect((await call(sim, '/v1/cities', { token: guest })).status).toBe(200);
  });

  it('POST /__sim/faults sets, GET shows, DELETE clears; bad switches are refused', async () => {
    const set = await call(sim, '/__sim/faults', {
      method: 'POST',
      body: { serverError: { rate: 1, endpoints: ['cities'] } },
    });
    expect(set.status).toBe(200);
    expect((await call(sim, '/__sim/faults')).json).toEqual({
      serverError: { rate: 1, status: 503, endpoints: ['cities'] },
    });
    expect((await call(sim, '/v1/cities', { token: guest })).status).toBe(503);
    expect((await call(sim, '/__sim/faults', { method: 'POST', body: { serverError: { rate: 2 } } })).status).toBe(400);
    expect((await call(sim, '/__sim/faults', { method: 'POST', body: { nonsense: true } })).status).toBe(400);
    expect((await call(sim, '/__sim/faults', { method: 'DELETE' })).json).toEqual({});
    expect((await call(sim, '/v1/cities', { token: guest })).status).toBe(200);
    // Control calls are not counted as API traffic.
    expect(Object.keys(sim.stats().byEndpoint)).toEqual(['cities']);
  });

  it('faults given at start apply from the first request', async () => {
    const other = await startSimulator({
      preset: 'tiny',
      seed: 3,
      now: NOW,
      faults: { rateLimit: { rate: 1, endpoints: ['auth'] } },
    });
    try {
      expect((await call(other, '/v1/auth', { method: 'POST', body: { client_id: 'tixid_guest' } })).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});
