/**
 * Exit codes a scheduler can trust, end to end (the verdict itself: tests/run/verdict.test.ts): against the tiny simulator and the emulator, a job
 * that did not do its work fails with one line why, and a partial exits 0 only when what is
 * missing is small (at most PARTIAL_MAX_SHARE of its units) and named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config.js';
import { createLogger } from '../shared/log.js';
import { createRuntime } from '../shared/runtime.js';
import type { Store } from '../shared/store/store.js';
import { createTixClient } from '../shared/tix/client.js';
import { TOKEN_DOC, tokenDocument } from '../shared/token/manager.js';
import { scrapeSchedules } from '../scrapers/schedules/scrape.js';
import { runSeatPass } from '../scrapers/seats/scrape.js';
import { pipelineMain } from '../scripts/pipeline.js';
import { startSimulator, type Simulator } from '../scripts/tix-sim/index.js';
import { clearProject, emulatorHost, emulatorStore, testProject } from './helpers/firestore.js';
import { runDocs, simulatorWorlds } from './schedules/harness.js';
import { scrapeMovies } from '../scrapers/movies/scrape.js';

const files = simulatorWorlds('tiny');

describe('schedules', () => {
  it('TIX.id unreachable: every pair fails, the run is failed with exit 1 and says why', async () => {
    const w = files.newWorld('exit-unreachable');
    await scrapeMovies(w);
    // a client whose API host refuses connections (a closed loopback port)
    const config = loadConfig(
      { TIX_API_BASE: 'http://127.0.0.1:9', TIX_APP_BASE: 'http://127.0.0.1:9', TIX_RPS: '400', TIX_CONCURRENCY: '16' },
      false,
    );
    const client = createTixClient({
      config,
      log: w.log,
      clock: w.clock,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 1 },
      breaker: { failureThreshold: 10_000, openMs: 1000 },
    });
    try {
      const r = await scrapeSchedules({ ...w, client });
      expect(r.failedPairs.length).toBe(r.pairsTotal);
      expect(r.summary).toMatchObject({
        status: 'failed',
        exitCode: 1,
        reason: `all ${r.pairsTotal} movie×city pairs failed`,
      });
      const [run] = await runDocs(w.store, 'schedules');
      expect(run).toMatchObject({ status: 'failed', reason: `all ${r.pairsTotal} movie×city pairs failed` });
    } finally {
      client.close();
    }
  });

  it('a tiny partial (1 pair of 17 not stored) exits 0, partial, naming the pair', async () => {
    const w = files.newWorld('exit-tiny-partial');
    await scrapeMovies(w);
    let refused = '';
    const store: Store = Object.create(w.store) as Store;
    store.writeMany = async (docs) => {
      const victim = refused ? undefined : docs.find((d) => d.path.includes('/showtimes/'));
      if (victim) refused = victim.path;
      const report = await w.store.writeMany(docs.filter((d) => d !== victim));
      return victim
        ? { ...report, failed: [...report.failed, { path: victim.path, error: 'DEADLINE_EXCEEDED (test)' }] }
        : report;
    };
    const r = await scrapeSchedules({ ...w, store });
    expect(r.pairsTotal).toBe(17);
    expect(r.summary).toMatchObject({ status: 'partial', exitCode: 0 });
    expect(r.summary.reason).toBeUndefined();
    expect(r.summary.document.errors).toEqual(expect.arrayContaining([expect.objectContaining({ name: refused })]));
    expect(r.summary.document.work).toEqual({ unit: 'movie×city pairs', total: 17, failed: 1, max_share: 0.1 });
  });
});

describe('seats with no schedules stored for the day', () => {
  for (const mode of ['morning', 'jit'] as const) {
    it(`${mode}: failed, exit 1, one line why`, async () => {
      const w = files.newWorld(`exit-noschedules-${mode}`);
      const r = await runSeatPass({ store: w.store, client: w.client, clock: w.clock, log: w.log }, { mode });
      expect(r.run).toMatchObject({ status: 'failed', exitCode: 1 });
      expect(r.run.reason).toMatch(
        /^no showtimes documents for \d{4}-\d{2}-\d{2} under schedules\/[\d-]+\/showtimes: run the schedules scraper first$/,
      );
    });
  }
});

describe('a 403 block in the middle of the seat pass', () => {
  const NOW = '2026-03-02T06:00:00+07:00';
  let sim: Simulator;
  let project: string;
  afterAll(async () => {
    await sim?.close();
    if (project) await clearProject(project);
  });
  beforeAll(async () => {
    sim = await startSimulator({ preset: 'tiny', now: NOW, clockMode: 'frozen', loginDelayMs: 0 });
  });

  it('fails the seats step and the pipeline exits 1 with FAILED at seats-morning', async () => {
    project = testProject('exit-403');
    const store = emulatorStore(project);
    const rt = await createRuntime({
      env: {
        TIX_API_BASE: sim.apiBase,
        TIX_APP_BASE: sim.appBase,
        TIX_RPS: '500',
        TIX_CONCURRENCY: '4',
        FIRESTORE_EMULATOR_HOST: emulatorHost(),
        FIREBASE_PROJECT_ID: project,
        CINERADAR_NOW: NOW,
      },
      store,
      clock: sim.clock,
      log: createLogger({ level: 'silent', format: 'json' }),
    });
    try {
      await store.set(
        TOKEN_DOC,
        tokenDocument({
          token: sim.tokens.mintAccess(),
          refreshToken: sim.tokens.mintRefresh(),
          source: 'login',
          phone: '62812****000',
          storedAt: sim.clock.now(),
        }),
      );
      // TIX.id blocks the runner once the seat pass has read 20 layouts
      sim.faults.set({ latency: { ms: 5, endpoints: ['layout'] } });
      const watch = setInterval(() => {
        if ((sim.stats().byEndpoint.layout ?? 0) >= 20) sim.faults.set({ ipBlock: true });
      }, 2);
      let out = '';
      let code: number;
      try {
        code = await pipelineMain(rt, [], (s) => (out += s));
      } finally {
        clearInterval(watch);
      }
      expect(code).toBe(1);
      expect(out).toMatch(/FAILED at seats-morning: /);
      const [seats] = (await store.list('run_log', { where: { run_type: 'seats' } })).map((d) => d.data);
      expect(seats).toMatchObject({ status: 'failed', mode: 'morning' });
      expect(String(seats!.reason)).toMatch(
        /^stopped early \(TixBlockedError: .*403.*\); \d+ of \d+ showtimes not attempted$/,
      );
      expect((seats!.counts as Record<string, number>).showtimes_not_attempted).toBeGreaterThan(0);
    } finally {
      await rt.close();
      await store.close();
    }
  });
});
