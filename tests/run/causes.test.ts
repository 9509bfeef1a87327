/**
 * One line per cause: failures grouped by cause in the log, the run record and the step summary,
 * network errors with their code and host.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import {
  addToGroups,
  causeOf,
  groupLine,
  mergeScopes,
  sortGroups,
  type ErrorGroup,
  type RunError,
} from '../../shared/run/causes.js';
import { RunRecorder } from '../../shared/run/recorder.js';
import { FileStore } from '../../shared/store/file-store.js';
import { TixError } from '../../shared/tix/errors.js';
import { captureLog } from '../helpers/log-capture.js';

/** Failures grouped as the recorder groups them as they come (`RunRecorder.fail`). */
function groupErrors(errors: readonly RunError[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const e of errors) addToGroups(groups, e.scope, e.name, e.reason);
  return sortGroups(groups);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cineradar-cause-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A movies run for 2026-01-19 recording into a file store under the test's directory. */
function moviesRun(dataDir: string, log: Logger, annotate?: (line: string) => void): RunRecorder {
  const store = new FileStore({ dataDir: join(dir, dataDir) });
  const clock = new FixedClock('2026-01-18T23:00:00Z');
  return new RunRecorder({ runType: 'movies', store, clock, log, date: '2026-01-19', annotate });
}

const dns = (city: string, id: string) =>
  new TixError(
    'movies',
    `GET /v1/movies?city_id=${id}&movie_type=NOW_PLAYING&timezone=7`,
    undefined,
    'NETWORK',
    'network error: ENOTFOUND: getaddrinfo ENOTFOUND api-b2b.tix.id (5 attempts)',
    5,
  );

describe('failures grouped by cause', () => {
  it('83 cities failing on one DNS error are one cause, with a count and three examples', () => {
    const errors = Array.from({ length: 83 }, (_, i) => ({
      scope: 'city',
      name: `CITY ${i}`,
      reason: `TixError: ${dns(`CITY ${i}`, String(973818511000000000 + i)).message}`,
    }));
    errors.push({
      scope: 'city',
      name: 'MEDAN',
      reason: 'TixError: movies GET /v1/movies?city_id=1: HTTP 500 (gave up after 5 attempts)',
    });
    const groups = groupErrors(errors);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toEqual({
      scope: 'city',
      cause:
        'TixError: movies GET /v1/movies?…: network error: ENOTFOUND: getaddrinfo ENOTFOUND api-b2b.tix.id (5 attempts)',
      count: 83,
      examples: ['CITY 0', 'CITY 1', 'CITY 2'],
    });
    expect(causeOf('BANDUNG', 'BANDUNG: no movie list stored for 2026-01-19')).toBe(
      '{item}: no movie list stored for {date}',
    );
    expect(causeOf('x', 'HTTP 503 after 2000 ms on showtime 1905400416777759959')).toBe(
      'HTTP 503 after 2000 ms on showtime {id}',
    );
  });

  it('a port is part of the host, not an id: no {id} placeholder in a host', () => {
    expect(causeOf('AMBON', 'timed out after 10000 ms (host 127.0.0.1:33373) (5 attempts)')).toBe(
      'timed out after 10000 ms (host 127.0.0.1:33373) (5 attempts)',
    );
    expect(causeOf('x', 'ECONNREFUSED localhost:54321; showtime 1905400416777759959')).toBe(
      'ECONNREFUSED localhost:54321; showtime {id}',
    );
  });

  it('one cause over several scopes is one final line', () => {
    const cause = 'TixBlockedError: blocked: TIX.id at 127.0.0.1:9 does not answer (3 attempts)';
    const groups = groupErrors([
      { scope: 'cities', name: 'GET /v1/cities', reason: cause },
      ...['AMBON', 'BALI', 'BANDUNG', 'BATAM'].map((name) => ({ scope: 'city', name, reason: cause })),
      { scope: 'city', name: 'MEDAN', reason: 'HTTP 500' },
    ]);
    expect(groups).toHaveLength(3);
    expect(mergeScopes(groups).map(groupLine)).toEqual([
      `5 × city, cities: ${cause} (e.g. AMBON, BALI, BANDUNG, …)`,
      '1 × city: HTTP 500 (e.g. MEDAN)',
    ]);
  });

  it('the first failure of a cause is said once at WARN, whatever its scope; the end says it once', async () => {
    const { log, lines } = captureLog();
    const run = moviesRun('data-scopes', log);
    const reason = 'blocked: TIX.id at 127.0.0.1:9 does not answer (3 attempts)';
    run.fail('cities', 'GET /v1/cities', reason);
    for (const c of ['AMBON', 'BALI']) run.fail('city', c, reason);
    await run.finish({ published: 0 });
    const saying = lines().filter((l) => Number(l.level) >= 40 && String(l.msg).includes('does not answer'));
    expect(saying.map((l) => String(l.msg))).toEqual([
      `cities GET /v1/cities failed: ${reason} (further failures of this cause are counted, not logged)`,
      `3 × city, cities: ${reason} (e.g. AMBON, BALI, GET /v1/cities)`,
    ]);
  });

  it('the recorder logs the first failure of a cause at WARN and one line per cause at the end; record and summary hold the groups', async () => {
    const { log, raw, lines } = captureLog();
    const annotations: string[] = [];
    const run = moviesRun('data', log, (l) => annotations.push(l));
    for (let i = 0; i < 83; i++) run.fail('city', `CITY ${i}`, dns(`CITY ${i}`, String(973818511000000000 + i)));
    const s = await run.finish({ published: 0 });
    const warns = lines().filter((l) => l.level === 40);
    expect(warns.filter((l) => /^city CITY/.test(String(l.msg)))).toHaveLength(1);
    const errorLines = lines()
      .filter((l) => l.level === 50)
      .map((l) => String(l.msg));
    expect(errorLines).toContain(
      '83 × city: TixError: movies GET /v1/movies?…: network error: ENOTFOUND: getaddrinfo ENOTFOUND api-b2b.tix.id (5 attempts) (e.g. CITY 0, CITY 1, CITY 2, …)',
    );
    // the final statistics line of a failed run is an ERROR with its reason
    expect(errorLines.some((m) => /^movies run failed .* — nothing published \(83 failures\)$/.test(m))).toBe(true);
    // no line carries the key `name` twice (pino's logger name is the only `name`)
    for (const l of raw()) expect(l.match(/"name":/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect((s.document.error_groups as unknown[]).length).toBe(1);
    expect(s.markdown).toContain('| 83 | city | TixError: movies GET /v1/movies?…: network error: ENOTFOUND');
    expect(s.markdown.match(/CITY \d+/g)).toHaveLength(3);
    expect(annotations[0]).toBe('::error title=CineRadar movies failed::nothing published (83 failures)');
    expect(annotations[1]).toMatch(/^::warning title=CineRadar movies: 83 city failed::83 × city: .*ENOTFOUND/);
    expect(annotations).toHaveLength(2);
  });
});
