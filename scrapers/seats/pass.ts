/**
 * A seat pass's context: what it was given (`SeatPassDeps`, `SeatPassOptions`) and what it settles
 * before its first step (`startPass`): the date, "now", the window, the cities, and the run
 * recorder with the pass's facts set. Every step (scrape.ts lists them) takes this context.
 */
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder } from '../../shared/run/recorder.js';
import type { SeatMode } from '../../shared/run/vocabulary.js';
import { formatShard, type Shard } from '../../shared/shard.js';
import type { Store } from '../../shared/store/store.js';
import type { TixClient } from '../../shared/tix/client.js';
import { cityByName, normaliseCityName } from '../../shared/tix/cities.js';
import { DEFAULT_JIT_WINDOW_MINUTES, windowMinutesOf } from './select.js';

export interface SeatPassDeps {
  store: Store;
  client: Pick<TixClient, 'layout' | 'stats' | 'requests'>;
  clock: Clock;
  log: Logger;
  /** config.githubStepSummary */
  stepSummaryPath?: string;
}

export interface SeatPassOptions {
  mode: SeatMode;
  /** Asia/Jakarta date of the schedules to read (default: today in Jakarta by the clock). */
  date?: string;
  /** JIT window in minutes (default 30). */
  windowMinutes?: number;
  /** Only these cities (any spelling; unknown names are refused). */
  cities?: string[];
  shard?: Shard;
  /** Layouts requested at once (the client's limiter still bounds real concurrency). Default 32. */
  workers?: number;
  /** Progress line interval (ms) when not on a TTY. */
  progressIntervalMs?: number;
  /** Readings persisted per batch (default 250): what a kill can lose, at most. */
  writeChunk?: number;
  /** Aborted: stop taking shows, persist what was read, record the run as cancelled. */
  signal?: AbortSignal;
}

/** Resolve `--city` names; throws naming the unknown one. */
function resolveCities(names: readonly string[] | undefined): string[] | undefined {
  if (!names || names.length === 0) return undefined;
  return names.map((n) => {
    const c = cityByName(n);
    if (!c) throw new Error(`unknown city ${JSON.stringify(n)} (expected one of the 83 TIX.id cities, e.g. JAKARTA)`);
    return c.name;
  });
}

export interface PassContext {
  deps: SeatPassDeps;
  opts: SeatPassOptions;
  date: string;
  mode: SeatMode;
  now: Date;
  windowMinutes: number;
  citySet: ReadonlySet<string> | undefined;
  recorder: RunRecorder;
}

/** Settle the pass's facts and open its run record (nothing is read yet). */
export function startPass(deps: SeatPassDeps, opts: SeatPassOptions): PassContext {
  const now = deps.clock.now();
  const date = opts.date ?? jakartaDate(now);
  const mode = opts.mode;
  const windowMinutes = opts.windowMinutes ?? DEFAULT_JIT_WINDOW_MINUTES;
  const cities = resolveCities(opts.cities);
  const recorder = new RunRecorder({
    runType: 'seats',
    mode,
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    date,
    stepSummaryPath: deps.stepSummaryPath,
    requestStats: () => deps.client.stats(),
  });
  recorder.set({
    mode,
    window_minutes: windowMinutesOf(mode, windowMinutes),
    now: iso(now),
  });
  if (opts.shard && opts.shard.n > 1) recorder.set({ shard: formatShard(opts.shard) });
  if (cities) recorder.set({ only_cities: cities });
  return {
    deps,
    opts,
    date,
    mode,
    now,
    windowMinutes,
    citySet: cities ? new Set(cities.map(normaliseCityName)) : undefined,
    recorder,
  };
}
