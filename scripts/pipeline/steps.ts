/**
 * The steps of a day, each calling a scraper's exported function (never spawning npm), all on one
 * session: one TIX.id client (so one limiter: TIX_RPS and TIX_CONCURRENCY hold across steps), one
 * token manager, one store. `runSteps` runs them in order and stops at a failed one; a partial
 * step (some cities or showtimes failed) does not stop the day.
 *
 * Used by `npm run pipeline` (token → movies → schedules → seats morning), `npm run demo` (the
 * whole day) and the bench's scraper process (one step at a time).
 */
import { jakartaDate, type Clock } from '../../shared/clock.js';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunRecord } from '../../shared/run/recorder.js';
import { RUN_LOG } from '../../shared/run/report.js';
import type { Store } from '../../shared/store/store.js';
import type { City } from '../../shared/tix/cities.js';
import { openTixSession, type TixSession } from '../../shared/token/session.js';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { scrapeSchedules } from '../../scrapers/schedules/scrape.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import { runSummary } from '../summary/run.js';
import { notRun, type StepName, type StepRecord, type StepStatus } from './outcome.js';
import { counted } from '../../shared/words.js';

export interface DayDeps {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
}

/** The client and token manager every step shares (see shared/token/session.ts). */
export type DaySession = TixSession;

/** One client and one token manager for every step, so one limiter holds across the day. */
export const openSession = (deps: DayDeps): Promise<DaySession> => openTixSession(deps);

export interface StepOptions {
  /** Asia/Jakarta date of the day (default: today by the clock). */
  date?: string;
  /** Only these cities. */
  cities?: readonly City[];
  /** Window of the JIT pass, minutes (default: the seat scraper's 30). */
  jitWindowMinutes?: number;
  /** Aborted (SIGINT/SIGTERM): the running step stops and records itself cancelled; no later step runs. */
  signal?: AbortSignal;
  /** Skip a step the day already has done (movies: see `moviesDone`); `npm run pipeline` sets it, the bench and demo do not. */
  skipDone?: boolean;
}

interface Outcome {
  status: Exclude<StepStatus, 'not run'>;
  detail: string;
  run?: RunRecord;
  counts?: Record<string, number>;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A step's outcome from the run record it returned; a step that crashed (its run recorded as
 * failed) is described by why it crashed, and its counts are not known.
 */
function fromRun(run: RunRecord, detail: string, counts: Record<string, number> = {}, crashed?: string): Outcome {
  return crashed === undefined
    ? { status: run.status, detail, run, counts }
    : { status: run.status, detail: crashed, run };
}

/**
 * Make sure a logged-in access token exists (stored, refreshed or by a browser login) and record a
 * `token` run, so the admin's scraper page shows the morning's token state, failures included.
 */
async function tokenStep(deps: DayDeps, session: DaySession, opts: StepOptions): Promise<Outcome> {
  const run = new RunRecorder({
    runType: 'token',
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    date: opts.date ?? jakartaDate(deps.clock.now()),
    stepSummaryPath: deps.config.githubStepSummary,
    requestStats: () => session.client.stats(),
  });
  run.set({ action: 'ensure' });
  const before = session.tokens.stats();
  try {
    // The guest token (cities, movies, schedules) and a logged-in access token (seat maps).
    await session.client.auth();
    await session.tokens.getAccessToken();
  } catch (err) {
    run.fail('token', 'access token', err);
    const summary = await run.finish({ published: false });
    return fromRun(summary, messageOf(err));
  }
  const after = session.tokens.stats();
  const status = await session.tokens.status();
  const refreshed = after.refreshes - before.refreshes;
  const logins = after.logins - before.logins;
  const how = logins
    ? 'logged in with the browser'
    : refreshed
      ? 'refreshed with the refresh token'
      : 'the stored token is still valid';
  run.set({
    source: status.source,
    refreshes: refreshed,
    logins,
    expires_at: status.expiresAt,
    refresh_expires_at: status.refreshExpiresAt,
  });
  const summary = await run.finish({ published: true });
  const left = status.accessLeftMs !== undefined ? `, ${Math.round(status.accessLeftMs / 60_000)} min left` : '';
  const refreshLeft =
    status.refreshLeftMs !== undefined ? `; refresh token ${Math.round(status.refreshLeftMs / 86_400_000)} d left` : '';
  return fromRun(summary, `access token ready: ${how}${left}${refreshLeft}`, { refreshes: refreshed, logins });
}

