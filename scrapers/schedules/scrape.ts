/**
 * The schedules scraper's shell.
 *
 *   snapshots/{date} (written by the movies scraper) → movie×city pairs
 *   → every page of GET /v1/schedules/movies/{id} per pair (pages of a pair one after another, as
 *     soon as the previous says has_next; all pairs at once through the shared client's limits)
 *   → schedules/{date}/showtimes/{movie}_{city}  (one per pair: every showtime id and status)
 *   → from the stored pair documents of the day (`finishDay`):
 *       schedules/{date}/movies/{movie}   (the web app's document, size-checked)
 *       theatres/{id}                     (upserts)
 *       theatre_counts + summary in snapshots/{date} and, when it is that day, snapshots/latest
 *
 * When `snapshots/{date}` is missing the run fails at once and says to run `scrape:movies` first
 * (scrapers meet only in the store; running the movies step from here would hide a failed step).
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
 */
import type { Logger } from 'pino';
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import { runPool } from '../../shared/pool.js';
import { createProgress } from '../../shared/progress.js';
import { addToDayMoviesRun, RunRecorder, type RunSummary, type WorkDone } from '../../shared/run.js';
import { formatShard, shardOf, type Shard } from '../../shared/shard.js';
import {
  CityMoviesDoc,
  ShowtimesDoc,
  SnapshotDoc,
  TheatreDoc,
  type SnapshotMovie,
} from '../../shared/store/documents.js';
import { seatIndexPath, schedulePath, showtimesCollection, showtimesDocId, showtimesPath } from '../../shared/store/paths.js';
import type { DocData, DocWrite, Store } from '../../shared/store/store.js';
import { cityByName, cityZone, type City } from '../../shared/tix/cities.js';
import type { TixClient } from '../../shared/tix/client.js';
import type { ApiTheatre } from '../../shared/tix/schemas.js';
import {
  buildScheduleDoc,
  pairDocFrom,
  showtimeCount,
  sizeCheck,
  theatreCountsOf,
  theatresSeen,
  theatreUpserts,
  withTheatreCounts,
  type PairRef,
} from './build.js';
import { FIRST_PAGE, judgePage } from './paging.js';
import { cancelSignalOf } from '../../shared/signals.js';

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

