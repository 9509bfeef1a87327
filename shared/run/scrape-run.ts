/**
 * The start the TIX.id day scrapers share (movies, schedules): what a run needs (`ScrapeDeps`),
 * and `startScrapeRun`, which fixes the run's date, opens its run record and writes into it the
 * mode the run was asked for: full, `--city`, `--shard K/N` (N > 1) or `--merge-shards`.
 */
import { jakartaDate, type Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { formatShard, type Shard } from '../shard.js';
import type { Store } from '../store/store.js';
import type { City } from '../tix/cities.js';
import type { TixClient } from '../tix/client.js';
import { RunRecorder } from './recorder.js';

/** What a day scraper runs with: one TIX.id client, the store, the clock and the logger. */
export interface ScrapeDeps {
  client: TixClient;
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

/** What a day scraper was asked to read. */
export interface ScrapeScope {
  /** Asia/Jakarta date of the documents (default: today in Jakarta). */
  date?: string;
  /** Only these cities (`--city`). */
  cities?: readonly City[];
  /** Read only this share and write its documents. */
  shard?: Shard;
  /** Read nothing: merge what the shards stored and publish. */
  mergeShards?: boolean;
}

export interface ScrapeStart {
  date: string;
  recorder: RunRecorder;
  /** Set when the run reads one share of N > 1. */
  shard: Shard | undefined;
}

/** The run's date and its run record, with the run's mode, shard and cities set. */
export function startScrapeRun(runType: 'movies' | 'schedules', deps: ScrapeDeps, scope: ScrapeScope): ScrapeStart {
  const { client, store, clock, log } = deps;
  const date = scope.date ?? jakartaDate(clock.now());
  const recorder = new RunRecorder({
    runType,
    store,
    clock,
    log,
    date,
    stepSummaryPath: deps.stepSummaryPath,
    requestStats: () => client.stats(),
  });
  const shard = scope.shard !== undefined && scope.shard.n > 1 ? scope.shard : undefined;
  recorder.set({
    mode: scope.mergeShards ? 'merge-shards' : shard ? 'shard' : scope.cities ? 'cities' : 'full',
    shard: shard ? formatShard(shard) : undefined,
    only_cities: scope.cities?.map((c) => c.name),
  });
  return { date, recorder, shard };
}
