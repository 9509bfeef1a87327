import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { createLogger } from '../shared/log.js';
import {
  deriveStatus,
  ERROR_SAMPLE_SIZE,
  exitCodeOf,
  jitHourDocId,
  jitHourOf,
  makeRunId,
  mergeJitPass,
  normaliseRequestStats,
  RunRecorder,
  subtractStats,
} from '../shared/run.js';
import { checkDocument, routeOf } from '../shared/store/documents.js';
import { FileStore } from '../shared/store/file-store.js';
import type { Store } from '../shared/store/store.js';
import { clearProject, emulatorHost, emulatorStore, readRestDocument, testProject } from './helpers/firestore.js';

function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: createLogger({ format: 'json', destination, level: 'debug' }), lines };
}

/** A JWT-shaped string made at test time, to prove it never reaches the document or the summary. */
function fakeJwt(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', n: randomBytes(8).toString('hex') })}.${randomBytes(16).toString('base64url')}`;
}

const CLIENT_STATS = {
  cities: { requests: 1, retries: 0, failures: 0, bytes: 4_000, p50: 80.4, p95: 80.4 },
  movies: { requests: 83, retries: 4, failures: 2, bytes: 1_200_000, latency: { p50: 120, p95: 410.7 } },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cineradar-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pure parts', () => {
  it('run ids match the contract and the store route, with optional milliseconds', () => {
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

  it('derives the status from what was published and what failed', () => {
    expect(deriveStatus(0, 0)).toBe('failed');
    expect(deriveStatus(false, 3)).toBe('failed');
    expect(deriveStatus(12, 0)).toBe('success');
    expect(deriveStatus(true, 0)).toBe('success');
    expect(deriveStatus(12, 1)).toBe('partial');
    expect([exitCodeOf('success'), exitCodeOf('partial'), exitCodeOf('failed')]).toEqual([0, 0, 1]);
    expect([exitCodeOf('cancelled', 'SIGINT'), exitCodeOf('cancelled', 'SIGTERM')]).toEqual([130, 143]);
  });

  it('normalises loose client statistics (flat, nested, with a total)', () => {
    const flat = normaliseRequestStats(CLIENT_STATS, 10_000)!;
    expect(flat).toMatchObject({ requests: 84, retries: 4, failures: 2, bytes: 1_204_000, per_second: 8.4 });
    expect(flat.endpoints.cities).toEqual({ requests: 1, retries: 0, failures: 0, bytes: 4000, p50_ms: 80, p95_ms: 80 });
    expect(flat.endpoints.movies).toMatchObject({ p50_ms: 120, p95_ms: 411 });

    const nested = normaliseRequestStats(
      { endpoints: { layout: { requests: 10, retries: 1, failures: 0, bytes: 5, p50Ms: 9, p95Ms: 30 } }, total: { requests: 12, retries: 1, failures: 1, bytes: 7 } },
      4000,
    )!;
    expect(nested).toMatchObject({ requests: 12, retries: 1, failures: 1, bytes: 7, per_second: 3 });
    expect(Object.keys(nested.endpoints)).toEqual(['layout']);
    expect(nested.endpoints.layout).toMatchObject({ p50_ms: 9, p95_ms: 30 });

    // the shape of the TIX client's stats(): endpoints, total, limiter and breaker side by side
    const ep = (requests: number, p50: number) => ({
      calls: requests, requests, retries: 0, failures: 0, schemaErrors: 0, blocked: 0, status: { '200': requests }, bytes: requests * 10,
      latencyMs: { p50, p95: p50 * 2, max: p50 * 3, mean: p50 },
    });
    const client = normaliseRequestStats(
      {
        endpoints: { auth: ep(1, 30), refresh: ep(0, 0), cities: ep(1, 50), movies: ep(83, 90), schedules: ep(0, 0), layout: ep(0, 0) },
        total: ep(85, 88),
        limiter: { rps: 10, concurrency: 4, active: 0, waiting: 0, started: 85, waitedMs: 1200 },
        breaker: { state: 'closed', failures: 0, retryAt: undefined },
      },
      8500,
    )!;
    expect(client).toMatchObject({ requests: 85, bytes: 850, per_second: 10 });
    expect(Object.keys(client.endpoints)).toEqual(['auth', 'cities', 'movies']); // never-called endpoints left out
    expect(client.endpoints.movies).toEqual({ requests: 83, retries: 0, failures: 0, bytes: 830, p50_ms: 90, p95_ms: 180 });

    expect(normaliseRequestStats(undefined, 1000)).toBeUndefined();
  });

  it("subtracts a step's starting totals: counts become its own, latency figures stay", () => {
    const start = { endpoints: { layout: { requests: 50, retries: 50, failures: 2, bytes: 100, latencyMs: { p50: 10, p95: 20 } } }, total: { requests: 50, retries: 50, failures: 2, bytes: 100 } };
    const end = { endpoints: { layout: { requests: 811, retries: 811, failures: 2, bytes: 900, latencyMs: { p50: 12, p95: 30 } } }, total: { requests: 811, retries: 811, failures: 2, bytes: 900 } };
    expect(subtractStats(end, start)).toEqual({
      endpoints: { layout: { requests: 761, retries: 761, failures: 0, bytes: 800, latencyMs: { p50: 12, p95: 30 } } },
      total: { requests: 761, retries: 761, failures: 0, bytes: 800 },
    });
  });

  it('the JIT hour of an instant and its aggregate id are those of the Asia/Jakarta hour', () => {
    const at = new Date('2026-01-19T06:47:12Z'); // 13:47 WIB
    expect(jitHourOf(at)).toBe('2026-01-19T13');
    expect(jitHourDocId(at)).toBe('2026-01-19T06-00-00_seats');
    expect(jitHourOf(new Date('2026-01-19T17:15:00Z'))).toBe('2026-01-20T00'); // after midnight WIB
    expect(routeOf(`scraper_runs/${jitHourDocId(at)}`)?.name).toBe('scraper_run');
  });

  it('merges JIT passes into one hour document: sums, worst status, first timestamp, each pass once', () => {
    const pass = (runId: string, startIso: string, status: 'success' | 'partial' | 'failed', scraped: number, movies?: number) => ({
      runId,
      status,
      date: '2026-01-19',
      startedAt: new Date(startIso),
      finishedAt: new Date(Date.parse(startIso) + 60_000),
      showtimesScraped: scraped,
      showtimesSuccess: scraped - 1,
      day: movies === undefined ? {} : { movies, cities: 83, theatres_total: 494 },
    });
    const a = mergeJitPass(undefined, pass('p1', '2026-01-19T06:15:00Z', 'success', 10, 29))!;
    expect(a).toMatchObject({ run_type: 'seats', mode: 'jit', status: 'success', timestamp: '2026-01-19T06:15:00.000Z', passes: 1, showtimes_scraped: 10, movies: 29, jit_hour: '2026-01-19T13' });
    const b = mergeJitPass(a, pass('p2', '2026-01-19T06:30:00Z', 'partial', 20))!;
    expect(b).toMatchObject({ status: 'partial', timestamp: '2026-01-19T06:15:00.000Z', passes: 2, showtimes_scraped: 30, showtimes_success: 28, movies: 29, last_pass_at: '2026-01-19T06:31:00.000Z' });
    expect(mergeJitPass(b, pass('p2', '2026-01-19T06:30:00Z', 'partial', 20))).toBeUndefined();
    const c = mergeJitPass(b, pass('p0', '2026-01-19T06:00:00Z', 'failed', 5))!; // an earlier pass finishing late
    expect(c).toMatchObject({ status: 'failed', timestamp: '2026-01-19T06:00:00.000Z', passes: 3, failed_passes: 1, last_pass_at: '2026-01-19T06:31:00.000Z' });
    expect(() => checkDocument(`scraper_runs/${jitHourDocId(new Date('2026-01-19T06:00:00Z'))}`, c)).not.toThrow();
    expect(normaliseRequestStats({ nothing: 'here' }, 1000)).toBeUndefined();
  });
});

/** The same behaviour against both stores. */
function recorderSuite(name: string, makeStore: () => Promise<Store>, readRaw?: (path: string) => Promise<Record<string, unknown>>) {
  describe(`RunRecorder with the ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('writes a partial movies run with contract counts, failures, skips, requests and notes', async () => {
      const clock = new FixedClock('2026-01-18T23:00:05.250Z');
      const { log, lines } = capturedLog();
      const summaryPath = join(dir, `${name}-summary.md`);
      await writeFile(summaryPath, '# earlier step\n');
      const run = new RunRecorder({ runType: 'movies', store, clock, log, date: '2026-01-19', stepSummaryPath: summaryPath });
      expect(run.runId).toBe('2026-01-18T23-00-05_movies');

      run.set({ movies: 120, cities: 83, presales: 7, shard: '1/1' });
      run.count('theatres_total', 40).count('theatres_success', 38).count('theatres_failed', 2);
      run.count('pages').count('pages', 9);
      const jwt = fakeJwt();
      for (let i = 0; i < ERROR_SAMPLE_SIZE + 5; i++) run.fail('city', `CITY ${i}`, new Error(`HTTP 503 | from /v1/movies\nAuthorization: Bearer ${jwt}`));
      run.skip('showtime', '111', 'show started');
      run.skip('showtime', '112', 'show started');
      clock.advance(83_500);

      const summary = await run.finish({ published: 2, requestStats: CLIENT_STATS, notes: 'latest held back: 25 of 83 cities failed' });
      expect(summary).toMatchObject({
        status: 'partial',
        exitCode: 0,
        durationMs: 83_500,
        recorded: true,
        path: `run_log/${run.runId}`,
        adminPath: `scraper_runs/${run.runId}`,
      });

      const doc = (await store.get(summary.path))!;
      expect(doc).toBeDefined();
      // a movies run is the one kind the admin gets in full: the same record in both collections
      expect(await store.get(summary.adminPath!)).toEqual(doc);
      expect(() => checkDocument(summary.path, doc)).not.toThrow();
      expect(doc).toMatchObject({
        run_id: '2026-01-18T23-00-05_movies',
        run_type: 'movies',
        status: 'partial',
        timestamp: '2026-01-18T23:00:05.250Z',
        finished_at: '2026-01-18T23:01:28.750Z',
        date: '2026-01-19',
        duration_ms: 83_500,
        movies: 120,
        cities: 83,
        presales: 7,
        theatres_total: 40,
        theatres_success: 38,
        theatres_failed: 2,
        shard: '1/1',
        counts: { pages: 10 },
        failed: { city: ERROR_SAMPLE_SIZE + 5 },
        skipped: { showtime: 2 },
        error_count: ERROR_SAMPLE_SIZE + 5,
        skip_reasons: { 'showtime: show started': 2 },
        notes: ['latest held back: 25 of 83 cities failed'],
        requests: { requests: 84, retries: 4, failures: 2, bytes: 1_204_000, per_second: 1 },
      });
      const errors = doc.errors as { scope: string; name: string; reason: string }[];
      expect(errors).toHaveLength(ERROR_SAMPLE_SIZE);
      expect(errors[0]).toEqual({ scope: 'city', name: 'CITY 0', reason: expect.stringContaining('HTTP 503 | from /v1/movies') });
      const serialised = JSON.stringify(doc);
      expect(serialised).not.toContain(jwt);
      expect(serialised).not.toContain(jwt.split('.')[2]);

      // Markdown appended after what was already there, readable, and free of the secret.
      const md = await readFile(summaryPath, 'utf8');
      expect(md.startsWith('# earlier step\n')).toBe(true);
      expect(md).toContain('## ⚠️ CineRadar movies run: partial');
      expect(md).toContain('| Duration | 1m 24s |');
      expect(md).toContain('| Requests | 84 (1 req/s), 4 retries, 2 failed, 1.1 MiB |');
      expect(md).toContain('| movies | 120 |');
      expect(md).toContain(`### Failures (${ERROR_SAMPLE_SIZE + 5})`);
      // one row per cause, not per city
      expect(md).toContain('| 25 | city | Error: HTTP 503 \\| from /v1/movies Authorization: Bearer [redacted] | CITY 0, CITY 1, CITY 2, … |');
      expect(md).not.toContain('CITY 3');
      expect(md).toContain('| showtime: show started | 2 |');
      expect(md).toContain('| movies | 83 | 4 | 2 | 1.1 MiB | 120 ms | 411 ms |');
      expect(md).toContain('- latest held back: 25 of 83 cities failed');
      expect(md).not.toContain(jwt);
      expect(summary.markdown).toBe(md.slice('# earlier step\n'.length));

      // one final statistics line
      // the log: one WARN line for the first failure of the cause, one line of the cause at the end
      expect(lines.filter((l) => l.level === 40 && /^city CITY \d+ failed/.test(String(l.msg)))).toHaveLength(1);
      expect(lines.filter((l) => String(l.msg).startsWith('25 × city: Error: HTTP 503'))).toHaveLength(1);
      expect(lines.filter((l) => 'name' in l && l.name !== 'cineradar').map((l) => l.msg)).toEqual([]);
      expect(doc.error_groups).toEqual([{ scope: 'city', cause: expect.stringContaining('HTTP 503'), count: 25, examples: ['CITY 0', 'CITY 1', 'CITY 2'] }]);
      const final = lines.filter((l) => l.run_id === run.runId && l.status === 'partial');
      expect(final).toHaveLength(1);
      expect(final[0]!.msg).toMatch(/^movies run partial in 1m 24s, movies=120 cities=83 .* failed=25, skipped=2, requests=84 \(1\/s, 4 retries\)$/);
      expect(lines.some((l) => JSON.stringify(l).includes(jwt))).toBe(false);

      if (readRaw) {
        // What the admin reads through the REST API: counts are integerValue, instants stringValue.
        const fields = await readRaw(summary.path);
        for (const f of ['movies', 'cities', 'presales', 'theatres_total', 'theatres_success', 'theatres_failed', 'duration_ms']) {
          expect(fields[f], f).toHaveProperty('integerValue');
        }
        expect(fields.timestamp).toEqual({ stringValue: '2026-01-18T23:00:05.250Z' });
        expect(fields.date).toEqual({ stringValue: '2026-01-19' });
        expect(fields.status).toEqual({ stringValue: 'partial' });
        expect(fields.run_type).toEqual({ stringValue: 'movies' });
      }
    });

    it('a seats run that published nothing is failed with exit code 1; a forced status wins', async () => {
      const clock = new FixedClock('2026-01-19T05:15:00Z');
      const { log } = capturedLog();
      const run = new RunRecorder({ runType: 'seats', store, clock, log, date: '2026-01-19' });
      run.set({ showtimes_scraped: 0, showtimes_success: 0, mode: 'jit' });
      const s = await run.finish({ published: 0 });
      expect(s).toMatchObject({ status: 'failed', exitCode: 1, recorded: true, path: `run_log/${run.runId}` });
      expect(s.adminPath).toBeUndefined(); // no `mode` given to the recorder: not a JIT pass, not aggregated
      expect(await store.get(s.path)).toMatchObject({ run_type: 'seats', status: 'failed', showtimes_scraped: 0, showtimes_success: 0, mode: 'jit' });
      await expect(run.finish({ published: 0 })).rejects.toThrow(/already finished/);

      const forced = new RunRecorder({ runType: 'seats', store, clock: new FixedClock('2026-01-19T05:30:00Z'), log, date: '2026-01-19' });
      forced.set({ showtimes_scraped: 0, showtimes_success: 0 });
      // nothing due in the window is a success, not a failure
      const f = await forced.finish({ published: 0, status: 'success', notes: ['no showtime due'] });
      expect(f).toMatchObject({ status: 'success', exitCode: 0 });
      expect((await store.get(f.path))!.status).toBe('success');
    });

    it('runs of one type started in the same second do not overwrite each other (parallel shards)', async () => {
      const { log } = capturedLog();
      const at = '2026-01-18T23:10:00.500Z';
      const runs = [1, 2, 3].map(
        (k) => new RunRecorder({ runType: 'schedules', store, clock: new FixedClock(at), log, date: '2026-01-19' }).set({ shard: `${k}/3`, movies: k }),
      );
      const done = await Promise.all(runs.map((r) => r.finish({ published: 1 })));
      const ids = done.map((d) => d.runId);
      expect(new Set(ids).size).toBe(3);
      expect(ids).toContain('2026-01-18T23-10-00_schedules');
      for (const d of done) {
        expect(d.runId).toMatch(/^2026-01-18T23-10-00(-5\d\d)?_schedules$/);
        const doc = (await store.get(d.path))!;
        expect(doc.run_id).toBe(d.runId);
        expect(doc.shard).toBe(d.document.shard);
      }
      const listed = await store.list('run_log', { where: { run_type: 'schedules' } });
      expect(await store.list('scraper_runs', { where: { run_type: 'schedules' } })).toEqual([]);
      expect(listed.filter((l) => l.id.startsWith('2026-01-18T23-10-00')).map((l) => l.data.shard).sort()).toEqual(['1/3', '2/3', '3/3']);
    });

    it("records the step's own requests (the shared client's totals minus those at its start)", async () => {
      const { log } = capturedLog();
      let totals = { total: { requests: 50, retries: 50, failures: 0, bytes: 10 } };
      const run = new RunRecorder({ runType: 'schedules', store, clock: new FixedClock('2026-01-18T23:20:00Z'), log, date: '2026-01-19', requestStats: () => totals });
      totals = { total: { requests: 811, retries: 811, failures: 3, bytes: 1010 } };
      const s = await run.finish({ published: 1, requestStats: totals });
      expect((await store.get(s.path))!.requests).toMatchObject({ requests: 761, retries: 761, failures: 3, bytes: 1000 });
    });

    it('cancel() records a cancelled run with the exit code of its signal', async () => {
      const { log } = capturedLog();
      const run = new RunRecorder({ runType: 'seats', mode: 'morning', store, clock: new FixedClock('2026-01-18T23:40:00Z'), log, date: '2026-01-19' });
      const s = await run.cancel('SIGTERM');
      expect(s).toMatchObject({ status: 'cancelled', exitCode: 143, path: 'run_log/2026-01-18T23-40-00_seats_morning' });
      expect(s.adminPath).toBeUndefined(); // a morning seat pass is not shown to the admin
      expect(await store.get(s.path)).toMatchObject({ status: 'cancelled', mode: 'morning', notes: ['cancelled by SIGTERM'] });
    });

    it('concurrent JIT passes of one hour land in one scraper_runs document, with the day movies run counts', async () => {
      const { log } = capturedLog();
      const movies = new RunRecorder({ runType: 'movies', store, clock: new FixedClock('2026-01-20T23:00:00Z'), log, date: '2026-01-21' });
      movies.set({ movies: 29, cities: 83, theatres_total: 494 });
      await movies.finish({ published: 29 });
      const passes = ['2026-01-21T05:00:00.100Z', '2026-01-21T05:00:00.200Z', '2026-01-21T05:15:00Z'].map((at, i) => {
        const r = new RunRecorder({ runType: 'seats', mode: 'jit', store, clock: new FixedClock(at), log, date: '2026-01-21' });
        return r.set({ showtimes_scraped: 10 + i, showtimes_success: 10 + i });
      });
      const done = await Promise.all(passes.map((p) => p.finish({ published: 1 })));
      expect(new Set(done.map((d) => d.adminPath))).toEqual(new Set(['scraper_runs/2026-01-21T05-00-00_seats']));
      expect(new Set(done.map((d) => d.path)).size).toBe(3);
      const hour = (await store.get('scraper_runs/2026-01-21T05-00-00_seats'))!;
      expect(hour).toMatchObject({ passes: 3, showtimes_scraped: 33, showtimes_success: 33, timestamp: '2026-01-21T05:00:00.100Z', movies: 29, cities: 83, theatres_total: 494, status: 'success', date: '2026-01-21' });
    });

    it('abort() records the crash as a failed run', async () => {
      const { log } = capturedLog();
      const run = new RunRecorder({ runType: 'summary', store, clock: new FixedClock('2026-01-19T17:05:00Z'), log, date: '2026-01-19' });
      const s = await run.abort(new TypeError('cannot read schedules/2026-01-19'));
      expect(s).toMatchObject({ status: 'failed', exitCode: 1 });
      expect(await store.get(s.path)).toMatchObject({
        status: 'failed',
        failed: { run: 1 },
        errors: [{ scope: 'run', name: 'summary', reason: 'TypeError: cannot read schedules/2026-01-19' }],
      });
    });
  });
}

