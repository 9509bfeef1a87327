/**
 * A seats test world: the TIX.id simulator over HTTP, a Firestore-emulator store on a project of
 * its own, a logged-in token in the store (as a UI login would have left it), the real client and
 * token manager, and the day's schedules written by the real movies and schedules scrapers.
 */
import { spawn } from 'node:child_process';
import { createLogger, type Logger } from '../../shared/log.js';
import { FixedClock, type Clock } from '../../shared/clock.js';
import { createTixClient, type TixClient } from '../../shared/tix/client.js';
import { Limiter } from '../../shared/http/limiter.js';
import { TokenManager, tokenDocument, TOKEN_DOC } from '../../shared/token/manager.js';
import type { FirestoreStore } from '../../shared/store/firestore-store.js';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { scrapeSchedules } from '../../scrapers/schedules/scrape.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import { runSummary } from '../../scripts/summary/run.js';
import { startSimulator, type Preset, type Simulator } from '../../scripts/tix-sim/index.js';
import { emulatorHost, emulatorStore, testProject } from '../helpers/firestore.js';

export interface SeatsWorld {
  sim: Simulator;
  store: FirestoreStore;
  project: string;
  client: TixClient;
  manager: TokenManager;
  clock: Clock;
  log: Logger;
  close(): Promise<void>;
}

export async function openSeatsWorld(opts: {
  name: string;
  preset: Preset;
  now: string;
  concurrency?: number;
}): Promise<SeatsWorld> {
  const sim = await startSimulator({ preset: opts.preset, now: opts.now, clockMode: 'frozen', loginDelayMs: 0 });
  const project = testProject(opts.name);
  const store = emulatorStore(project);
  const log = createLogger({ level: 'silent', format: 'json' });
  // Everything runs on the simulator's clock, so token expiry and "now" agree with it.
  const clock: Clock = sim.clock;
  const concurrency = opts.concurrency ?? 16;
  const tix = { apiBase: sim.apiBase, appBase: sim.appBase, rps: 2000, concurrency, timeoutMs: 20_000 };
  const holder: { manager?: TokenManager } = {};
  const client = createTixClient({
    config: { tix },
    log,
    clock,
    limiter: new Limiter({ rps: tix.rps, concurrency }),
    tokens: {
      getAccessToken: () => holder.manager!.getAccessToken(),
      onUnauthorized: (t) => holder.manager!.onUnauthorized(t),
    },
  });
  const manager = new TokenManager({ store, client, log, clock });
  holder.manager = manager;

  const token = sim.tokens.mintAccess();
  const refresh = sim.tokens.mintRefresh();
  const doc = tokenDocument({
    token,
    refreshToken: refresh,
    source: 'login',
    phone: '62812****000',
    storedAt: clock.now(),
  });
  await store.set(TOKEN_DOC, doc);
  return {
    sim,
    store,
    project,
    client,
    manager,
    clock,
    log,
    async close() {
      client.close();
      await store.close();
      await sim.close();
    },
  };
}

/** Write the day's schedules (snapshot, schedules and showtimes documents) with the real scrapers. */
export async function scrapeDay(w: SeatsWorld): Promise<void> {
  const deps = { client: w.client, store: w.store, clock: w.clock, log: w.log };
  const movies = await scrapeMovies(deps);
  if (movies.summary.status === 'failed')
    throw new Error(`movies scrape failed: ${JSON.stringify(movies.summary.document.errors)}`);
  const schedules = await scrapeSchedules(deps);
  if (schedules.summary.status === 'failed')
    throw new Error(`schedules scrape failed: ${JSON.stringify(schedules.summary.document.errors)}`);
}

/**
 * The day's seat passes and summary as the pipeline runs them: the morning pass at `morning` (the
 * world's clock), a JIT pass (30-minute window) every 10 minutes until every show has started, then
 * the summary of `date` 18 hours after `morning`. Returns how many snapshots the JIT passes took.
 */
export async function readAndSummariseDay(w: SeatsWorld, morning: string, date: string): Promise<number> {
  const d = { store: w.store, client: w.client, clock: w.sim.clock, log: w.log };
  await runSeatPass(d, { mode: 'morning' });
  let jitSnapshots = 0;
  const last = Math.max(...w.sim.data.showtimes.map((s) => Date.parse(s.startsAt)));
  for (let t = Date.parse(morning) + 10 * 60_000; t < last + 10 * 60_000; t += 10 * 60_000) {
    w.sim.clock.set(new Date(t));
    jitSnapshots += (await runSeatPass(d, { mode: 'jit', windowMinutes: 30 })).snapshots.size;
  }
  await runSummary(
    { store: w.store, clock: new FixedClock(new Date(Date.parse(morning) + 18 * 3_600_000)), log: w.log },
    { date },
  );
  return jitSnapshots;
}

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * A command of the repo as a real process (`node --import tsx FILE ARGS…`) against the world's
 * simulator and emulator project at `now`, with its TIX.id limits; JSON logs at warn on stderr. With
 * `kill`, `kill.signal` is sent once `kill.when()` holds (polled every 5 ms).
 */
export function runCliProcess(
  w: SeatsWorld,
  argv: string[],
  env: { now: string; rps: number; concurrency: number },
  kill?: { when: () => boolean; signal: NodeJS.Signals },
): Promise<CliExit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...argv], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FIRESTORE_EMULATOR_HOST: emulatorHost(),
        FIREBASE_PROJECT_ID: w.project,
        TIX_API_BASE: w.sim.apiBase,
        TIX_APP_BASE: w.sim.appBase,
        TIX_RPS: String(env.rps),
        TIX_CONCURRENCY: String(env.concurrency),
        CINERADAR_NOW: env.now,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    if (kill) {
      timer = setInterval(() => {
        if (kill.when()) {
          clearInterval(timer);
          child.kill(kill.signal);
        }
      }, 5);
    }
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stderr });
    });
  });
}
