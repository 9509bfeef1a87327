/**
 * The schedules scraper's shell, as its steps:
 *
 *   1. loadSnapshot   `snapshots/{date}` (written by the movies scraper); missing, the run fails at
 *                     once and says to run `scrape:movies` first (scrapers meet only in the store;
 *                     running the movies step from here would hide a failed step)
 *   2. dayPairs       its movie×city pairs, city ids from the day's city documents
 *   3. readPairs      every page of GET /v1/schedules/movies/{id} per pair of this run (pages of a
 *                     pair one after another, as soon as the previous says has_next; pairs through
 *                     a bounded pool, shared/pool.ts, and the shared client's limits)
 *   4. storePairs     `schedules/{date}/showtimes/{movie}_{city}`, one per pair: every showtime id
 *                     and status; a shard ends here (finishShard), a cancelled run too
 *   5. finishDay      (day.ts) from the stored showtimes documents of the day: the schedule
 *                     documents, theatres, theatre counts in `snapshots/{date}` and `latest`
 *
 * A failed pair is recorded with its reason and its earlier pair document of the day, if any, is
 * kept (the schedule document is rebuilt from stored pair documents, so it keeps that city's
 * earlier data). A city with no pair document at all is listed in the schedule document's
 * `missing_cities` and in the run, never silently dropped.
 *
 * Modes: full (default); `--city` (only those cities' pairs are read, every document of the day is
 * rebuilt from the stored pairs); `--shard K/N` (a stable share of the pairs, pair documents only);
 * `--merge-shards` (no requests: rebuild the day from the stored pairs). A sharded day merged this
 * way equals one unsharded run.
 *
 * Every way out returns the run record (`summary`); a crash is recorded as a failed run and
 * returned with `crashed` saying why. Nothing is thrown.
 */
import { iso } from '../../shared/clock.js';
import { runPool } from '../../shared/pool.js';
import { createProgress } from '../../shared/progress.js';
import type { RunRecorder, RunRecord } from '../../shared/run/recorder.js';
import { startScrapeRun, type ScrapeDeps } from '../../shared/run/scrape-run.js';
import type { WorkDone } from '../../shared/run/verdict.js';
import type { CancelSignal } from '../../shared/run/vocabulary.js';
import { formatShard, shardOf, type Shard } from '../../shared/shard.js';
import { cancelSignalOf } from '../../shared/signals.js';
import { CityMoviesDoc, ShowtimesDoc, SnapshotDoc, type SnapshotMovie } from '../../shared/store/documents.js';
import {
  cityMoviesCollection,
  daySnapshotPath,
  seatIndexPath,
  showtimesDocId,
  showtimesPath,
} from '../../shared/store/paths.js';
import type { DocWrite, WriteReport } from '../../shared/store/store.js';
import { cityByName, cityZone, type City } from '../../shared/tix/cities.js';
import type { TixClient } from '../../shared/tix/client.js';
import type { ApiTheatre } from '../../shared/tix/schemas.js';
import { pairDocFrom, showtimeCount, type PairRef } from './build.js';
import { finishDay, PAIRS_IN_RUN } from './day.js';
import { FIRST_PAGE, judgePage } from './paging.js';

export interface SchedulesOptions {
  date?: string;
  /** Only the pairs of these cities (`--city`). */
  cities?: readonly City[];
  /** Read only this share of the pairs and write their pair documents. */
  shard?: Shard;
  /** Read nothing: rebuild the day's documents from the stored pair documents. */
  mergeShards?: boolean;
  /** Aborted (SIGINT/SIGTERM): stop asking for pages, store the pairs read, record the run as cancelled. */
  signal?: AbortSignal;
  /** Pairs read at once (the client's limiter still bounds real concurrency). Default 32. */
  workers?: number;
}

const DEFAULT_PAIR_WORKERS = 32;

export interface FailedPair {
  movie_id: string;
  city: string;
  reason: string;
}

