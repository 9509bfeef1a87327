/** The national preset served over HTTP: all 83 cities, Jakarta's 9 schedule pages, the wide release everywhere. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIES } from '../../shared/tix/cities.js';
import { CitiesResponse, MoviesResponse, ScheduleResponse } from '../../shared/tix/schemas.js';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import { call, guestToken, schedulePath } from './http.js';

let sim: Simulator;
let guest: string;

beforeAll(async () => {
  sim = await startSimulator({ preset: 'national', seed: 11, now: '2026-01-19T06:00:00+07:00' });
  guest = await guestToken(sim);
});
afterAll(async () => {
  await sim?.close();
});

describe('national preset over HTTP', () => {
  it('serves the 83 real cities and the wide release in each', async () => {
    const cities = CitiesResponse.parse((await call(sim, '/v1/cities?name=', { token: guest })).json).data;
    expect(cities).toHaveLength(83);
    expect(new Map(cities.map((c) => [c.id, c.name]))).toEqual(new Map(CITIES.map((c) => [c.id, c.name])));
    const answers = await Promise.all(
      cities.map((c) => call(sim, `/v1/movies?city_id=${c.id}&movie_type=NOW_PLAYING&timezone=7`, { token: guest })),
    );
    for (const a of answers) {
      const movies = MoviesResponse.parse(a.json).data;
      expect(movies.map((m) => m.movie_id)).toContain(sim.data.wideReleaseId);
    }
  });

  it('pages Jakarta’s wide release over 9 pages of 10 theatres (87 theatres), every showtime once', async () => {
    const jakarta = CITIES.find((c) => c.name === 'JAKARTA')!.id;
    const seen: string[] = [];
    let pages = 0;
    for (let page = 1; ; page++) {
      const d = ScheduleResponse.parse(
        (await call(sim, schedulePath(sim.data.wideReleaseId, jakarta, '2026-01-19', page), { token: guest })).json,
      ).data;
      pages++;
      expect(d.theaters.length).toBe(d.has_next ? 10 : 7);
      for (const t of d.theaters) for (const g of t.price_groups) for (const s of g.show_time) seen.push(s.id);
      if (!d.has_next) break;
    }
    expect(pages).toBe(9);
    const truth = sim.data.showtimes
      .filter((s) => s.movieId === sim.data.wideReleaseId && s.cityId === jakarta)
      .map((s) => s.id);
    expect(seen.sort()).toEqual(truth.sort());
  });
});