export interface SchedulesDeps {
  client: TixClient;
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface FailedPair {
  movie_id: string;
  city: string;
  reason: string;
}

export interface SchedulesResult {
  summary: RunSummary;
  date: string;
  pairsTotal: number;
  failedPairs: FailedPair[];
  pages: number;
  showtimes: number;
  /** Largest schedule document written (Firestore bytes). */
  maxScheduleBytes: number;
}

/** Failed pairs kept in full in the run document (beyond the recorder's 20-error sample). */
const FAILED_PAIRS_IN_RUN = 100;

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Pair extends PairRef {
  key: string;
  movie: SnapshotMovie;
}

/** The movie×city pairs of a snapshot, city ids from the day's city documents (built-in list as fallback). */
export function pairsOf(snapshot: SnapshotDoc, cityIds: ReadonlyMap<string, string>, uploadedAt: string): { pairs: Pair[]; unknown: string[] } {
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
async function fetchPair(client: TixClient, pair: Pair, onPage: () => void, signal?: AbortSignal): Promise<{ theatres: ApiTheatre[] } | { reason: string; cancelled?: true }> {
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

/** Run the schedules scraper once. Records a run document always; throws only on programming errors. */
export async function scrapeSchedules(deps: SchedulesDeps, opts: SchedulesOptions = {}): Promise<SchedulesResult> {
  const { client, store, clock, log } = deps;
  const date = opts.date ?? jakartaDate(clock.now());
  const recorder = new RunRecorder({ runType: 'schedules', store, clock, log, date, stepSummaryPath: deps.stepSummaryPath, requestStats: () => client.stats() });
  const sharded = opts.shard !== undefined && opts.shard.n > 1;
  const notes: string[] = [];
  const result: Omit<SchedulesResult, 'summary'> = { date, pairsTotal: 0, failedPairs: [], pages: 0, showtimes: 0, maxScheduleBytes: 0 };
  /** This run's movie×city pairs and how many failed: decides failed vs partial (shared/run.ts judgeRun). */
  let work: WorkDone | undefined;
  recorder.set({
    mode: opts.mergeShards ? 'merge-shards' : sharded ? 'shard' : opts.cities ? 'cities' : 'full',
    shard: sharded ? formatShard(opts.shard!) : undefined,
    only_cities: opts.cities?.map((c) => c.name),
  });
  try {
    // ---- 0. the day's movie×city pairs
    const snapshotRaw = await store.get(`snapshots/${date}`);
    const parsed = SnapshotDoc.safeParse(snapshotRaw);
    if (!parsed.success) {
      const reason = snapshotRaw
        ? `snapshots/${date} does not match its schema: ${parsed.error.issues[0]?.message}`
        : `snapshots/${date} does not exist: run \`npm run scrape:movies${opts.date ? ` -- --date ${date}` : ''}\` first`;
      recorder.fail('snapshot', `snapshots/${date}`, reason);
      log.error({ date }, reason);
      notes.push(reason);
      const summary = await recorder.finish({ published: false, requestStats: client.stats(), notes });
      return { ...result, summary };
    }
    const snapshot = parsed.data;
    const cityIds = new Map<string, string>();
    for (const d of await store.list(`snapshots/${date}/cities`)) {
      const c = CityMoviesDoc.safeParse(d.data);
      if (c.success) cityIds.set(c.data.city, c.data.city_id);
    }
    const { pairs: allPairs, unknown } = pairsOf(snapshot, cityIds, iso(clock.now()));
    for (const name of unknown) recorder.fail('city', name, 'no TIX.id city id known for this city name');
    result.pairsTotal = allPairs.length;

    // ---- 1. read the pairs of this run and store one document per pair
    if (!opts.mergeShards) {
      let pairs = allPairs;
      if (opts.cities) {
        const names = new Set(opts.cities.map((c) => c.name));
        pairs = pairs.filter((p) => names.has(p.city.name));
      }
      if (sharded) pairs = shardOf(pairs, opts.shard!, (p) => p.key);
      recorder.set({ pairs_total: allPairs.length, pairs_scheduled: pairs.length });
      const progress = createProgress({
        label: 'schedules: pairs',
        total: pairs.length,
        log,
        requests: () => client.stats().total.requests,
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
          docs.push({ path: showtimesPath(date, pair.movie.id, pair.city.id), data: doc });
          progress.tick();
        },
        () => opts.signal?.aborted === true,
      );
      progress.stop();
      docs.sort((a, b) => (a.path < b.path ? -1 : 1));
      const report = await store.writeMany(docs);
      // The seat scraper's index of the day's start times no longer matches the documents.
      if (report.written > 0) await store.delete(seatIndexPath(date));
      for (const f of report.failed) {
        const doc = docs.find((d) => d.path === f.path)?.data as ShowtimesDoc | undefined;
        result.failedPairs.push({ movie_id: doc?.movie_id ?? '', city: doc?.city ?? '', reason: `write failed: ${f.error}` });
        recorder.fail('write', f.path, f.error);
      }
      recorder.count('pages', result.pages);
      const stopped = cancelSignalOf(opts.signal);
      if (stopped) {
        // The pairs read are stored (idempotent by document id); the day's documents wait for the re-run.
        recorder.set({ pairs_scraped: report.written, pairs_failed: result.failedPairs.length, showtimes: result.showtimes });
        notes.push(`${report.written} of ${pairs.length} pairs read and stored before ${stopped}; the next run reads the day again and builds the schedule documents`);
        const summary = await recorder.cancel(stopped, { requestStats: client.stats(), notes });
        return { ...result, summary };
      }
      work = { unit: 'movie×city pairs', total: pairs.length, failed: result.failedPairs.length };
      recorder.set({
        pairs_scraped: report.written,
        pairs_failed: result.failedPairs.length,
        showtimes: result.showtimes,
        failed_pairs: result.failedPairs.slice(0, FAILED_PAIRS_IN_RUN),
        biggest_pair_bytes: report.maxBytes,
      });
      if (sharded) {
        const movies = new Set(docs.map((d) => (d.data as ShowtimesDoc).movie_id));
        const cities = new Set(docs.map((d) => (d.data as ShowtimesDoc).city));
        const theatres = new Set(docs.flatMap((d) => (d.data as ShowtimesDoc).theatres.map((t) => t.theatre_id)));
        recorder.set({ movies: movies.size, cities: cities.size, theatres_total: theatres.size });
        notes.push(
          `shard ${formatShard(opts.shard!)}: ${report.written} of ${pairs.length} pairs written; run \`scrape:schedules -- --merge-shards${opts.date ? ` --date ${date}` : ''}\` after every shard to build the schedule documents`,
        );
        // A shard the stable hash gave no pair has done its share: that is not a failure.
        const summary = await recorder.finish({ published: pairs.length === 0 ? true : report.written, requestStats: client.stats(), notes, work });
        return { ...result, summary };
      }
    }

    // ---- 2. the day's documents, from every stored pair document of the day
    const published = await finishDay({ store, clock, log, recorder, notes, result }, snapshot, allPairs);
    const summary = await recorder.finish({ published, requestStats: client.stats(), notes, work });
    return { ...result, summary };
  } catch (err) {
    const summary = await recorder.abort(err, { requestStats: client.stats(), notes });
    return { ...result, summary };
  }
}

interface FinishContext {
  store: Store;
  clock: Clock;
  log: Logger;
  recorder: RunRecorder;
  notes: string[];
  result: Omit<SchedulesResult, 'summary'>;
}

/**
 * Build and write the schedule documents, theatres and theatre counts of the day from the stored
 * pair documents. Returns how many documents were written.
 */
async function finishDay(ctx: FinishContext, snapshot: SnapshotDoc, pairs: readonly Pair[]): Promise<number> {
  const { store, clock, log, recorder, notes, result } = ctx;
  const date = snapshot.date;
  const now = iso(clock.now());
  const wanted = new Set(pairs.map((p) => p.key));

  const stored: ShowtimesDoc[] = [];
  const stale: string[] = [];
  for (const d of await store.list(showtimesCollection(date))) {
    if (!wanted.has(d.id)) {
      stale.push(d.path);
      continue;
    }
    const parsed = ShowtimesDoc.safeParse(d.data);
    if (parsed.success) stored.push(parsed.data);
    else recorder.fail('pair document', d.path, parsed.error.issues[0]?.message ?? 'does not match its schema');
  }
  // Pairs no longer in the day's snapshot (TIX.id dropped the city or movie): the seats scraper
  // lists this collection, so they go.
  for (const path of stale) await store.delete(path);
  if (stale.length) {
    await store.delete(seatIndexPath(date));
    recorder.count('stale_pair_documents_deleted', stale.length);
    log.info({ date, deleted: stale.length }, `deleted ${stale.length} pair documents no longer in snapshots/${date}`);
  }

  // -- schedule documents (the web app's), one per movie
  const byMovie = new Map<string, ShowtimesDoc[]>();
  for (const p of stored) byMovie.set(p.movie_id, [...(byMovie.get(p.movie_id) ?? []), p]);
  const scheduleWrites: DocWrite[] = [];
  const missingAll: { movie_id: string; city: string }[] = [];
  let showtimes = 0;
  // Pairs this run already recorded as failed; any other missing pair (a shard that never ran or
  // failed it, an earlier run's failure) is recorded here, so an incomplete day is never a success.
  const failedHere = new Set(result.failedPairs.map((f) => `${f.movie_id}\n${f.city}`));
  for (const movie of snapshot.movies) {
    const moviePairs = byMovie.get(movie.id) ?? [];
    const present = new Set(moviePairs.map((p) => p.city));
    const missing = movie.cities.filter((c) => !present.has(c));
    for (const city of missing) missingAll.push({ movie_id: movie.id, city });
    if (moviePairs.length === 0) {
      recorder.fail('movie', `${movie.title} (${movie.id})`, 'no schedule could be read in any of its cities; no schedule document written');
      continue;
    }
    for (const city of missing) {
      if (!failedHere.has(`${movie.id}\n${city}`)) {
        recorder.fail('pair', `${movie.title} (${movie.id}) × ${city}`, 'no schedule stored for the day (not read by this run, an earlier run of the day or any shard)');
      }
    }
    const doc = buildScheduleDoc({ movie, date, uploadedAt: now, pairs: moviePairs, missingCities: missing });
    const path = schedulePath(date, movie.id);
    const size = sizeCheck(path, doc);
    if (!size.fits) {
      recorder.fail('movie', `${movie.title} (${movie.id})`, `schedule document would be ${size.bytes} bytes, over Firestore's 1 MiB limit; not written (the per-city showtimes documents are)`);
      log.error({ movie_id: movie.id, bytes: size.bytes }, 'schedule document too big');
      continue;
    }
    result.maxScheduleBytes = Math.max(result.maxScheduleBytes, size.bytes);
    showtimes += doc.showtime_count;
    scheduleWrites.push({ path, data: doc as unknown as DocData });
  }
  const scheduleReport = await store.writeMany(scheduleWrites);
  for (const f of scheduleReport.failed) recorder.fail('write', f.path, f.error);
  if (missingAll.length) {
    notes.push(`${missingAll.length} movie×city pairs have no schedule for ${date} (listed in missing_cities of their schedule documents)`);
  }

  // -- theatres
  const existing = new Map<string, Partial<TheatreDoc>>();
  for (const d of await store.list('theatres')) existing.set(d.id, d.data as Partial<TheatreDoc>);
  const seen = theatresSeen(stored);
  const theatreWrites = theatreUpserts(seen, existing, now);
  const theatreReport = await store.writeMany(theatreWrites);
  for (const f of theatreReport.failed) recorder.fail('theatre', f.path, f.error);

  // -- theatre counts into the day's snapshot, and into latest when latest is that day
  const counts = theatreCountsOf(stored);
  let snapshotsWritten = 0;
  const applyCounts = async (path: string) =>
    store.transaction(path, (current) => {
      const cur = SnapshotDoc.safeParse(current);
      if (!cur.success || cur.data.date !== date) return { result: false };
      return { write: withTheatreCounts(cur.data, counts) as unknown as DocData, result: true };
    });
  if (await applyCounts(`snapshots/${date}`)) snapshotsWritten++;
  if (await applyCounts('snapshots/latest')) snapshotsWritten++;

  // The admin's "today's morning scrape" panel reads theatre counts from the day's movies run,
  // and only this step knows them: add them to the newest movies run of the day.
  const theatreCounts = {
    theatres_total: seen.size,
    theatres_success: theatreReport.written,
    theatres_failed: theatreReport.failed.length,
  };
  const moviesRun = await addToDayMoviesRun(store, date, theatreCounts).catch((err: unknown) => {
    recorder.fail('run', `movies run of ${date}`, `theatre counts not added: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });
  if (moviesRun) notes.push(`theatre counts added to ${moviesRun}`);

  const cities = new Set(stored.map((p) => p.city));
  recorder.set({
    movies: scheduleWrites.length - scheduleReport.failed.length,
    cities: cities.size,
    presales: snapshot.summary.presale_count,
    ...theatreCounts,
    showtimes_in_documents: showtimes,
    schedule_documents: scheduleReport.written,
    pair_documents: stored.length,
    missing_pairs: missingAll.length,
    missing_pairs_sample: missingAll.slice(0, FAILED_PAIRS_IN_RUN),
    biggest_schedule_bytes: result.maxScheduleBytes,
    snapshots_updated: snapshotsWritten,
  });
  log.info(
    { date, movies: scheduleReport.written, theatres: theatreReport.written, showtimes, biggest_schedule_bytes: result.maxScheduleBytes },
    `schedules for ${date}: ${scheduleReport.written} movie documents, ${theatreReport.written} theatres, ${showtimes} showtimes`,
  );
  return scheduleReport.written + theatreReport.written + snapshotsWritten;
}
