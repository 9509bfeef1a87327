import { describe, expect, it } from 'vitest';
import { normaliseRequestStats, subtractStats, type EndpointCounters } from '../../shared/run/request-stats.js';

/** The counters of one endpoint as the TIX client's stats() has them. */
const counters = (
  requests: number,
  retries: number,
  failures: number,
  bytes: number,
  p50?: number,
  p95?: number,
): EndpointCounters => ({
  requests,
  retries,
  failures,
  bytes,
  ...(p50 === undefined ? {} : { latencyMs: { p50, p95: p95! } }),
});

describe('request statistics', () => {
  it('reduces the client statistics to the run figures (endpoints, total or their sum, rate)', () => {
    const summed = normaliseRequestStats(
      {
        endpoints: { cities: counters(1, 0, 0, 4_000, 80.4, 80.4), movies: counters(83, 4, 2, 1_200_000, 120, 410.7) },
      },
      10_000,
    )!;
    expect(summed).toMatchObject({ requests: 84, retries: 4, failures: 2, bytes: 1_204_000, per_second: 8.4 });
    expect(summed.endpoints.cities).toEqual({
      requests: 1,
      retries: 0,
      failures: 0,
      bytes: 4000,
      p50_ms: 80,
      p95_ms: 80,
    });
    expect(summed.endpoints.movies).toMatchObject({ p50_ms: 120, p95_ms: 411 });

    const withTotal = normaliseRequestStats(
      { endpoints: { layout: counters(10, 1, 0, 5, 9, 30) }, total: counters(12, 1, 1, 7) },
      4000,
    )!;
    expect(withTotal).toMatchObject({ requests: 12, retries: 1, failures: 1, bytes: 7, per_second: 3 });
    expect(Object.keys(withTotal.endpoints)).toEqual(['layout']);
    expect(withTotal.endpoints.layout).toMatchObject({ p50_ms: 9, p95_ms: 30 });

    // the shape of the TIX client's stats(): endpoints, total, limiter and breaker side by side
    const ep = (requests: number, p50: number) => ({
      calls: requests,
      requests,
      retries: 0,
      failures: 0,
      schemaErrors: 0,
      blocked: 0,
      status: { '200': requests },
      bytes: requests * 10,
      latencyMs: { p50, p95: p50 * 2, max: p50 * 3, mean: p50 },
    });
    const stats = {
      endpoints: {
        auth: ep(1, 30),
        refresh: ep(0, 0),
        cities: ep(1, 50),
        movies: ep(83, 90),
        schedules: ep(0, 0),
        layout: ep(0, 0),
      },
      total: ep(85, 88),
      limiter: { rps: 10, concurrency: 4, active: 0, waiting: 0, started: 85, waitedMs: 1200 },
      breaker: { state: 'closed', failures: 0, retryAt: undefined },
    };
    const client = normaliseRequestStats(stats, 8500)!;
    expect(client).toMatchObject({ requests: 85, bytes: 850, per_second: 10 });
    expect(Object.keys(client.endpoints)).toEqual(['auth', 'cities', 'movies']); // never-called endpoints left out
    expect(client.endpoints.movies).toEqual({
      requests: 83,
      retries: 0,
      failures: 0,
      bytes: 830,
      p50_ms: 90,
      p95_ms: 180,
    });

    expect(normaliseRequestStats(undefined, 1000)).toBeUndefined();
    // no total and no endpoint called: nothing to report
    expect(normaliseRequestStats({ endpoints: { google: counters(0, 0, 0, 0) } }, 1000)).toBeUndefined();
  });

  it("subtracts a step's starting totals: counts become its own, latency figures stay", () => {
    const start = {
      endpoints: { layout: { requests: 50, retries: 50, failures: 2, bytes: 100, latencyMs: { p50: 10, p95: 20 } } },
      total: { requests: 50, retries: 50, failures: 2, bytes: 100 },
    };
    const end = {
      endpoints: { layout: { requests: 811, retries: 811, failures: 2, bytes: 900, latencyMs: { p50: 12, p95: 30 } } },
      total: { requests: 811, retries: 811, failures: 2, bytes: 900 },
    };
    expect(subtractStats(end, start)).toEqual({
      endpoints: { layout: { requests: 761, retries: 761, failures: 0, bytes: 800, latencyMs: { p50: 12, p95: 30 } } },
      total: { requests: 761, retries: 761, failures: 0, bytes: 800 },
    });
  });
});
