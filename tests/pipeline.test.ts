/**
 * `npm run pipeline`: the pure outcome (exit code, not-run steps, verdict, table) and the whole
 * morning job in one process against the simulator (tiny preset) and the Firestore emulator:
 * every step calls its scraper, the requests the steps count add up to what the simulator saw,
 * and a failed token step stops the job before anything is scraped.
 */
import { readDayOccupancy } from './helpers/day-readings.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jakartaDate } from '../shared/clock.js';
import { createLogger } from '../shared/log.js';
import { createRuntime, type Runtime } from '../shared/runtime.js';
import { TOKEN_DOC, tokenDocument } from '../shared/token/manager.js';
import { pipelineMain, pipelineSteps } from '../scripts/pipeline.js';
import { notRun, pipelineExitCode, stepTable, verdict, type StepRecord } from '../scripts/pipeline/outcome.js';
import { openSession, runSteps } from '../scripts/pipeline/steps.js';
import { startSimulator, type Simulator } from '../scripts/tix-sim/index.js';
import { clearProject, emulatorHost, emulatorStore, testProject } from './helpers/firestore.js';
import type { FirestoreStore } from '../shared/store/firestore-store.js';

const rec = (step: StepRecord['step'], status: StepRecord['status'], requests = 0): StepRecord => ({
  step,
  status,
  durationMs: 1500,
  requests,
  retries: 0,
  detail: `${step} ${status}`,
  counts: {},
});

describe('pipeline outcome', () => {
  it('exits 1 only when a step failed; partial is not a failure', () => {
    expect(pipelineExitCode([rec('token', 'success'), rec('movies', 'partial')])).toBe(0);
    expect(
      pipelineExitCode([
        rec('token', 'success'),
        rec('movies', 'failed'),
        ...notRun(['token', 'movies', 'schedules'], 'movies', 'x'),
      ]),
    ).toBe(1);
  });
  it('records the steps after a failure as not run', () => {
    const rest = notRun(['token', 'movies', 'schedules', 'seats-morning'], 'movies', 'not run: movies failed');
    expect(rest.map((r) => [r.step, r.status])).toEqual([
      ['schedules', 'not run'],
      ['seats-morning', 'not run'],
    ]);
  });
  it('says which step failed, or which were partial', () => {
    expect(verdict([rec('token', 'success'), rec('movies', 'failed')])).toBe('FAILED at movies: movies failed');
    expect(verdict([rec('token', 'success'), rec('schedules', 'partial')])).toMatch(/^PARTIAL: schedules/);
    expect(verdict([rec('token', 'success')])).toMatch(/^SUCCESS/);
    expect(verdict([rec('token', 'success'), rec('schedules', 'cancelled')])).toMatch(
      /^CANCELLED at schedules: schedules cancelled; run the same command again/,
    );
  });
  it('tabulates every step with a total of the steps that ran', () => {
    const t = stepTable([rec('token', 'success', 1), rec('movies', 'success', 84), rec('schedules', 'not run', 0)]);
    const lines = t.split('\n');
    expect(lines[0]).toMatch(/^step\s+status\s+duration\s+requests\s+retries\s+detail$/);
    expect(lines).toHaveLength(2 + 3 + 1);
    expect(lines[4]).toMatch(/^schedules\s+not run\s+–\s+–\s+–/);
    expect(lines[5]).toMatch(/^total\s+3\.0 s\s+85\s+0$/);
  });
  it('runs the morning job, or a JIT job, but not a final pass', () => {
    expect(pipelineSteps('morning')).toEqual(['token', 'movies', 'schedules', 'seats-morning']);
    expect(pipelineSteps('jit')).toEqual(['token', 'movies', 'schedules', 'seats-jit']);
    expect(() => pipelineSteps('final')).toThrow(/JIT workflow/);
  });
});

/** The tiny simulator (frozen at `now`), a fresh emulator project and a runtime pointed at both. */
async function openWorld(
  name: string,
  now: string,
): Promise<{ sim: Simulator; project: string; store: FirestoreStore; rt: Runtime }> {
  const sim = await startSimulator({ preset: 'tiny', now, clockMode: 'frozen', loginDelayMs: 0 });
  const project = testProject(name);
  const store = emulatorStore(project);
  const rt = await createRuntime({
    env: {
      TIX_API_BASE: sim.apiBase,
      TIX_APP_BASE: sim.appBase,
      TIX_RPS: '500',
      TIX_CONCURRENCY: '16',
      FIRESTORE_EMULATOR_HOST: emulatorHost(),
      FIREBASE_PROJECT_ID: project,
      CINERADAR_NOW: now,
    },
    store,
    clock: sim.clock,
    log: createLogger({ level: 'silent', format: 'json' }),
  });
  return { sim, project, store, rt };
}

