import { describe, expect, it } from 'vitest';
import { jitHourDocId, jitHourOf, mergeJitPass, type JitPass } from '../../shared/run/monitor.js';
import { checkDocument, routeOf } from '../../shared/store/documents.js';

const pass = (
  runId: string,
  startIso: string,
  status: JitPass['status'],
  scraped: number,
  movies?: number,
): JitPass => ({
  runId,
  status,
  date: '2026-01-19',
  startedAt: new Date(startIso),
  finishedAt: new Date(Date.parse(startIso) + 60_000),
  showtimesScraped: scraped,
  showtimesSuccess: scraped - 1,
  day:
    movies === undefined ? {} : { movies, cities: 83, theatres_total: 494, theatres_success: 490, theatres_failed: 4 },
});

describe("the admin's Scraper Monitor documents", () => {
  it('the JIT hour of an instant and its aggregate id are those of the Asia/Jakarta hour', () => {
    const at = new Date('2026-01-19T06:47:12Z'); // 13:47 WIB
    expect(jitHourOf(at)).toBe('2026-01-19T13');
    expect(jitHourDocId(at)).toBe('2026-01-19T06-00-00_seats');
    expect(jitHourOf(new Date('2026-01-19T17:15:00Z'))).toBe('2026-01-20T00'); // after midnight WIB
    expect(routeOf(`scraper_runs/${jitHourDocId(at)}`)?.name).toBe('scraper_run');
  });

  it('merges JIT passes into one hour document: sums, worst status, first timestamp, each pass once', () => {
    const a = mergeJitPass(undefined, pass('p1', '2026-01-19T06:15:00Z', 'success', 10, 29))!;
    expect(a).toMatchObject({
      run_type: 'seats',
      mode: 'jit',
      status: 'success',
      timestamp: '2026-01-19T06:15:00.000Z',
      passes: 1,
      showtimes_scraped: 10,
      movies: 29,
      jit_hour: '2026-01-19T13',
    });
    const b = mergeJitPass(a, pass('p2', '2026-01-19T06:30:00Z', 'partial', 20))!;
    expect(b).toMatchObject({
      status: 'partial',
      timestamp: '2026-01-19T06:15:00.000Z',
      passes: 2,
      showtimes_scraped: 30,
      showtimes_success: 28,
      movies: 29,
      last_pass_at: '2026-01-19T06:31:00.000Z',
    });
    expect(mergeJitPass(b, pass('p2', '2026-01-19T06:30:00Z', 'partial', 20))).toBeUndefined();
    const c = mergeJitPass(b, pass('p0', '2026-01-19T06:00:00Z', 'failed', 5))!; // an earlier pass finishing late
    expect(c).toMatchObject({
      status: 'failed',
      timestamp: '2026-01-19T06:00:00.000Z',
      passes: 3,
      failed_passes: 1,
      last_pass_at: '2026-01-19T06:31:00.000Z',
    });
    expect(() => checkDocument(`scraper_runs/${jitHourDocId(new Date('2026-01-19T06:00:00Z'))}`, c)).not.toThrow();
  });

  it("an hour's aggregate carries the day's theatres succeeded and failed with the total (the admin shows success/total)", () => {
    const a = mergeJitPass(undefined, pass('p1', '2026-01-19T06:15:00Z', 'success', 10, 29))!;
    expect(a).toMatchObject({ theatres_total: 494, theatres_success: 490, theatres_failed: 4 });
    // a later pass that found no movies run keeps the counts the hour already holds
    expect(mergeJitPass(a, pass('p2', '2026-01-19T06:30:00Z', 'success', 20))).toMatchObject({
      theatres_total: 494,
      theatres_success: 490,
      theatres_failed: 4,
    });
  });
});