/**
 * The day's movies are done when a `movies` run of the day succeeded and `snapshots/latest` is that
 * day: a re-run of the pipeline (after a kill) then skips the step, so `latest` is published once.
 */
export async function moviesDone(store: Store, date: string): Promise<boolean> {
  const latest = await store.get('snapshots/latest');
  if (latest?.date !== date) return false;
  const runs = await store.list(RUN_LOG, { where: { run_type: 'movies', date }, fields: ['status'] });
  return runs.some((r) => r.data.status === 'success');
}

async function moviesStep(deps: DayDeps, session: DaySession, opts: StepOptions): Promise<Outcome> {
  const date = opts.date ?? jakartaDate(deps.clock.now());
  if (opts.skipDone && !opts.cities && (await moviesDone(deps.store, date))) {
    return {
      status: 'success',
      detail: `skipped: the movies of ${date} are stored and snapshots/latest is that day (an earlier run succeeded)`,
      counts: { skipped: 1 },
    };
  }
  const r = await scrapeMovies(
    {
      client: session.client,
      store: deps.store,
      clock: deps.clock,
      log: deps.log,
      stepSummaryPath: deps.config.githubStepSummary,
    },
    { date: opts.date, cities: opts.cities },
  );
  const movies = r.snapshot?.movies.length ?? 0;
  const cities = r.snapshot?.summary.total_cities ?? 0;
  const failed = r.failedCities.length ? `, ${counted(r.failedCities.length, 'city', 'cities')} failed` : '';
  const latest = r.latestPublished
    ? 'snapshots/latest published'
    : `snapshots/latest held back${r.latestReason ? ` (${r.latestReason})` : ''}`;
  return fromRun(
    r.summary,
    `${counted(movies, 'movie')} in ${counted(cities, 'city', 'cities')}${failed}; ${latest}`,
    { movies, cities, failed_cities: r.failedCities.length },
    r.crashed,
  );
}

async function schedulesStep(deps: DayDeps, session: DaySession, opts: StepOptions): Promise<Outcome> {
  const r = await scrapeSchedules(
    {
      client: session.client,
      store: deps.store,
      clock: deps.clock,
      log: deps.log,
      stepSummaryPath: deps.config.githubStepSummary,
    },
    { date: opts.date, cities: opts.cities, signal: opts.signal, workers: 2 * deps.config.tix.concurrency },
  );
  const ok = r.pairsTotal - r.failedPairs.length;
  return fromRun(
    r.summary,
    `${r.showtimes} showtimes from ${r.pages} pages, ${ok}/${r.pairsTotal} movie×city pairs; biggest schedule document ${r.maxScheduleBytes} B`,
    {
      pairs: r.pairsTotal,
      failed_pairs: r.failedPairs.length,
      pages: r.pages,
      showtimes: r.showtimes,
      max_schedule_bytes: r.maxScheduleBytes,
    },
    r.crashed,
  );
}

async function seatsStep(
  deps: DayDeps,
  session: DaySession,
  opts: StepOptions,
  mode: 'morning' | 'jit',
): Promise<Outcome> {
  const r = await runSeatPass(
    {
      store: deps.store,
      client: session.client,
      clock: deps.clock,
      log: deps.log,
      stepSummaryPath: deps.config.githubStepSummary,
    },
    {
      mode,
      date: opts.date,
      windowMinutes: mode === 'jit' ? opts.jitWindowMinutes : undefined,
      cities: opts.cities?.map((c) => c.name),
      signal: opts.signal,
    },
  );
  const parts = [`${r.selected} showtimes read`, `${r.written} readings stored`];
  if (r.snapshots.size) parts.push(`${r.snapshots.size} snapshot documents`);
  if (r.started) parts.push(`${r.started} already started`);
  if (r.failed) parts.push(`${r.failed} failed`);
  const counts = {
    showtimes_scraped: r.selected,
    showtimes_success: r.success,
    readings_stored: r.written,
    snapshots_written: r.snapshots.size,
    unchanged_since_morning: r.unchanged,
    documents_read: r.documentsRead,
    started: r.started,
    failed: r.failed,
    ...(r.estimate ? { day_writes_estimate: r.estimate.total } : {}),
  };
  return fromRun(r.run, parts.join(', '), counts, r.crashed);
}

