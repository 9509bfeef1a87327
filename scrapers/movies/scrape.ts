/**
 * The movies scraper's shell, as its steps:
 *
 *   1. listCities     GET /v1/cities (the built-in 83 when that call fails, said in the run)
 *   2. targetsOf      the cities this run reads: every one listed, `--city`'s, or a shard's share
 *   3. readCities     GET /v1/movies for each, all issued at once (the shared client keeps to
 *                     TIX_RPS / TIX_CONCURRENCY) → one document per city,
 *                     `snapshots/{date}/cities/{city_id}`; a shard ends here (finishShard)
 *   4. mergeDay       the day's snapshot merged from every city document stored for the day
 *                     (merge.ts), the cities without a movie list named
 *   5. publishDay     `snapshots/{date}` and, when decideLatest finds the day good,
 *                     `snapshots/latest`, in one atomic publish; the run record
 *
 * Modes:
 *  - full run (default): every city TIX.id lists.
 *  - `--city NAME`…: only those cities are read; their documents replace the earlier ones of the
 *    day and the snapshot is merged again from all cities, so it equals a full run with those
 *    cities' new answers. The run is judged on those cities alone (success when they were read);
 *    while the day lacks more of the others than `--max-failed-share`, `latest` is held back and
 *    the run says so (a one-city local run is an ordinary use, not a failure).
 *  - `--shard K/N`: reads a stable share of the cities and writes only their city documents;
 *    `--merge-shards` afterwards (one job, no movie requests) merges the day and publishes. The
 *    result is the snapshot one unsharded run would have written.
 *
 * Every way out returns the run record (`summary`); a crash is recorded as a failed run and
 * returned with `crashed` saying why. Nothing is thrown.
 */
import { iso } from '../../shared/clock.js';
import { createProgress } from '../../shared/progress.js';
import type { RunRecorder, RunRecord } from '../../shared/run/recorder.js';
import { startScrapeRun, type ScrapeDeps } from '../../shared/run/scrape-run.js';
import { formatShard, shardOf, type Shard } from '../../shared/shard.js';
import { CityMoviesDoc, SnapshotDoc } from '../../shared/store/documents.js';
import { cityMoviesCollection, cityMoviesPath, daySnapshotPath, LATEST_SNAPSHOT } from '../../shared/store/paths.js';
import type { DocWrite } from '../../shared/store/store.js';
import { CITIES, citiesWithoutKnownZone, normaliseCityName, type City } from '../../shared/tix/cities.js';
import { counted } from '../../shared/words.js';
import { cityMoviesFrom, decideLatest, mergeSnapshot, type CityRef, type LatestDecision } from './merge.js';

export const DEFAULT_MAX_FAILED_SHARE = 0.1;

export interface MoviesOptions {
  /** Asia/Jakarta date of the documents (default: today in Jakarta). */
  date?: string;
  /** Only these cities (`--city`), merged into the day's snapshot. */
  cities?: readonly City[];
  /**
   * Publish `latest` even when more than `maxFailedShare` of the cities have no movie list or the
   * movie count fell below half of the current one (never an empty day, nor over a later day).
   */
  force?: boolean;
  /** Hold `latest` back when more than this share of cities has no movie list (0–1). */
  maxFailedShare?: number;
  /** Read only this share of the cities and write their city documents (no snapshot). */
  shard?: Shard;
  /** Read no movies: merge the city documents the shards wrote and publish. */
  mergeShards?: boolean;
}

