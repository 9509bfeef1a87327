import { describe, expect, it } from 'vitest';
import { makeRunId } from '../../shared/run/ids.js';
import { routeOf } from '../../shared/store/documents.js';

describe('run ids', () => {
  it('match the contract and the store route, with optional milliseconds', () => {
    const at = new Date('2026-01-18T23:00:07.042Z');
    expect(makeRunId('movies', at)).toBe('2026-01-18T23-00-07_movies');
    expect(makeRunId('seats', at, 42)).toBe('2026-01-18T23-00-07-042_seats');
    expect(makeRunId('seats', at, undefined, 'jit')).toBe('2026-01-18T23-00-07_seats_jit');
    for (const id of [makeRunId('movies', at), makeRunId('summary', at, 999)]) {
      expect(routeOf(`scraper_runs/${id}`)?.name).toBe('scraper_run');
    }
    for (const id of [makeRunId('movies', at), makeRunId('health', at, 999), makeRunId('seats', at, 7, 'morning')]) {
      expect(routeOf(`run_log/${id}`)?.name).toBe('run_log');
    }
  });
});