async function summaryStep(deps: DayDeps, opts: StepOptions): Promise<Outcome> {
  const r = await runSummary(
    { store: deps.store, clock: deps.clock, log: deps.log, stepSummaryPath: deps.config.githubStepSummary },
    { date: opts.date },
  );
  const s = r.day.summary;
  return fromRun(
    r.run,
    r.written
      ? `${s.showtime_count} showtimes, audience ${s.total_audience} of ${s.total_seats} seats; ${r.written} documents`
      : `nothing to total (${r.snapshots} snapshots)`,
    { snapshots_read: r.snapshots, documents_written: r.written, movies: s.movie_count },
    r.crashed,
  );
}

/** Run one step and describe how it ended; never throws. */
export async function runStep(
  step: StepName,
  deps: DayDeps,
  session: DaySession,
  opts: StepOptions = {},
): Promise<StepRecord> {
  const t0 = performance.now();
  const stats0 = session.client.stats().total;
  let outcome: Outcome;
  try {
    switch (step) {
      case 'token':
        outcome = await tokenStep(deps, session, opts);
        break;
      case 'movies':
        outcome = await moviesStep(deps, session, opts);
        break;
      case 'schedules':
        outcome = await schedulesStep(deps, session, opts);
        break;
      case 'seats-morning':
        outcome = await seatsStep(deps, session, opts, 'morning');
        break;
      case 'seats-jit':
        outcome = await seatsStep(deps, session, opts, 'jit');
        break;
      case 'summary':
        outcome = await summaryStep(deps, opts);
        break;
    }
  } catch (err) {
    // Every step returns its run record, also when it crashed; what is thrown happened before a
    // run started (a bad city name, a missing key), so there is no record to point at.
    outcome = { status: 'failed', detail: messageOf(err) };
  }
  const stats1 = session.client.stats().total;
  return {
    step,
    status: outcome.status,
    durationMs: performance.now() - t0,
    requests: stats1.requests - stats0.requests,
    retries: stats1.retries - stats0.retries,
    detail: outcome.detail,
    runPath: outcome.run?.recorded ? outcome.run.path : undefined,
    counts: outcome.counts ?? {},
  };
}

export interface StepHooks {
  before?(step: StepName): Promise<void> | void;
  after?(record: StepRecord): Promise<void> | void;
}

/**
 * Run `steps` in order; stop at the first failed one (the rest are recorded as not run). The day
 * is fixed once, when the job starts (`opts.date`, else today in Asia/Jakarta): every step works on
 * that date even when the clock passes midnight between steps (otherwise a job started at 23:59 WIB
 * would write the movies of one day and look for them under the next).
 */
export async function runSteps(
  steps: readonly StepName[],
  deps: DayDeps,
  session: DaySession,
  opts: StepOptions = {},
  hooks: StepHooks = {},
): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  const day: StepOptions = { ...opts, date: opts.date ?? jakartaDate(deps.clock.now()) };
  for (const step of steps) {
    if (opts.signal?.aborted) {
      const reason = `not run: cancelled by ${String(opts.signal.reason)}`;
      records.push(
        ...steps.slice(steps.indexOf(step)).map((s): StepRecord => ({
          step: s,
          status: 'not run',
          durationMs: 0,
          requests: 0,
          retries: 0,
          detail: reason,
          counts: {},
        })),
      );
      break;
    }
    await hooks.before?.(step);
    deps.log.info({ step }, `pipeline: ${step}`);
    const record = await runStep(step, deps, session, day);
    records.push(record);
    await hooks.after?.(record);
    if (record.status === 'cancelled') {
      deps.log.warn({ step }, `pipeline: ${step} cancelled; stopping`);
      records.push(...notRun(steps, step, `not run: ${step} cancelled`));
      break;
    }
    if (record.status === 'failed') {
      deps.log.error({ step, reason: record.detail }, `pipeline: ${step} failed; stopping`);
      records.push(...notRun(steps, step, `not run: ${step} failed`));
      break;
    }
  }
  return records;
}
