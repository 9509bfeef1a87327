/** The simulator's API over real HTTP: shapes (the shared zod schemas), pagination, statuses by zone, tokens, layouts, stats. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthResponse,
  CitiesResponse,
  ErrorBody,
  LayoutResponse,
  MoviesResponse,
  RefreshResponse,
  ScheduleResponse,
  TIX_ERROR,
  layoutPathOf,
  normaliseMerchant,
} from '../../shared/tix/schemas.js';
import { localToInstant } from '../../shared/clock.js';
import { startSimulator, type SimShowtime, type Simulator } from '../../scripts/tix-sim/index.js';
import { call, guestToken, layoutPath, schedulePath } from './http.js';

const NOW = '2026-01-19T06:00:00+07:00';
const DATE = '2026-01-19';
let sim: Simulator;
let guest: string;

beforeAll(async () => {
  sim = await startSimulator({ preset: 'tiny', seed: 7, now: NOW, loginDelayMs: 0 });
  guest = await guestToken(sim);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.clock.set(NOW);
  sim.faults.clear();
});

const cityId = (name: string) => sim.data.cities.find((c) => c.name === name)!.id;
const pathOf = (s: SimShowtime) => layoutPathOf(normaliseMerchant(s.merchant)!);
const futureShow = (pred: (s: SimShowtime) => boolean = () => true) =>
  sim.data.showtimes.find((s) => Date.parse(s.startsAt) > sim.clock.now().getTime() + 3_600_000 && pred(s))!;

describe('endpoints answer in the shapes of shared/tix/schemas.ts', () => {
  it('POST /v1/auth gives a guest JWT with exp', async () => {
    const a = await call(sim, '/v1/auth', { method: 'POST', body: { client_id: 'tixid_guest' } });
    expect(a.status).toBe(200);
    const token = AuthResponse.parse(a.json).data.token;
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      exp: number;
      typ: string;
    };
    expect(payload.typ).toBe('guest');
    expect(payload.exp * 1000).toBeGreaterThan(Date.parse(NOW));
    const bad = await call(sim, '/v1/auth', { method: 'POST', body: { client_id: 'someone' } });
    expect(bad.status).toBe(400);
    ErrorBody.parse(bad.json);
  });

  it('GET /v1/cities lists the preset cities with string ids, filtered by name', async () => {
    const a = await call(sim, '/v1/cities?name=', { token: guest });
    const cities = CitiesResponse.parse(a.json).data;
    expect(cities.map((c) => c.name)).toEqual(['JAKARTA', 'MAKASSAR', 'JAYAPURA']);
    expect(cities.map((c) => c.id)).toEqual(sim.data.cities.map((c) => c.id));
    const some = CitiesResponse.parse((await call(sim, '/v1/cities?name=jaya', { token: guest })).json).data;
    expect(some.map((c) => c.name)).toEqual(['JAYAPURA']);
  });

  it('GET /v1/movies gives the city view: merchant array, presale flag, per-city title', async () => {
    for (const city of sim.data.cities) {
      const a = await call(sim, `/v1/movies?city_id=${city.id}&movie_type=NOW_PLAYING&timezone=7`, { token: guest });
      const movies = MoviesResponse.parse(a.json).data;
      const truth = sim.data.movieCities.filter((v) => v.cityId === city.id);
      expect(movies.map((m) => m.movie_id).sort()).toEqual(truth.map((v) => v.movieId).sort());
      for (const m of movies) {
        const v = truth.find((x) => x.movieId === m.movie_id)!;
        expect(m.title).toBe(v.title);
        expect(m.merchant.map((x) => x.merchant_name)).toEqual(v.merchants);
        expect(m.presale_flag).toBe(v.presale);
        expect(m.poster_path).toMatch(/^https:\/\/asset\.tix\.id\//);
      }
      const raw = (a.json as { data: Record<string, unknown>[] }).data[0]!;
      expect(typeof raw.movie_id).toBe('string');
      expect([0, 1]).toContain(raw.presale_flag);
    }
    const bad = await call(sim, `/v1/movies?city_id=${cityId('JAKARTA')}&movie_type=COMING_SOON&timezone=7`, {
      token: guest,
    });
    expect(bad.status).toBe(400);
  });

  it('GET /v1/schedules pages 10 theatres sorted by name, with has_next, and matches the truth', async () => {
    const jakarta = cityId('JAKARTA');
    const wide = sim.data.wideReleaseId;
    const p1 = ScheduleResponse.parse(
      (await call(sim, schedulePath(wide, jakarta, DATE, 1), { token: guest })).json,
    ).data;
    const p2 = ScheduleResponse.parse(
      (await call(sim, schedulePath(wide, jakarta, DATE, 2), { token: guest })).json,
    ).data;
    const p3 = ScheduleResponse.parse(
      (await call(sim, schedulePath(wide, jakarta, DATE, 3), { token: guest })).json,
    ).data;
    const theatresInTruth = sim.data.theatres.filter((t) => t.cityId === jakarta);
    expect(p1.theaters).toHaveLength(10);
    expect(p1.has_next).toBe(true);
    expect(p2.theaters).toHaveLength(theatresInTruth.length - 10);
    expect(p2.has_next).toBe(false);
    expect(p3).toEqual({ theaters: [], has_next: false });
    const names = [...p1.theaters, ...p2.theaters].map((t) => t.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const shown = [...p1.theaters, ...p2.theaters].flatMap((t) =>
      t.price_groups.flatMap((g) => g.show_time.map((s) => s.id)),
    );
    const truth = sim.data.showtimes.filter((s) => s.movieId === wide && s.cityId === jakarta).map((s) => s.id);
    expect(shown.sort()).toEqual(truth.sort());
    const t = p1.theaters[0]!;
    expect(['XXI', 'CGV', 'Cinépolis']).toContain(t.merchant.merchant_name);
    expect(t.price_groups[0]!.price_string).toMatch(/^Rp/);
  });

  it('schedules: bad parameters are refused, a movie the city does not show is empty', async () => {
    const jakarta = cityId('JAKARTA');
    expect(
      (await call(sim, schedulePath(sim.data.wideReleaseId, jakarta, '19-01-2026', 1), { token: guest })).status,
    ).toBe(400);
    expect((await call(sim, schedulePath(sim.data.wideReleaseId, jakarta, DATE, 0), { token: guest })).status).toBe(
      400,
    );
    expect((await call(sim, schedulePath('1234567890123456789', jakarta, DATE, 1), { token: guest })).status).toBe(404);
    const jayapura = cityId('JAYAPURA');
    const notThere = sim.data.movies.find(
      (m) => !sim.data.movieCities.some((v) => v.movieId === m.id && v.cityId === jayapura),
    )!;
    const a = ScheduleResponse.parse(
      (await call(sim, schedulePath(notThere.id, jayapura, DATE, 1), { token: guest })).json,
    );
    expect(a.data).toEqual({ theaters: [], has_next: false });
  });
});

describe('status flips from 1 to 0 when a show starts in its own zone', () => {
  async function statusOf(show: SimShowtime, date = DATE, id = show.id): Promise<number | undefined> {
    for (let page = 1; ; page++) {
      const d = ScheduleResponse.parse(
        (await call(sim, schedulePath(show.movieId, show.cityId, date, page), { token: guest })).json,
      ).data;
      for (const t of d.theaters)
        for (const g of t.price_groups) {
          const hit = g.show_time.find((s) => s.id === id);
          if (hit) return hit.status;
        }
      if (!d.has_next) return undefined;
    }
  }

  // The expected instants come from shared/clock (not the simulator's own arithmetic), and the WIB
  // show compared is one whose wall time is at or just before the other zone's: it is still open
  // when the WIT/WITA show closes only if each theatre's time is read in its own zone.
  it.each([
    ['Asia/Jayapura', 2],
    ['Asia/Makassar', 1],
  ] as const)(
    '%s: closes at its local time, %i h before a WIB show at the same wall time; on another date too',
    async (zone, hours) => {
      const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
      // Every date is its own day of the season (its own shows and ids): the pair is found in each.
      for (const date of [DATE, '2026-01-20']) {
        const shows = sim.dayOf(date).showtimes;
        const pairs = shows
          .filter((s) => s.zone === zone && s.displayTime >= '12:00')
          .map((s) => ({
            s,
            wib: shows.find(
              (w) =>
                w.zone === 'Asia/Jakarta' &&
                minutes(w.displayTime) <= minutes(s.displayTime) &&
                minutes(w.displayTime) > minutes(s.displayTime) - hours * 60,
            ),
          }));
        const { s, wib } = pairs.find((p) => p.wib)!;
        expect(wib).toBeDefined();
        const start = localToInstant(date, s.displayTime, zone).getTime();
        expect(Date.parse(s.startsAt)).toBe(start);
        sim.clock.set(new Date(start - 60_000));
        expect(await statusOf(s, date), `${date} before`).toBe(1);
        sim.clock.set(new Date(start));
        expect(await statusOf(s, date), `${date} at start`).toBe(0);
        expect(await statusOf(wib!, date), `${date} WIB ${wib!.displayTime} vs ${s.displayTime}`).toBe(1);
      }
    },
  );

  it('a past date answers the full schedule with every status 0; a future date has other ids, open', async () => {
    const jakarta = cityId('JAKARTA');
    const wide = sim.data.wideReleaseId;
    const past = ScheduleResponse.parse(
      (await call(sim, schedulePath(wide, jakarta, '2026-01-18', 1), { token: guest })).json,
    ).data;
    const today = ScheduleResponse.parse(
      (await call(sim, schedulePath(wide, jakarta, DATE, 1), { token: guest })).json,
    ).data;
    const statuses = (d: typeof past) =>
      d.theaters.flatMap((t) => t.price_groups.flatMap((g) => g.show_time.map((s) => s.status)));
    expect(past.theaters.length).toBe(today.theaters.length);
    expect(statuses(past).length).toBeGreaterThan(0);
    expect(new Set(statuses(past))).toEqual(new Set([0]));
    expect(statuses(today)).toContain(1);
    const tomorrow = ScheduleResponse.parse(
      (await call(sim, schedulePath(wide, jakarta, '2026-01-20', 1), { token: guest })).json,
    ).data;
    expect(new Set(statuses(tomorrow))).toEqual(new Set([1]));
    const ids = (d: typeof past) =>
      d.theaters.flatMap((t) => t.price_groups.flatMap((g) => g.show_time.map((s) => s.id)));
    expect(ids(tomorrow).filter((id) => ids(today).includes(id))).toEqual([]);
    expect(ids(tomorrow).every((id) => /^\d{19}$/.test(id))).toBe(true);
    // A showtime id of another date has a layout too.
    const cgv = tomorrow.theaters.find((t) => t.merchant.merchant_name === 'CGV')!;
    const id = cgv.price_groups[0]!.show_time[0]!.id;
    const a = await call(sim, layoutPath('cgv', id), { token: sim.tokens.mintAccess() });
    expect(a.status).toBe(200);
    LayoutResponse.cgv.parse(a.json);
    // Once the clock passes midnight, the generated day itself is a past date.
    sim.clock.set('2026-01-20T00:30:00+07:00');
    const after = ScheduleResponse.parse(
      (await call(sim, schedulePath(wide, jakarta, DATE, 1), { token: guest })).json,
    ).data;
    expect(new Set(statuses(after))).toEqual(new Set([0]));
  });
});

describe('tokens', () => {
  it('cities/movies/schedules need a guest or access token', async () => {
    expect((await call(sim, '/v1/cities')).status).toBe(401);
    expect((await call(sim, '/v1/cities', { token: 'garbage' })).status).toBe(401);
    expect((await call(sim, '/v1/cities', { token: sim.tokens.mintAccess() })).status).toBe(200);
    expect((await call(sim, '/v1/cities', { token: sim.tokens.mintRefresh() })).status).toBe(401);
  });

  it('the layout refuses guest, quoted, garbage, refresh, expired and foreign tokens with 401', async () => {
    const s = futureShow();
    const path = layoutPath(pathOf(s), s.id);
    const access = sim.tokens.mintAccess();
    const code = async (token: string | undefined, headers?: Record<string, string>) => {
      const a = await call(sim, path, { token, headers });
      return { status: a.status, code: a.status === 200 ? undefined : ErrorBody.parse(a.json).error?.code };
    };
    expect(await code(access)).toEqual({ status: 200, code: undefined });
    expect(await code(guest)).toEqual({ status: 401, code: TIX_ERROR.INVALID_TOKEN });
    expect(await code(`"${access}"`)).toEqual({ status: 401, code: TIX_ERROR.INVALID_TOKEN });
    expect(await code('garbage')).toEqual({ status: 401, code: TIX_ERROR.INVALID_TOKEN });
    expect(await code(undefined)).toEqual({ status: 401, code: TIX_ERROR.INVALID_TOKEN });
    expect(await code(undefined, { authorization: access })).toEqual({ status: 401, code: TIX_ERROR.INVALID_TOKEN });
    expect(await code(sim.tokens.mintRefresh())).toEqual({ status: 401, code: TIX_ERROR.INVALID_TOKEN });
    // A token signed by another simulator (another secret).
    const other = await startSimulator({ preset: 'tiny', seed: 7, now: NOW });
    const foreign = other.tokens.mintAccess();
    await other.close();
    expect((await code(foreign)).code).toBe(TIX_ERROR.INVALID_TOKEN);
    // Expired: 401 (not INVALID_TOKEN's code), both minted in the past and after the clock moves.
    const old = sim.tokens.mintAccess({ at: new Date(Date.parse(NOW) - 31 * 60_000) });
    expect((await code(old)).status).toBe(401);
    sim.clock.advance(29 * 60_000);
    expect((await code(access)).status).toBe(200);
    sim.clock.advance(2 * 60_000);
    const expired = await code(access);
    expect(expired.status).toBe(401);
    expect(expired.code).not.toBe(TIX_ERROR.EXPIRED_EVENT_DETAIL);
  });

  it('access tokens last 30 minutes and refresh tokens 91 days', () => {
    const exp = (t: string) =>
      JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    const a = exp(sim.tokens.mintAccess());
    expect(a.exp - a.iat).toBe(30 * 60);
    const r = exp(sim.tokens.mintRefresh());
    expect(r.exp - r.iat).toBe(91 * 24 * 3600);
  });

  it('POST /v1/users/refresh gives a new access token (no new refresh token), before and after expiry', async () => {
    const refresh = sim.tokens.mintRefresh();
    const s = futureShow();
    const before = await call(sim, '/v1/users/refresh', {
      method: 'POST',
      token: refresh,
      headers: { platform: 'web' },
    });
    expect(before.status).toBe(200);
    const data = RefreshResponse.parse(before.json).data;
    expect(Object.keys(data)).toEqual(['token']);
    expect((await call(sim, layoutPath(pathOf(s), s.id), { token: data.token })).status).toBe(200);
    sim.clock.advance(45 * 60_000);
    expect((await call(sim, layoutPath(pathOf(s), s.id), { token: data.token })).status).toBe(401);
    const after = await call(sim, '/v1/users/refresh', { method: 'POST', token: refresh });
    const fresh = RefreshResponse.parse(after.json).data.token;
    expect((await call(sim, layoutPath(pathOf(s), s.id), { token: fresh })).status).toBe(200);
    expect(sim.stats().refreshes).toBeGreaterThanOrEqual(2);
  });

  it('refresh answers 401 for a bad, quoted, access-kind, expired or revoked refresh token', async () => {
    const post = (token: string) => call(sim, '/v1/users/refresh', { method: 'POST', token });
    expect((await post('garbage')).status).toBe(401);
    const good = sim.tokens.mintRefresh();
    expect((await post(`"${good}"`)).status).toBe(401);
    expect((await post(sim.tokens.mintAccess())).status).toBe(401);
    expect((await post(sim.tokens.mintRefresh({ at: new Date(Date.parse(NOW) - 92 * 86_400_000) }))).status).toBe(401);
    sim.tokens.revoke(good);
    expect((await post(good)).status).toBe(401);
  });
});

describe('seat layouts', () => {
  it.each(['XXI', 'CGV', 'Cinépolis'] as const)(
    '%s: its own shape, counts equal to the truth, occupancy growing',
    async (merchant) => {
      const s = futureShow(
        (x) => x.merchant === merchant && Date.parse(x.startsAt) - sim.clock.now().getTime() > 6 * 3_600_000,
      );
      expect(s).toBeDefined();
      const token = sim.tokens.mintAccess();
      const path = layoutPath(pathOf(s), s.id);
      const a = await call(sim, path, { token });
      expect(a.status).toBe(200);
      const truth = sim.seatTruth(s.id)!;
      expect(truth.total).toBe(s.seats);
      let counted: { available: number; unavailable: number };
      if (merchant === 'XXI') {
        const d = LayoutResponse.xxi.parse(a.json).data;
        expect(d.seat_map.map((r) => r.seat_code)).not.toContain('I');
        for (const row of d.seat_map) {
          const seats = row.seat_rows.filter((x) => [1, 5, 6].includes(x.status));
          expect(row.max_row).toBe(seats.length);
          for (const x of seats) expect(x.seat_row.startsWith(row.seat_code)).toBe(true);
        }
        const all = d.seat_map.flatMap((r) => r.seat_rows);
        counted = {
          available: all.filter((x) => x.status === 1).length,
          unavailable: all.filter((x) => x.status === 5 || x.status === 6).length,
        };
      } else if (merchant === 'CGV') {
        const d = LayoutResponse.cgv.parse(a.json).data;
        expect(d.price_group!.length).toBeGreaterThan(0);
        const real = d.seat_map.filter((x) => x.seat_yn === '1');
        for (const x of real) expect(d.price_group!.map((g) => g.seat_grd_cd)).toContain(x.seat_grd_cd);
        counted = {
          available: real.filter((x) => x.seat_status === 1).length,
          unavailable: real.filter((x) => x.seat_status === 0).length,
        };
      } else {
        const d = LayoutResponse.cinepolis.parse(a.json).data;
        counted = {
          available: d.seat_map.filter((x) => x.seat_status === 1).length,
          unavailable: d.seat_map.filter((x) => x.seat_status === 5 || x.seat_status === 6).length,
        };
      }
      expect(counted).toEqual({ available: truth.available, unavailable: truth.unavailable });
      expect(truth.available + truth.unavailable).toBe(truth.total);
      // Closer to the show, at least as many seats are gone (and the truth follows the clock).
      sim.clock.set(new Date(Date.parse(s.startsAt) - 10 * 60_000));
      const later = sim.seatTruth(s.id)!;
      expect(later.unavailable).toBeGreaterThanOrEqual(truth.unavailable);
      expect((await call(sim, path, { token: sim.tokens.mintAccess() })).status).toBe(200);
    },
  );

  it('XXI rooms use 5 and 6 for unavailable seats and mark aisles with other codes', async () => {
    const statuses = new Set<number>();
    for (const s of sim.data.showtimes
      .filter((x) => x.merchant === 'XXI' && Date.parse(x.startsAt) > Date.parse(NOW))
      .slice(0, 30)) {
      sim.clock.set(new Date(Date.parse(s.startsAt) - 60_000));
      const d = LayoutResponse.xxi.parse(
        (await call(sim, layoutPath('xxi', s.id), { token: sim.tokens.mintAccess() })).json,
      ).data;
      for (const r of d.seat_map) for (const x of r.seat_rows) statuses.add(x.status);
    }
    expect(statuses).toContain(1);
    expect(statuses).toContain(5);
    expect(statuses).toContain(6);
    expect([...statuses].some((x) => ![1, 5, 6].includes(x))).toBe(true);
  });

  it('the merchant path segment is exactly xxi, cgv or cinepolis, and only the show’s own one answers', async () => {
    const token = sim.tokens.mintAccess();
    for (const merchant of ['XXI', 'CGV', 'Cinépolis'] as const) {
      const s = futureShow((x) => x.merchant === merchant);
      const own = layoutPathOf(normaliseMerchant(merchant)!);
      expect((await call(sim, layoutPath(own, s.id), { token })).status, own).toBe(200);
      for (const seg of ['xxi', 'cgv', 'cinepolis', 'XXI', 'CGV', 'Cinépolis', 'cin%C3%A9polis', 'CINEPOLIS'].filter(
        (x) => x !== own,
      )) {
        const a = await call(sim, layoutPath(seg, s.id), { token });
        expect(a.status, `${merchant} via ${seg}`).toBe(404);
        expect(ErrorBody.parse(a.json).success).toBe(false);
      }
    }
  });

  it('a started show answers 401 EXPIRED_EVENT_DETAIL; tz must be 7; the merchant path must match', async () => {
    const s = futureShow();
    const token = sim.tokens.mintAccess();
    expect((await call(sim, layoutPath(pathOf(s), s.id, 'Asia/Jakarta'), { token })).status).toBe(400);
    const wrong = pathOf(s) === 'cgv' ? 'xxi' : 'cgv';
    expect((await call(sim, layoutPath(wrong, s.id), { token })).status).toBe(404);
    sim.clock.set(s.startsAt);
    const started = await call(sim, layoutPath(pathOf(s), s.id), { token: sim.tokens.mintAccess() });
    expect(started.status).toBe(401);
    expect(ErrorBody.parse(started.json).error?.code).toBe(TIX_ERROR.EXPIRED_EVENT_DETAIL);
  });
});

describe('introspection', () => {
  it('counts requests per endpoint and status, missing web headers, in-flight and rate; resets over HTTP', async () => {
    await call(sim, '/__sim/stats/reset', { method: 'POST' });
    await call(sim, '/v1/cities', { token: guest });
    await call(sim, '/v1/cities', { token: 'x' });
    await fetch(`${sim.apiBase}/v1/cities`, { headers: { authorization: `Bearer ${guest}` } });
    sim.faults.set({ latency: { ms: 150 } });
    await Promise.all(Array.from({ length: 6 }, () => call(sim, '/v1/cities', { token: guest })));
    sim.faults.clear();
    const st = (await call(sim, '/__sim/stats')).json as ReturnType<Simulator['stats']>;
    expect(st.requests).toBe(9);
    expect(st.byEndpoint).toEqual({ cities: 9 });
    expect(st.byEndpointStatus.cities).toEqual({ '200': 8, '401': 1 });
    expect(st.missingPlatformHeader).toBe(1);
    expect(st.missingHeaders.app_version).toBe(1);
    expect(st.maxInFlight).toBe(6);
    expect(st.inFlight).toBe(0);
    expect(st.maxRps).toBeGreaterThanOrEqual(6);
    expect(st.avgRps).toBeGreaterThan(0);
    expect(st).toEqual(sim.stats());
    sim.resetStats();
    expect(sim.stats().requests).toBe(0);
    expect(sim.stats().byEndpoint).toEqual({});
  });

  it('GET /__sim/truth/{id} and POST /__sim/clock serve the bench', async () => {
    const s = futureShow();
    const t = await call(sim, `/__sim/truth/${s.id}`);
    expect(t.json).toEqual(sim.seatTruth(s.id));
    const c = await call(sim, '/__sim/clock', { method: 'POST', body: { advance: 60_000 } });
    expect((c.json as { now: string }).now).toBe(new Date(Date.parse(NOW) + 60_000).toISOString());
    expect(sim.clock.now().toISOString()).toBe(new Date(Date.parse(NOW) + 60_000).toISOString());
  });
});