export interface MoviesResult {
  summary: RunRecord;
  date: string;
  snapshot?: SnapshotDoc;
  latestPublished: boolean;
  latestReason?: string;
  /** Cities without a movie list: a `--city` run's own that failed; any other run's, every city the day lacks. */
  failedCities: string[];
  /** The run crashed (recorded as failed in `summary`): why. */
  crashed?: string;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One run: what it was asked, and what every step shares. */
interface MoviesRun {
  deps: ScrapeDeps;
  opts: MoviesOptions;
  date: string;
  recorder: RunRecorder;
  notes: string[];
  maxFailedShare: number;
  /** Set when the run reads one share of N > 1. */
  shard: Shard | undefined;
}

function startRun(deps: ScrapeDeps, opts: MoviesOptions): MoviesRun {
  const { date, recorder, shard } = startScrapeRun('movies', deps, opts);
  const maxFailedShare = opts.maxFailedShare ?? DEFAULT_MAX_FAILED_SHARE;
  recorder.set({ max_failed_share: maxFailedShare });
  return { deps, opts, date, recorder, notes: [], maxFailedShare, shard };
}

/** Run the movies scraper once. Never throws; records a run document always. */
export async function scrapeMovies(deps: ScrapeDeps, opts: MoviesOptions = {}): Promise<MoviesResult> {
  const run = startRun(deps, opts);
  try {
    const listed = await listCities(run);
    run.recorder.set({ cities_expected: listed.length });
    if (opts.mergeShards) return await publishDay(run, listed, []);
    const targets = targetsOf(run, listed);
    const read = await readCities(run, targets);
    if (run.shard) return await finishShard(run, targets, read);
    return await publishDay(run, listed, read.failedCities, opts.cities ? targets.length : undefined);
  } catch (err) {
    const summary = await run.recorder.abort(err, { notes: run.notes });
    return {
      summary,
      date: run.date,
      latestPublished: false,
      latestReason: reasonOf(err),
      failedCities: [],
      crashed: reasonOf(err),
    };
  }
}

/** Step 1: the cities TIX.id lists, or the built-in 83 when that call fails (said in the log and the run). */
async function listCities(run: MoviesRun): Promise<CityRef[]> {
  const { deps, recorder, notes } = run;
  try {
    const cities = await deps.client.cities();
    const seen = new Set<string>();
    const out: CityRef[] = [];
    for (const c of cities) {
      const name = normaliseCityName(c.name);
      if (!seen.has(name)) out.push({ id: c.id, name });
      seen.add(name);
    }
    if (out.length === 0) throw new Error('GET /v1/cities returned no cities');
    const unknown = citiesWithoutKnownZone(out.map((c) => c.name));
    if (unknown.length > 0) {
      const note = `TIX.id lists ${unknown.length} cities the built-in table does not know (${unknown.join(', ')}): their showtimes are read as WIB until they are added to shared/tix/cities.ts with their province`;
      notes.push(note);
      deps.log.warn({ cities: unknown }, note);
      recorder.count('cities_without_known_zone', unknown.length);
    }
    return out;
  } catch (err) {
    const reason = reasonOf(err);
    recorder.fail('cities', 'GET /v1/cities', reason);
    const note = `the cities call failed (${reason}); used the built-in list of ${CITIES.length} cities`;
    notes.push(note);
    // the reason is in the failure recorded just above: said once
    deps.log.warn(`the cities call failed; used the built-in list of ${CITIES.length} cities`);
    recorder.set({ cities_source: 'built-in' });
    return CITIES.map((c) => ({ id: c.id, name: c.name }));
  }
}

/** Step 2: the cities this run reads (`--city`'s by the listed id, else the listed; then the shard's share). */
function targetsOf(run: MoviesRun, listed: readonly CityRef[]): CityRef[] {
  let targets: CityRef[] = [...listed];
  if (run.opts.cities)
    targets = run.opts.cities.map((c) => listed.find((l) => l.name === c.name) ?? { id: c.id, name: c.name });
  return run.shard ? shardOf(targets, run.shard, (c) => c.id) : targets;
}

interface CitiesRead {
  /** The city documents this run wrote, and how many the store counted. */
  written: DocWrite[];
  scraped: number;
  /** Cities whose list could not be read or written. */
  failedCities: string[];
}

/** Step 3: every target city's movies → its city document of the day. */
async function readCities(run: MoviesRun, targets: readonly CityRef[]): Promise<CitiesRead> {
  const { deps, date, recorder } = run;
  const { client, clock, log } = deps;
  const progress = createProgress({
    label: 'movies: cities',
    total: targets.length,
    log,
    requests: () => client.requests(),
  });
  const docs: DocWrite[] = [];
  const failedCities: string[] = [];
  await Promise.all(
    targets.map(async (city) => {
      try {
        const movies = await client.movies(city.id);
        const { doc, warnings } = cityMoviesFrom(city, movies, {
          date,
          scrapedAt: iso(clock.now()),
          runId: recorder.runId,
        });
        for (const w of warnings) log.warn({ city: city.name }, w);
        recorder.count('warnings', warnings.length);
        docs.push({ path: cityMoviesPath(date, city.id), data: doc });
        progress.tick();
      } catch (err) {
        failedCities.push(city.name);
        recorder.fail('city', city.name, reasonOf(err));
        progress.fail();
      }
    }),
  );
  progress.stop();
  docs.sort((a, b) => (a.path < b.path ? -1 : 1));
  const report = await deps.store.writeMany(docs);
  for (const f of report.failed) {
    recorder.fail('write', f.path, f.error);
    const doc = docs.find((d) => d.path === f.path);
    if (doc) failedCities.push((doc.data as CityMoviesDoc).city);
  }
  recorder.set({
    cities_scraped: report.written,
    cities_failed: failedCities.length,
    failed_cities: failedCities.sort(),
  });
  return {
    written: docs.filter((d) => !report.failed.some((f) => f.path === d.path)),
    scraped: report.written,
    failedCities,
  };
}

/** A shard's end: its city documents are written; `--merge-shards` publishes the day. */
async function finishShard(run: MoviesRun, targets: readonly CityRef[], read: CitiesRead): Promise<MoviesResult> {
  const { recorder, notes, date, opts } = run;
  const { scraped } = read;
  notes.push(
    `shard ${formatShard(run.shard!)}: ${scraped} of ${targets.length} city lists written; run \`scrape:movies -- --merge-shards${opts.date ? ` --date ${date}` : ''}\` after every shard to publish the snapshot`,
  );
  const movies = new Set(read.written.flatMap((d) => (d.data as CityMoviesDoc).movies.map((m) => m.id)));
  recorder.set({ movies: movies.size, cities: scraped });
  // A shard the stable hash gave no city has done its share: that is not a failure.
  const summary = await recorder.finish({
    published: targets.length === 0 ? true : scraped,
    notes,
    work: { unit: 'cities', total: targets.length, failed: read.failedCities.length, maxShare: run.maxFailedShare },
  });
  return { summary, date, latestPublished: false, failedCities: read.failedCities };
}

/** Step 4: the day's snapshot from every city document stored for it, and the listed cities it lacks. */
async function mergeDay(
  run: MoviesRun,
  listed: readonly CityRef[],
  failedCities: readonly string[],
): Promise<{ snapshot: SnapshotDoc; missing: string[]; notRead: string[] }> {
  const { deps, date, recorder } = run;
  const cityDocs: CityMoviesDoc[] = [];
  for (const d of await deps.store.list(cityMoviesCollection(date))) {
    const parsed = CityMoviesDoc.safeParse(d.data);
    if (parsed.success) cityDocs.push(parsed.data);
    else recorder.fail('city document', d.path, parsed.error.issues[0]?.message ?? 'does not match its schema');
  }
  const previousDay = SnapshotDoc.safeParse(await deps.store.get(daySnapshotPath(date)));
  const snapshot = mergeSnapshot({
    date,
    scrapedAt: iso(deps.clock.now()),
    cityDocs,
    expectedCities: listed.map((c) => c.name),
    previous: previousDay.success ? previousDay.data : undefined,
  });
  const missing = snapshot.failed_cities ?? [];
  const notRead = missing.filter((city) => !failedCities.includes(city));
  // A listed city without a movie list of the day that this run did not itself fail (a shard
  // that never ran, a city an earlier run failed) is a failure too: the day is incomplete. Not so
  // for a --city run, which judges the cities it was asked for (publishDay says what the day lacks).
  if (!run.opts.cities) {
    for (const city of notRead)
      recorder.fail(
        'city',
        city,
        'no movie list stored for the day (not read by this run, an earlier run of the day or any shard)',
      );
  }
  recorder.set({
    movies: snapshot.movies.length,
    cities: Object.keys(snapshot.city_stats).length,
    presales: snapshot.summary.presale_count,
    cities_missing: missing.length,
    missing_cities: missing,
  });
  if (run.opts.mergeShards) recorder.set({ failed_cities: missing, cities_failed: missing.length });
  return { snapshot, missing, notRead };
}

/** Whether `latest` may take this snapshot (merge.ts decideLatest), against the current latest. */
async function decide(
  run: MoviesRun,
  snapshot: SnapshotDoc,
  listed: readonly CityRef[],
  missing: readonly string[],
): Promise<LatestDecision> {
  const previousLatest = SnapshotDoc.safeParse(await run.deps.store.get(LATEST_SNAPSHOT));
  return decideLatest({
    snapshot,
    expectedCities: listed.length,
    missingCities: missing.length,
    maxFailedShare: run.maxFailedShare,
    previous: previousLatest.success
      ? { date: previousLatest.data.date, movies: previousLatest.data.movies.length }
      : undefined,
    force: run.opts.force ?? false,
    ...(run.opts.cities ? { onlyCities: run.opts.cities.map((c) => c.name) } : {}),
  });
}

/**
 * Step 5: merge the day, publish `snapshots/{date}` (and `latest` when the day is good), record the
 * run. `asked`: the cities of a `--city` run, whose work is judged on those alone.
 */
async function publishDay(
  run: MoviesRun,
  listed: readonly CityRef[],
  failedCities: readonly string[],
  asked?: number,
): Promise<MoviesResult> {
  const { deps, date, recorder, notes } = run;
  const { snapshot, missing, notRead } = await mergeDay(run, listed, failedCities);
  // What this run failed: a --city run, its own cities; any other, every city the day lacks.
  const failed = asked === undefined ? missing : [...failedCities];
  if (snapshot.movies.length === 0) {
    const reason = 'no movies for the day: nothing published';
    notes.push(reason);
    deps.log.error({ date }, reason);
    const summary = await recorder.finish({ published: false, notes });
    return { summary, date, latestPublished: false, latestReason: reason, failedCities: failed };
  }
  const decision = await decide(run, snapshot, listed, missing);
  if (asked !== undefined && notRead.length && !decision.limited) {
    notes.push(
      `${counted(notRead.length, 'city', 'cities')} not asked for (--city) ${notRead.length === 1 ? 'has' : 'have'} no movie list for ${date} yet: ${notRead.join(', ')}`,
    );
  }
  const writes: DocWrite[] = [{ path: daySnapshotPath(date), data: snapshot }];
  if (decision.publish) writes.push({ path: LATEST_SNAPSHOT, data: snapshot });
  await deps.store.publish(writes);
  recorder.set({ latest_published: decision.publish, latest_reason: decision.reason });
  if (decision.reason) {
    notes.push(decision.reason);
    deps.log.warn({ date }, decision.reason);
  } else {
    deps.log.info(
      { date, movies: snapshot.movies.length, cities: snapshot.summary.total_cities },
      `published ${daySnapshotPath(date)} and ${LATEST_SNAPSHOT}`,
    );
  }
  const summary = await recorder.finish({
    published: writes.length,
    // A held-back latest is never a plain success, even when no single request failed, except
    // for a --city run that read what it was asked: its day lacks the cities it did not read.
    status: !decision.publish && !decision.limited && recorder.failures === 0 ? 'partial' : undefined,
    notes,
    // A --city run's work is its cities; any other run's, every city of the day.
    work: { unit: 'cities', total: asked ?? listed.length, failed: failed.length, maxShare: run.maxFailedShare },
  });
  return {
    summary,
    date,
    snapshot,
    latestPublished: decision.publish,
    latestReason: decision.reason,
    failedCities: failed,
  };
}