describe('pipeline against the simulator and the emulator', () => {
  const NOW = '2026-03-02T06:00:00+07:00';
  let sim: Simulator;
  let project: string;
  let store: FirestoreStore;
  let rt: Runtime;

  beforeAll(async () => {
    ({ sim, project, store, rt } = await openWorld('pipeline', NOW));
  });
  afterAll(async () => {
    await rt?.close();
    await store?.close();
    await sim?.close();
  });

  it('stops at the token step when no token is stored and no login is possible, scraping nothing', async () => {
    await clearProject(project);
    sim.resetStats();
    let out = '';
    const code = await pipelineMain(rt, [], (s) => (out += s));
    expect(code).toBe(1);
    expect(out).toMatch(/FAILED at token: no usable TIX\.id token/);
    expect(out).toMatch(/movies\s+not run/);
    expect(out).toMatch(/seats-morning\s+not run/);
    expect(sim.stats().byEndpoint.movies ?? 0).toBe(0);
    expect(await store.list('seat_snapshots')).toHaveLength(0);
    expect(await readDayOccupancy(store, sim.data.date)).toHaveLength(0);
    // the failed token step is recorded with its reason (in run_log: the admin's page shows scrapes only)
    expect(await store.list('scraper_runs')).toEqual([]);
    const runs = await store.list('run_log');
    expect(runs.map((r) => [r.data.run_type, r.data.status])).toEqual([['token', 'failed']]);
    expect(JSON.stringify(runs[0]!.data)).toMatch(/no usable TIX\.id token/);
  });

  it('runs token → movies → schedules → seats morning in one process and counts every request', async () => {
    await clearProject(project);
    const token = sim.tokens.mintAccess();
    const refresh = sim.tokens.mintRefresh();
    const doc = tokenDocument({
      token,
      refreshToken: refresh,
      source: 'login',
      phone: '62812****000',
      storedAt: sim.clock.now(),
    });
    await store.set(TOKEN_DOC, doc);
    sim.resetStats();
    let out = '';
    const code = await pipelineMain(rt, [], (s) => (out += s));
    expect(code).toBe(0);
    expect(out).toMatch(/SUCCESS: every step succeeded/);
    for (const step of ['token', 'movies', 'schedules', 'seats-morning'])
      expect(out).toMatch(new RegExp(`^${step}\\s+success`, 'm'));

    // One guest token for the whole job: the steps share one client.
    const seen = sim.stats();
    expect(seen.byEndpoint.auth).toBe(1);
    const total = /^total\s+\S+ \S+\s+(\d+)\s+(\d+)$/m.exec(out);
    expect(Number(total?.[1])).toBe(seen.requests);

    // Seats morning read every show of the day (all after 06:00 WIB) and stored one reading each.
    const shows = sim.data.showtimes.filter((s) => Date.parse(s.startsAt) > sim.clock.now().getTime());
    expect(seen.byEndpoint.layout).toBe(shows.length);
    const readings = await readDayOccupancy(store, sim.data.date);
    expect(new Set(readings.map((r) => r.showtime_id))).toEqual(new Set(shows.map((s) => s.id)));
    const runs = await store.list('run_log');
    expect(runs.map((r) => r.data.run_type).sort()).toEqual(['movies', 'schedules', 'seats', 'token']);
    expect((await store.list('scraper_runs')).map((r) => r.data.run_type)).toEqual(['movies']);
    expect(runs.find((r) => r.data.run_type === 'token')!.data).toMatchObject({
      status: 'success',
      source: expect.any(String),
    });
  });
});

describe('pipeline across Jakarta midnight', () => {
  // 23:59:30 WIB: the job starts on one Jakarta day and its later steps run on the next.
  const NOW = '2026-03-02T23:59:30+07:00';
  let sim: Simulator;
  let project: string;
  let store: FirestoreStore;
  let rt: Runtime;

  beforeAll(async () => {
    ({ sim, project, store, rt } = await openWorld('pipeline-midnight', NOW));
  });
  afterAll(async () => {
    await rt?.close();
    await store?.close();
    await sim?.close();
  });

  it('every step works on the Jakarta date the job started on, even when the clock passes midnight between steps', async () => {
    await clearProject(project);
    const day = jakartaDate(sim.clock.now());
    const deps = { config: rt.config, store, clock: sim.clock, log: rt.log };
    const session = await openSession(deps);
    let records: StepRecord[];
    try {
      records = await runSteps(
        ['movies', 'schedules'],
        deps,
        session,
        {},
        {
          // The movies step ends at 23:59:30 WIB; the schedules step starts after midnight.
          before: (step) => {
            if (step === 'schedules') sim.clock.advance(60_000);
          },
        },
      );
    } finally {
      session.close();
    }
    expect(jakartaDate(sim.clock.now())).not.toBe(day);
    expect(records.map((r) => [r.step, r.status])).toEqual([
      ['movies', 'success'],
      ['schedules', 'success'],
    ]);
    expect((await store.list(`schedules/${day}/movies`)).length).toBeGreaterThan(0);
    const runs = await store.list('run_log');
    expect(runs.map((r) => r.data.date)).toEqual([day, day]);
  });
});