recorderSuite('file store', async () => new FileStore({ dataDir: join(dir, 'data') }));

const projectId = testProject('runs');
recorderSuite(
  'Firestore emulator',
  async () => emulatorStore(projectId),
  async (path) => {
    const fields = await readRestDocument(emulatorHost(), projectId, path);
    expect(fields).toBeDefined();
    return fields!;
  },
);

describe('RunRecorder when the store fails', () => {
  it('still writes the step summary, logs the failure and keeps the exit code of the work', async () => {
    const { log, lines } = capturedLog();
    const broken = new FileStore({ dataDir: join(dir, 'data-broken') });
    broken.transaction = async () => {
      throw new Error('store unavailable');
    };
    const summaryPath = join(dir, 'broken-summary.md');
    const run = new RunRecorder({ runType: 'token', store: broken, clock: new FixedClock('2026-01-18T22:30:00Z'), log, date: '2026-01-19', stepSummaryPath: summaryPath });
    const s = await run.finish({ published: true });
    expect(s).toMatchObject({ status: 'success', exitCode: 0, recorded: false });
    expect(await readFile(summaryPath, 'utf8')).toContain('## ✅ CineRadar token run: success');
    expect(lines.some((l) => l.level === 50 && String(l.msg).includes('store unavailable'))).toBe(true);
  });
});

afterAll(async () => {
  await clearProject(projectId);
});
