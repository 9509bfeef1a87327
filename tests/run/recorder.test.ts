import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../shared/clock.js';
import { ERROR_SAMPLE_SIZE, RunRecorder } from '../../shared/run/recorder.js';
import type { ClientRequestStats } from '../../shared/run/request-stats.js';
import { checkDocument } from '../../shared/store/documents.js';
import { FileStore } from '../../shared/store/file-store.js';
import type { Store } from '../../shared/store/store.js';
import { clearProject, emulatorHost, emulatorStore, readRestDocument, testProject } from '../helpers/firestore.js';
import { captureLog } from '../helpers/log-capture.js';

/** A JWT-shaped string made at test time, to prove it never reaches the document or the summary. */
function fakeJwt(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', n: randomBytes(8).toString('hex') })}.${randomBytes(16).toString('base64url')}`;
}

/** A client's statistics at the end of a run (its start: none). */
const CLIENT_STATS: ClientRequestStats = {
  endpoints: {
    cities: { requests: 1, retries: 0, failures: 0, bytes: 4_000, latencyMs: { p50: 80.4, p95: 80.4 } },
    movies: { requests: 83, retries: 4, failures: 2, bytes: 1_200_000, latencyMs: { p50: 120, p95: 410.7 } },
  },
};
const NO_REQUESTS: ClientRequestStats = { endpoints: {} };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cineradar-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The same behaviour against both stores. */
function recorderSuite(
  name: string,
  makeStore: () => Promise<Store>,
  readRaw?: (path: string) => Promise<Record<string, unknown>>,
) {
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
      const { log, lines } = captureLog('debug');
      const summaryPath = join(dir, `${name}-summary.md`);
      await writeFile(summaryPath, '# earlier step\n');
      let stats = NO_REQUESTS;
      const run = new RunRecorder({
        runType: 'movies',
        store,
        clock,
        log,
        date: '2026-01-19',
        stepSummaryPath: summaryPath,
        requestStats: () => stats,
      });
      expect(run.runId).toBe('2026-01-18T23-00-05_movies');

      run.set({ movies: 120, cities: 83, presales: 7, shard: '1/1' });
      run.count('theatres_total', 40).count('theatres_success', 38).count('theatres_failed', 2);
      run.count('pages').count('pages', 9);
      const jwt = fakeJwt();
      for (let i = 0; i < ERROR_SAMPLE_SIZE + 5; i++)
        run.fail('city', `CITY ${i}`, new Error(`HTTP 503 | from /v1/movies\nAuthorization: Bearer ${jwt}`));
      run.skip('showtime', '111', 'show started');
      run.skip('showtime', '112', 'show started');
      clock.advance(83_500);
      stats = CLIENT_STATS;

      const summary = await run.finish({ published: 2, notes: 'latest held back: 25 of 83 cities failed' });
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
      expect(errors[0]).toEqual({
        scope: 'city',
        name: 'CITY 0',
        reason: expect.stringContaining('HTTP 503 | from /v1/movies'),
      });
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
      expect(md).toContain(
        '| 25 | city | Error: HTTP 503 \\| from /v1/movies Authorization: Bearer [redacted] | CITY 0, CITY 1, CITY 2, … |',
      );
      expect(md).not.toContain('CITY 3');
      expect(md).toContain('| showtime: show started | 2 |');
      expect(md).toContain('| movies | 83 | 4 | 2 | 1.1 MiB | 120 ms | 411 ms |');
      expect(md).toContain('- latest held back: 25 of 83 cities failed');
      expect(md).not.toContain(jwt);
      expect(summary.markdown).toBe(md.slice('# earlier step\n'.length));

      // one final statistics line
      // the log: one WARN line for the first failure of the cause, one line of the cause at the end
      expect(lines().filter((l) => l.level === 40 && /^city CITY \d+ failed/.test(String(l.msg)))).toHaveLength(1);
      expect(lines().filter((l) => String(l.msg).startsWith('25 × city: Error: HTTP 503'))).toHaveLength(1);
      expect(
        lines()
          .filter((l) => 'name' in l && l.name !== 'cineradar')
          .map((l) => l.msg),
      ).toEqual([]);
      expect(doc.error_groups).toEqual([
        {
          scope: 'city',
          cause: expect.stringContaining('HTTP 503'),
          count: 25,
          examples: ['CITY 0', 'CITY 1', 'CITY 2'],
        },
      ]);
      const final = lines().filter((l) => l.run_id === run.runId && l.status === 'partial');
      expect(final).toHaveLength(1);
      expect(final[0]!.msg).toMatch(
        /^movies run partial in 1m 24s, movies=120 cities=83 .* failed=25, skipped=2, requests=84 \(1\/s, 4 retries\)$/,
      );
      expect(lines().some((l) => JSON.stringify(l).includes(jwt))).toBe(false);

      if (readRaw) {
        // What the admin reads through the REST API: counts are integerValue, instants stringValue.
        const fields = await readRaw(summary.path);
        for (const f of [
          'movies',
          'cities',
          'presales',
          'theatres_total',
          'theatres_success',
          'theatres_failed',
          'duration_ms',
        ]) {
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
      const { log } = captureLog('debug');
      const run = new RunRecorder({ runType: 'seats', store, clock, log, date: '2026-01-19' });
      run.set({ showtimes_scraped: 0, showtimes_success: 0, mode: 'jit' });
      const s = await run.finish({ published: 0 });
      expect(s).toMatchObject({ status: 'failed', exitCode: 1, recorded: true, path: `run_log/${run.runId}` });
      expect(s.adminPath).toBeUndefined(); // no `mode` given to the recorder: not a JIT pass, not aggregated
      expect(await store.get(s.path)).toMatchObject({
        run_type: 'seats',
        status: 'failed',
        showtimes_scraped: 0,
        showtimes_success: 0,
        mode: 'jit',
      });
      await expect(run.finish({ published: 0 })).rejects.toThrow(/already finished/);

      const forced = new RunRecorder({
        runType: 'seats',
        store,
        clock: new FixedClock('2026-01-19T05:30:00Z'),
        log,
        date: '2026-01-19',
      });
      forced.set({ showtimes_scraped: 0, showtimes_success: 0 });
      // nothing due in the window is a success, not a failure
      const f = await forced.finish({ published: 0, status: 'success', notes: ['no showtime due'] });
      expect(f).toMatchObject({ status: 'success', exitCode: 0 });
      expect((await store.get(f.path))!.status).toBe('success');
    });

    it('runs of one type started in the same second do not overwrite each other (parallel shards)', async () => {
      const { log } = captureLog('debug');
      const at = '2026-01-18T23:10:00.500Z';
      const runs = [1, 2, 3].map((k) =>
        new RunRecorder({ runType: 'schedules', store, clock: new FixedClock(at), log, date: '2026-01-19' }).set({
          shard: `${k}/3`,
          movies: k,
        }),
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
      expect(
        listed
          .filter((l) => l.id.startsWith('2026-01-18T23-10-00'))
          .map((l) => l.data.shard)
          .sort(),
      ).toEqual(['1/3', '2/3', '3/3']);
    });

    it("records the step's own requests (the shared client's totals minus those at its start)", async () => {
      const { log } = captureLog('debug');
      let totals: ClientRequestStats = { endpoints: {}, total: { requests: 50, retries: 50, failures: 0, bytes: 10 } };
      const run = new RunRecorder({
        runType: 'schedules',
        store,
        clock: new FixedClock('2026-01-18T23:20:00Z'),
        log,
        date: '2026-01-19',
        requestStats: () => totals,
      });
      totals = { endpoints: {}, total: { requests: 811, retries: 811, failures: 3, bytes: 1010 } };
      const s = await run.finish({ published: 1 });
      expect((await store.get(s.path))!.requests).toMatchObject({
        requests: 761,
        retries: 761,
        failures: 3,
        bytes: 1000,
      });
    });

    it('cancel() records a cancelled run with the exit code of its signal', async () => {
      const { log } = captureLog('debug');
      const run = new RunRecorder({
        runType: 'seats',
        mode: 'morning',
        store,
        clock: new FixedClock('2026-01-18T23:40:00Z'),
        log,
        date: '2026-01-19',
      });
      const s = await run.cancel('SIGTERM');
      expect(s).toMatchObject({
        status: 'cancelled',
        exitCode: 143,
        path: 'run_log/2026-01-18T23-40-00_seats_morning',
      });
      expect(s.adminPath).toBeUndefined(); // a morning seat pass is not shown to the admin
      expect(await store.get(s.path)).toMatchObject({
        status: 'cancelled',
        mode: 'morning',
        notes: ['cancelled by SIGTERM'],
      });
    });

    it('concurrent JIT passes of one hour land in one scraper_runs document, with the day movies run counts', async () => {
      const { log } = captureLog('debug');
      const movies = new RunRecorder({
        runType: 'movies',
        store,
        clock: new FixedClock('2026-01-20T23:00:00Z'),
        log,
        date: '2026-01-21',
      });
      movies.set({ movies: 29, cities: 83, theatres_total: 494 });
      await movies.finish({ published: 29 });
      const passes = ['2026-01-21T05:00:00.100Z', '2026-01-21T05:00:00.200Z', '2026-01-21T05:15:00Z'].map((at, i) => {
        const r = new RunRecorder({
          runType: 'seats',
          mode: 'jit',
          store,
          clock: new FixedClock(at),
          log,
          date: '2026-01-21',
        });
        return r.set({ showtimes_scraped: 10 + i, showtimes_success: 10 + i });
      });
      const done = await Promise.all(passes.map((p) => p.finish({ published: 1 })));
      expect(new Set(done.map((d) => d.adminPath))).toEqual(new Set(['scraper_runs/2026-01-21T05-00-00_seats']));
      expect(new Set(done.map((d) => d.path)).size).toBe(3);
      const hour = (await store.get('scraper_runs/2026-01-21T05-00-00_seats'))!;
      expect(hour).toMatchObject({
        passes: 3,
        showtimes_scraped: 33,
        showtimes_success: 33,
        timestamp: '2026-01-21T05:00:00.100Z',
        movies: 29,
        cities: 83,
        theatres_total: 494,
        status: 'success',
        date: '2026-01-21',
      });
    });

    it('abort() records the crash as a failed run', async () => {
      const { log } = captureLog('debug');
      const run = new RunRecorder({
        runType: 'summary',
        store,
        clock: new FixedClock('2026-01-19T17:05:00Z'),
        log,
        date: '2026-01-19',
      });
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
    const { log, lines } = captureLog('debug');
    const broken = new FileStore({ dataDir: join(dir, 'data-broken') });
    broken.transaction = async () => {
      throw new Error('store unavailable');
    };
    const summaryPath = join(dir, 'broken-summary.md');
    const run = new RunRecorder({
      runType: 'token',
      store: broken,
      clock: new FixedClock('2026-01-18T22:30:00Z'),
      log,
      date: '2026-01-19',
      stepSummaryPath: summaryPath,
    });
    const s = await run.finish({ published: true });
    expect(s).toMatchObject({ status: 'success', exitCode: 0, recorded: false });
    expect(await readFile(summaryPath, 'utf8')).toContain('## ✅ CineRadar token run: success');
    expect(lines().some((l) => l.level === 50 && String(l.msg).includes('store unavailable'))).toBe(true);
  });
});

afterAll(async () => {
  await clearProject(projectId);
});
