/**
 * One line per cause (issue 13, item 3): failures grouped by cause in the log, the run record and
 * the step summary; network errors with their code and host; GitHub annotations; the log fixes
 * (no duplicated `name` key, counts not redacted, NO_COLOR, one debug line per request).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import { colorize, createLogger } from '../shared/log.js';
import { annotationLines, causeOf, groupErrors, RunRecorder } from '../shared/run.js';
import { FileStore } from '../shared/store/file-store.js';
import { createTixClient } from '../shared/tix/client.js';
import { TixError } from '../shared/tix/errors.js';
import { startSimulator, type Simulator } from '../scripts/tix-sim/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function capture(level = 'debug') {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, cb) {
      raw.push(...chunk.toString().split('\n').filter((l) => l.trim()));
      cb();
    },
  });
  const log = createLogger({ level, format: 'json', destination });
  return { log, raw, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cineradar-cause-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const dns = (city: string, id: string) =>
  new TixError('movies', `GET /v1/movies?city_id=${id}&movie_type=NOW_PLAYING&timezone=7`, undefined, 'NETWORK', 'network error: ENOTFOUND: getaddrinfo ENOTFOUND api-b2b.tix.id (5 attempts)', 5);

describe('failures grouped by cause', () => {
  it('83 cities failing on one DNS error are one cause, with a count and three examples', () => {
    const errors = Array.from({ length: 83 }, (_, i) => ({ scope: 'city', name: `CITY ${i}`, reason: `TixError: ${dns(`CITY ${i}`, String(973818511000000000 + i)).message}` }));
    errors.push({ scope: 'city', name: 'MEDAN', reason: 'TixError: movies GET /v1/movies?city_id=1: HTTP 500 (gave up after 5 attempts)' });
    const groups = groupErrors(errors);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toEqual({
      scope: 'city',
      cause: 'TixError: movies GET /v1/movies?…: network error: ENOTFOUND: getaddrinfo ENOTFOUND api-b2b.tix.id (5 attempts)',
      count: 83,
      examples: ['CITY 0', 'CITY 1', 'CITY 2'],
    });
    expect(causeOf('BANDUNG', 'BANDUNG: no movie list stored for 2026-01-19')).toBe('{item}: no movie list stored for {date}');
    expect(causeOf('x', 'HTTP 503 after 2000 ms on showtime 1905400416777759959')).toBe('HTTP 503 after 2000 ms on showtime {id}');
  });

  it('the recorder logs the first failure of a cause at WARN and one line per cause at the end; record and summary hold the groups', async () => {
    const { log, raw, lines } = capture();
    const annotations: string[] = [];
    const store = new FileStore({ dataDir: join(dir, 'data') });
    const run = new RunRecorder({ runType: 'movies', store, clock: new FixedClock('2026-01-18T23:00:00Z'), log, date: '2026-01-19', annotate: (l) => annotations.push(l) });
    for (let i = 0; i < 83; i++) run.fail('city', `CITY ${i}`, dns(`CITY ${i}`, String(973818511000000000 + i)));
    const s = await run.finish({ published: 0 });
    const warns = lines().filter((l) => l.level === 40);
    expect(warns.filter((l) => /^city CITY/.test(String(l.msg)))).toHaveLength(1);
    const errorLines = lines().filter((l) => l.level === 50).map((l) => String(l.msg));
    expect(errorLines).toContain('83 × city: TixError: movies GET /v1/movies?…: network error: ENOTFOUND: getaddrinfo ENOTFOUND api-b2b.tix.id (5 attempts) (e.g. CITY 0, CITY 1, CITY 2, …)');
    // the final statistics line of a failed run is an ERROR with its reason
    expect(errorLines.some((m) => /^movies run failed .* — nothing published \(83 failures\)$/.test(m))).toBe(true);
    // no line carries the key `name` twice (pino's logger name is the only `name`)
    for (const l of raw) expect(l.match(/"name":/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect((s.document.error_groups as unknown[]).length).toBe(1);
    expect(s.markdown).toContain('| 83 | city | TixError: movies GET /v1/movies?…: network error: ENOTFOUND');
    expect(s.markdown.match(/CITY \d+/g)).toHaveLength(3);
    expect(annotations[0]).toBe('::error title=CineRadar movies failed::nothing published (83 failures)');
    expect(annotations[1]).toMatch(/^::warning title=CineRadar movies: 83 city failed::83 × city: .*ENOTFOUND/);
    expect(annotations).toHaveLength(2);
  });

  it('annotations escape newlines and percent signs, and a success has none', () => {
    expect(annotationLines({ runType: 'seats', status: 'success', groups: [] })).toEqual([]);
    expect(annotationLines({ runType: 'seats', status: 'failed', reason: '50% failed\nsecond line', groups: [] })).toEqual([
      '::error title=CineRadar seats failed::50%25 failed%0Asecond line',
    ]);
  });
});

describe('log fixes', () => {
  it('a count under a secret-looking key is kept; a secret string is still redacted', () => {
    const { log, lines } = capture();
    log.info({ failed: { token: 3 }, skipped: { token: 0 }, token: 'opaque-secret-value' }, 'counts');
    const [l] = lines();
    expect(l!.failed).toEqual({ token: 3 });
    expect(l!.skipped).toEqual({ token: 0 });
    expect(l!.token).toBe('[redacted]');
  });

  it('NO_COLOR turns colour off in pretty output', () => {
    expect(colorize({})).toBe(true);
    expect(colorize({ NO_COLOR: '1' })).toBe(false);
    expect(colorize({ NO_COLOR: '' })).toBe(true);
  });
});

describe('the client', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ preset: 'tiny', now: '2026-01-19T06:00:00+07:00', clockMode: 'frozen', loginDelayMs: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('LOG_LEVEL=debug: one line per request with method, path, status, ms and attempt, never a token', async () => {
    const { log, raw, lines } = capture('debug');
    const config = loadConfig({ TIX_API_BASE: sim.apiBase, TIX_APP_BASE: sim.appBase, TIX_RPS: '400', TIX_CONCURRENCY: '4' }, false);
    const client = createTixClient({ config, log, clock: sim.clock, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    try {
      await client.cities();
    } finally {
      client.close();
    }
    const req = lines().filter((l) => typeof l.request === 'string' && typeof l.ms === 'number');
    expect(req.map((l) => [l.request, l.status, l.attempt])).toEqual([
      ['POST /v1/auth', '200', 1],
      ['GET /v1/cities?name=', '200', 1],
    ]);
    expect(String(req[1]!.msg)).toMatch(/^GET \/v1\/cities\?name= → 200 in \d+ ms \(attempt 1\)$/);
    expect(raw.join('\n')).not.toMatch(/Bearer|eyJ[A-Za-z0-9_-]{5,}\./);
  });

  it('a network error keeps its code and host', async () => {
    const { log } = capture('warn');
    const config = loadConfig({ TIX_API_BASE: 'http://127.0.0.1:9', TIX_APP_BASE: 'http://127.0.0.1:9', TIX_RPS: '400', TIX_CONCURRENCY: '4' }, false);
    const client = createTixClient({ config, log, clock: sim.clock, retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 1 } });
    try {
      const err = (await client.cities().catch((e: unknown) => e)) as TixError;
      expect(err).toBeInstanceOf(TixError);
      expect(err.message).toMatch(/network error: ECONNREFUSED: .*127\.0\.0\.1:9.*\(2 attempts\)$/);
    } finally {
      client.close();
    }
  });
});

describe('the start-up line', () => {
  it('names store, project, API host, date and limits', async () => {
    const { startupLine } = await import('../shared/runtime.js');
    const config = loadConfig(
      { TIX_API_BASE: 'https://api-b2b.tix.id', TIX_RPS: '20', TIX_CONCURRENCY: '8', FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080', FIREBASE_PROJECT_ID: 'demo-x' },
      false,
    );
    expect(startupLine(config, new FixedClock('2026-01-18T23:30:00Z'))).toBe(
      'store: firestore project demo-x (emulator 127.0.0.1:8080); API host: api-b2b.tix.id; date: 2026-01-19 (Asia/Jakarta); limits: 20 req/s, 8 concurrent',
    );
  });
});