export interface SchedulesResult {
  summary: RunRecord;
  date: string;
  pairsTotal: number;
  failedPairs: FailedPair[];
  pages: number;
  showtimes: number;
  /** Largest schedule document written (Firestore bytes). */
  maxScheduleBytes: number;
  /** The run crashed (recorded as failed in `summary`): why. */
  crashed?: string;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Pair extends PairRef {
  key: string;
  movie: SnapshotMovie;
}

/** The movie×city pairs of a snapshot, city ids from the day's city documents (built-in list as fallback). */
export function pairsOf(
  snapshot: SnapshotDoc,
  cityIds: ReadonlyMap<string, string>,
  uploadedAt: string,
): { pairs: Pair[]; unknown: string[] } {
  const pairs: Pair[] = [];
  const unknown = new Set<string>();
  for (const movie of snapshot.movies) {
    for (const name of movie.cities) {
      const id = cityIds.get(name) ?? cityByName(name)?.id;
      if (!id) {
        unknown.add(name);
        continue;
      }
      pairs.push({
        key: showtimesDocId(movie.id, id),
        movie,
        city: { id, name, zone: cityZone(name) },
        date: snapshot.date,
        uploadedAt,
      });
    }
  }
  return { pairs, unknown: [...unknown].sort() };
}

/** Every page of one pair, or the reason it failed. */
async function fetchPair(
  client: TixClient,
  pair: Pair,
  onPage: () => void,
  signal?: AbortSignal,
): Promise<{ theatres: ApiTheatre[] } | { reason: string; cancelled?: true }> {
  const theatres: ApiTheatre[] = [];
  const seen = new Set<string>();
  for (let page = FIRST_PAGE; ; page++) {
    if (signal?.aborted) return { reason: 'cancelled', cancelled: true };
    let result;
    try {
      result = await client.schedulePage(pair.movie.id, pair.city.id, pair.date, page);
    } catch (err) {
      return { reason: `page ${page}: ${reasonOf(err)}` };
    }
    onPage();
    const verdict = judgePage(result, page, seen);
    if (verdict.kind === 'fail') return { reason: verdict.reason };
    theatres.push(...result.theaters);
    if (verdict.kind === 'done') return { theatres };
  }
}

/** One run: what it was asked, what every step shares, and what it found so far. */
interface SchedulesRun {
  deps: ScrapeDeps;
  opts: SchedulesOptions;
  date: string;
  recorder: RunRecorder;
  notes: string[];
  /** Set when the run reads one share of N > 1. */
  shard: Shard | undefined;
  result: Omit<SchedulesResult, 'summary'>;
}

function startRun(deps: ScrapeDeps, opts: SchedulesOptions): SchedulesRun {
  const { date, recorder, shard } = startScrapeRun('schedules', deps, opts);
  const result = { date, pairsTotal: 0, failedPairs: [], pages: 0, showtimes: 0, maxScheduleBytes: 0 };
  return { deps, opts, date, recorder, notes: [], shard, result };
}

/** Run the schedules scraper once. Never throws; records a run document always. */
export async function scrapeSchedules(deps: ScrapeDeps, opts: SchedulesOptions = {}): Promise<SchedulesResult> {
  const run = startRun(deps, opts);
  try {
    const snapshot = await loadSnapshot(run);
    if (typeof snapshot === 'string') return await ended(run, { published: false }, snapshot);
    const allPairs = await dayPairs(run, snapshot);
    /** This run's movie×city pairs and how many failed: decides failed vs partial (shared/run/verdict.ts judgeRun). */
    let work: WorkDone | undefined;
    if (!opts.mergeShards) {
      const pairs = pairsOfRun(run, allPairs);
      const report = await storePairs(run, await readPairs(run, pairs));
      const stopped = cancelSignalOf(opts.signal);
      if (stopped) return await cancelled(run, stopped, pairs.length, report);
      work = recordPairs(run, pairs.length, report);
      if (run.shard) return await finishShard(run, pairs.length, report, work);
    }
    const day = await finishDay(
      { ...run.deps, recorder: run.recorder, notes: run.notes, failedPairs: run.result.failedPairs },
      snapshot,
      new Set(allPairs.map((p) => p.key)),
    );
    run.result.maxScheduleBytes = day.maxScheduleBytes;
    return await ended(run, { published: day.published, work });
  } catch (err) {
    const summary = await run.recorder.abort(err, { notes: run.notes });
    return { ...run.result, summary, crashed: reasonOf(err) };
  }
}

/** Finish the run record and hand back the result; `failure`: the one line why the run failed. */
async function ended(
  run: SchedulesRun,
  how: { published: number | boolean; work?: WorkDone },
  failure?: string,
): Promise<SchedulesResult> {
  if (failure) run.notes.push(failure);
  const summary = await run.recorder.finish({ ...how, notes: run.notes });
  return { ...run.result, summary };
}

/** Step 1: the day's snapshot, or why there is none to work from (recorded as the run's failure). */
async function loadSnapshot(run: SchedulesRun): Promise<SnapshotDoc | string> {
  const { date, deps } = run;
  const path = daySnapshotPath(date);
  const raw = await deps.store.get(path);
  const parsed = SnapshotDoc.safeParse(raw);
  if (parsed.success) return parsed.data;
  const reason = raw
    ? `${path} does not match its schema: ${parsed.error.issues[0]?.message}`
    : `${path} does not exist: run \`npm run scrape:movies${run.opts.date ? ` -- --date ${date}` : ''}\` first`;
  run.recorder.fail('snapshot', path, reason);
  deps.log.error({ date }, reason);
  return reason;
}

/** Step 2: the snapshot's movie×city pairs, city ids from the day's city documents. */
async function dayPairs(run: SchedulesRun, snapshot: SnapshotDoc): Promise<Pair[]> {
  const cityIds = new Map<string, string>();
  for (const d of await run.deps.store.list(cityMoviesCollection(run.date))) {
    const c = CityMoviesDoc.safeParse(d.data);
    if (c.success) cityIds.set(c.data.city, c.data.city_id);
  }
  const { pairs, unknown } = pairsOf(snapshot, cityIds, iso(run.deps.clock.now()));
  for (const name of unknown) run.recorder.fail('city', name, 'no TIX.id city id known for this city name');
  run.result.pairsTotal = pairs.length;
  return pairs;
}

/** The pairs this run reads: `--city`'s, then the shard's share. */
function pairsOfRun(run: SchedulesRun, allPairs: readonly Pair[]): Pair[] {
  let pairs = [...allPairs];
  if (run.opts.cities) {
    const names = new Set(run.opts.cities.map((c) => c.name));
    pairs = pairs.filter((p) => names.has(p.city.name));
  }
  if (run.shard) pairs = shardOf(pairs, run.shard, (p) => p.key);
  run.recorder.set({ pairs_total: allPairs.length, pairs_scheduled: pairs.length });
  return pairs;
}

/** Step 3: every page of each pair; a failed pair is recorded with its reason. Returns the documents to store. */
async function readPairs(run: SchedulesRun, pairs: readonly Pair[]): Promise<DocWrite[]> {
  const { deps, opts, recorder, result } = run;
  const { client, log } = deps;
  const progress = createProgress({
    label: 'schedules: pairs',
    total: pairs.length,
    log,
    requests: () => client.requests(),
  });
  const docs: DocWrite[] = [];
  // A bounded pool (not every pair at once) so a cancel stops within the pairs in flight.
  await runPool(
    pairs,
    opts.workers ?? DEFAULT_PAIR_WORKERS,
    async (pair) => {
      const fetched = await fetchPair(client, pair, () => result.pages++, opts.signal);
      if ('cancelled' in fetched) return;
      if ('reason' in fetched) {
        result.failedPairs.push({ movie_id: pair.movie.id, city: pair.city.name, reason: fetched.reason });
        recorder.fail('pair', `${pair.movie.title} × ${pair.city.name}`, fetched.reason);
        progress.fail();
        return;
      }
      const { doc, warnings } = pairDocFrom(pair, fetched.theatres);
      for (const w of warnings) log.warn({ movie_id: pair.movie.id, city: pair.city.name }, w);
      recorder.count('warnings', warnings.length);
      result.showtimes += showtimeCount(doc);
      docs.push({ path: showtimesPath(run.date, pair.movie.id, pair.city.id), data: doc });
      progress.tick();
    },
    () => opts.signal?.aborted === true,
  );
  progress.stop();
  return docs.sort((a, b) => (a.path < b.path ? -1 : 1));
}

interface PairsStored extends WriteReport {
  docs: DocWrite[];
}

/** Step 4: the pairs read, one showtimes document each; the seat index of the day goes with any change. */
async function storePairs(run: SchedulesRun, docs: DocWrite[]): Promise<PairsStored> {
  const { deps, recorder, result } = run;
  const report = await deps.store.writeMany(docs);
  // The seat scraper's index of the day's start times no longer matches the documents.
  if (report.written > 0) await deps.store.delete(seatIndexPath(run.date));
  for (const f of report.failed) {
    const doc = docs.find((d) => d.path === f.path)?.data as ShowtimesDoc | undefined;
    result.failedPairs.push({
      movie_id: doc?.movie_id ?? '',
      city: doc?.city ?? '',
      reason: `write failed: ${f.error}`,
    });
    recorder.fail('write', f.path, f.error);
  }
  recorder.count('pages', result.pages);
  return { ...report, docs };
}

/** A signal stopped the run: the pairs read are stored (idempotent by document id); the day's documents wait for the re-run. */
async function cancelled(
  run: SchedulesRun,
  signal: CancelSignal,
  scheduled: number,
  report: PairsStored,
): Promise<SchedulesResult> {
  const { recorder, result, notes } = run;
  recorder.set({ pairs_scraped: report.written, pairs_failed: result.failedPairs.length, showtimes: result.showtimes });
  notes.push(
    `${report.written} of ${scheduled} pairs read and stored before ${signal}; the next run reads the day again and builds the schedule documents`,
  );
  const summary = await recorder.cancel(signal, { notes });
  return { ...result, summary };
}

/** The pairs' counts in the run record; the run's units of work. */
function recordPairs(run: SchedulesRun, scheduled: number, report: PairsStored): WorkDone {
  const { recorder, result } = run;
  recorder.set({
    pairs_scraped: report.written,
    pairs_failed: result.failedPairs.length,
    showtimes: result.showtimes,
    failed_pairs: result.failedPairs.slice(0, PAIRS_IN_RUN),
    biggest_pair_bytes: report.maxBytes,
  });
  return { unit: 'movie×city pairs', total: scheduled, failed: result.failedPairs.length };
}

/** A shard's end: its showtimes documents are written; `--merge-shards` builds the day. */
async function finishShard(
  run: SchedulesRun,
  scheduled: number,
  report: PairsStored,
  work: WorkDone,
): Promise<SchedulesResult> {
  const { recorder, result, notes, date } = run;
  const docs = report.docs.map((d) => d.data as ShowtimesDoc);
  const theatres = new Set(docs.flatMap((d) => d.theatres.map((t) => t.theatre_id)));
  recorder.set({
    movies: new Set(docs.map((d) => d.movie_id)).size,
    cities: new Set(docs.map((d) => d.city)).size,
    theatres_total: theatres.size,
  });
  notes.push(
    `shard ${formatShard(run.shard!)}: ${report.written} of ${scheduled} pairs written; run \`scrape:schedules -- --merge-shards${run.opts.date ? ` --date ${date}` : ''}\` after every shard to build the schedule documents`,
  );
  // A shard the stable hash gave no pair has done its share: that is not a failure.
  const summary = await recorder.finish({ published: scheduled === 0 ? true : report.written, notes, work });
  return { ...result, summary };
}
