/**
 * One seat pass (morning, jit or final), as its steps:
 *
 *   1. loadShowtimes (load.ts)     morning: every showtimes document; JIT/final: the day index,
 *                                  which names the shows due in the window (day-index.ts)
 *   2. loadDay (day.ts)            what earlier passes stored: readings by kind, shows that started,
 *                                  and each show's facts (JIT/final: the ≤ 2 slots of the window)
 *   3. passShows (below)           the shows to choose from: JIT/final take the due shows from their
 *                                  slot records (window.ts) and read a showtimes document only for
 *                                  a due show the slots lack; morning, the documents' shows
 *   4. selectShowtimes (select.ts) the shows of the mode at "now" that are not stored yet
 *   5. readLayouts (below)         a worker pool (shared/pool.ts) reads each layout → occupancy.ts →
 *                                  the ReadingWriter (writer.ts), which persists in batches:
 *                                  JIT/final snapshot documents, then the half-hour slot documents
 *   6. recordPass (below)          counts, the day's write estimate (budget.ts), the run record
 *
 * Stopping: an aborted `signal` (SIGINT/SIGTERM, wired by main.ts) stops the pool taking shows;
 * readings in flight finish, the writer persists them, and the run is recorded `cancelled`. A pass
 * killed outright loses at most the readings of its unsaved batch: a re-run selects only the shows
 * whose readings are not stored, and documents have deterministic ids (snapshot.ts), so nothing is
 * duplicated and no stored reading is asked for again.
 *
 * Every way out returns the run record (`run`); a crash is recorded as a failed run and returned
 * with `crashed` saying why. Nothing is thrown once the pass has started.
 */
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { runPool } from '../../shared/pool.js';
import { createProgress, type Progress } from '../../shared/progress.js';
import { RunRecorder, type RunSummary } from '../../shared/run/recorder.js';
import type { SeatMode } from '../../shared/run/vocabulary.js';
import { cancelSignalOf } from '../../shared/signals.js';
import { formatShard, inShard, type Shard } from '../../shared/shard.js';
import type { SeatSnapshotDoc } from '../../shared/store/documents.js';
import { showtimesCollection } from '../../shared/store/paths.js';
import type { Store } from '../../shared/store/store.js';
import { ShowStartedError, TixBlockedError, type TixClient } from '../../shared/tix/client.js';
import { TokenUnavailableError } from '../../shared/tix/errors.js';
import { cityByName, normaliseCityName } from '../../shared/tix/cities.js';
import { estimateDayWrites, MORNING_FLUSH_EVERY, type DayEstimate } from './budget.js';
import { loadDay, type LoadedDay } from './day.js';
import { loadShowtimes, readShowtimesDocs, type LoadedShowtimes } from './load.js';
import { parseLayout } from './occupancy.js';
import { slotsBetween } from './readings.js';
import { DEFAULT_JIT_WINDOW_MINUTES, FINAL_WINDOW_MINUTES, selectShowtimes, showtimesOf, windowOf, type ShowtimeTarget } from './select.js';
import { documentsOf, windowShows } from './window.js';
import { ReadingWriter } from './writer.js';


export interface SeatPassDeps {
  store: Store;
  client: Pick<TixClient, 'layout' | 'stats'>;
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

export interface SeatPassResult {
  date: string;
  mode: SeatMode;
  /** Showtimes the pass chose from (after city and shard filters): morning, every show of the day's
   * documents; JIT/final with the day index, the shows due in the window. */
  candidates: number;
  /** Showtimes selected (= showtimes_scraped when the pass ran to the end). */
  selected: number;
  /** Their ids, in start order. */
  selectedIds: string[];
  /** Layouts read and parsed (= showtimes_success). */
  success: number;
  /** Readings stored (morning: in the slot documents; JIT/final: snapshot written and slot updated). */
  written: number;
  /** Readings equal to the show's morning reading (JIT/final; written all the same). */
  unchanged: number;
  /** 401 EXPIRED_EVENT_DETAIL: the show started. Skipped, not failed. */
  started: number;
  /** Layout or write failures. */
  failed: number;
  /** Showtimes documents read. */
  documentsRead: number;
  /** Slot and index documents written. */
  bookkeepingWrites: number;
  /** Whether a signal stopped the pass before every selected show was asked for. */
  cancelled: boolean;
  /** The day's writes as estimated from this pass's shows; absent when the pass crashed. */
  estimate?: DayEstimate;
  run: RunSummary;
  /** The snapshot documents this pass wrote, by path (JIT/final; for tests and the bench). */
  snapshots: Map<string, SeatSnapshotDoc>;
  /** The pass crashed (recorded as failed in `run`): why. Its counts are then 0, not what it did before. */
  crashed?: string;
}

const WORKERS = 32;

/** The counts of a pass that crashed before it read anything it could report. */
const NOTHING_READ = { candidates: 0, selected: 0, success: 0, written: 0, unchanged: 0, started: 0, failed: 0, documentsRead: 0, bookkeepingWrites: 0, cancelled: false } as const;

/** Resolve `--city` names; throws naming the unknown one. */
export function resolveCities(names: readonly string[] | undefined): string[] | undefined {
  if (!names || names.length === 0) return undefined;
  return names.map((n) => {
    const c = cityByName(n);
    if (!c) throw new Error(`unknown city ${JSON.stringify(n)} (expected one of the 83 TIX.id cities, e.g. JAKARTA)`);
    return c.name;
  });
}

interface PassContext {
  deps: SeatPassDeps;
  opts: SeatPassOptions;
  date: string;
  mode: SeatMode;
  now: Date;
  windowMinutes: number;
  citySet: ReadonlySet<string> | undefined;
  recorder: RunRecorder;
}

function startPass(deps: SeatPassDeps, opts: SeatPassOptions): PassContext {
  const now = deps.clock.now();
  const date = opts.date ?? jakartaDate(now);
  const mode = opts.mode;
  const windowMinutes = opts.windowMinutes ?? DEFAULT_JIT_WINDOW_MINUTES;
  const cities = resolveCities(opts.cities);
  const recorder = new RunRecorder({ runType: 'seats', mode, store: deps.store, clock: deps.clock, log: deps.log, date, stepSummaryPath: deps.stepSummaryPath, requestStats: () => deps.client.stats() });
  recorder.set({ mode, window_minutes: mode === 'jit' ? windowMinutes : mode === 'final' ? FINAL_WINDOW_MINUTES : undefined, now: iso(now) });
  if (opts.shard && opts.shard.n > 1) recorder.set({ shard: formatShard(opts.shard) });
  if (cities) recorder.set({ only_cities: cities });
  return { deps, opts, date, mode, now, windowMinutes, citySet: cities ? new Set(cities.map(normaliseCityName)) : undefined, recorder };
}

/** Step 2: what earlier passes stored (JIT/final: the slots of the window; morning: every slot). */
async function loadStored(ctx: PassContext): Promise<LoadedDay> {
  const { from, to } = windowOf({ mode: ctx.mode, now: ctx.now, windowMinutes: ctx.windowMinutes });
  const day = await loadDay(ctx.deps.store, ctx.date, to ? slotsBetween(ctx.date, from, to) : undefined);
  if (day.badLines) ctx.deps.log.warn({ badLines: day.badLines }, 'seats: some lines of the day\'s slot documents were unreadable (their shows are read again)');
  return day;
}

/**
 * Step 3: the shows of this pass (after city and shard filters), and the showtimes documents read
 * for them. With the index's due shows (JIT/final), a show comes from its slot record; only the
 * documents of due shows the slots lack are read, and only those shows taken from them.
 */
async function passShows(ctx: PassContext, loaded: LoadedShowtimes, day: LoadedDay): Promise<{ all: ShowtimeTarget[]; documentsRead: number }> {
  const mine = (s: { showtime_id: string }) => inShard(s.showtime_id, ctx.opts.shard ?? { k: 1, n: 1 });
  const inCities = (s: ShowtimeTarget) => !ctx.citySet || ctx.citySet.has(s.city);
  if (!loaded.due) return { all: showtimesOf(loaded.docs.map((d) => d.doc)).filter((s) => mine(s) && inCities(s)), documentsRead: loaded.documentsRead };
  const { fromSlots, missing } = windowShows(ctx.date, loaded.due.filter(mine), day.records);
  const read = await readShowtimesDocs({ store: ctx.deps.store, recorder: ctx.recorder }, ctx.date, documentsOf(missing));
  const missingIds = new Set(missing.map((d) => d.showtime_id));
  const fromDocs = showtimesOf(read.docs.map((d) => d.doc)).filter((s) => missingIds.has(s.showtime_id));
  if (missing.length > 0) {
    ctx.deps.log.info({ missing: missing.length, documents: read.documentsRead }, `seats: ${missing.length} due shows not in the slots: read from ${read.documentsRead} showtimes documents`);
  }
  const all = [...fromSlots, ...fromDocs].filter(inCities).sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.showtime_id < b.showtime_id ? -1 : a.showtime_id > b.showtime_id ? 1 : 0),
  );
  return { all, documentsRead: loaded.documentsRead + read.documentsRead };
}

/** Step 4: the shows of this pass, leaving out those whose reading of this mode is stored. */
function chooseShowtimes(ctx: PassContext, all: ShowtimeTarget[], day: LoadedDay): { selected: ShowtimeTarget[]; morningOf: Map<string, string> } {
  const taken = { morning: new Set<string>(), jit: new Set<string>(), final: new Set<string>(), started: new Set<string>() };
  const morningOf = new Map<string, string>();
  for (const [id, r] of day.records) {
    if (r.morning) {
      taken.morning.add(id);
      morningOf.set(id, `${r.morning.unavailable}/${r.morning.total}`);
    }
    if (r.jit) taken.jit.add(id);
    if (r.final) taken.final.add(id);
    if (r.started) taken.started.add(id);
  }
  const selected = selectShowtimes(all, {
    mode: ctx.mode,
    now: ctx.now,
    windowMinutes: ctx.windowMinutes,
    morningTaken: taken.morning,
    jitTaken: taken.jit,
    finalTaken: taken.final,
    started: taken.started,
  });
  return { selected, morningOf };
}

interface ReadCounts {
  success: number;
  unchanged: number;
  started: number;
  failed: number;
  notAttempted: number;
  fatal?: Error;
  cancelled: boolean;
}

/** Step 5: read each selected show's layout through a worker pool and hand the readings to the writer. */
async function readLayouts(ctx: PassContext, selected: ShowtimeTarget[], writer: ReadingWriter, morningOf: Map<string, string>, progress: Progress): Promise<ReadCounts> {
  const { client, clock } = ctx.deps;
  const { recorder } = ctx;
  const counts: ReadCounts = { success: 0, unchanged: 0, started: 0, failed: 0, notAttempted: 0, cancelled: false };
  const readOne = async (target: ShowtimeTarget) => {
    recorder.count('showtimes_scraped');
    try {
      const occ = parseLayout(await client.layout(target.merchant, target.showtime_id));
      counts.success++;
      recorder.count('showtimes_success');
      if (morningOf.get(target.showtime_id) === `${occ.unavailable}/${occ.total}`) counts.unchanged++;
      writer.reading(target, occ, clock.now());
      progress.tick();
    } catch (err) {
      if (err instanceof ShowStartedError) {
        counts.started++;
        writer.started(target, clock.now());
        recorder.skip('showtime', target.showtime_id, 'show started (401 EXPIRED_EVENT_DETAIL)');
        progress.tick();
        return;
      }
      counts.failed++;
      recorder.fail('showtime', `${target.showtime_id} (${target.city}, ${target.theatre_name} ${target.showtime})`, err);
      progress.fail();
      if (err instanceof TixBlockedError || err instanceof TokenUnavailableError) counts.fatal = err;
    }
  };
  const stop = () => counts.fatal !== undefined || ctx.opts.signal?.aborted === true;
  const { taken } = await runPool(selected, ctx.opts.workers ?? WORKERS, readOne, stop);
  counts.notAttempted = selected.length - taken;
  counts.cancelled = ctx.opts.signal?.aborted === true;
  return counts;
}

/** Step 6: counts, the day's write estimate and the run record. */
async function recordPass(
  ctx: PassContext,
  facts: { candidates: number; selected: number; documentsRead: number; dayShowtimes: number; bookkeepingWrites: number },
  counts: ReadCounts,
  writer: ReadingWriter,
  noSchedules?: string,
): Promise<{ run: RunSummary; estimate: DayEstimate }> {
  const { recorder } = ctx;
  const failed = counts.failed + writer.failedWrites + (counts.fatal ? counts.notAttempted : 0);
  if (counts.fatal) recorder.set({ stopped_early: `${counts.fatal.name}: ${counts.fatal.message}` });
  if (counts.notAttempted > 0) recorder.count('showtimes_not_attempted', counts.notAttempted);
  const estimate = estimateDayWrites({ showtimes: facts.dayShowtimes, morningPasses: ctx.opts.shard?.n ?? 1 });
  recorder.count('readings_stored', writer.stored);
  recorder.count('snapshots_written', writer.snapshots.size);
  recorder.count('readings_unchanged_since_morning', counts.unchanged);
  recorder.count('showtimes_started', counts.started);
  recorder.count('showtimes_failed', failed);
  recorder.count('bookkeeping_writes', facts.bookkeepingWrites);
  recorder.set({
    showtimes_candidates: facts.candidates,
    documents_read: facts.documentsRead,
    writes_estimate_day: estimate.total,
    writes_estimate: { ...estimate, basis: 'one snapshot per show (JIT) + slot, run and index writes; docs/performance.md' },
  });
  const notes = [
      `${facts.selected} showtimes selected of ${facts.candidates}; ${writer.stored} readings stored (${writer.snapshots.size} snapshot documents), ${counts.started} already started, ${failed} failed.`,
      ...(counts.cancelled ? [`${counts.notAttempted} selected showtimes not asked for (the next pass takes them); every reading taken was stored`] : []),
      `Day write estimate (seat passes): ${estimate.total} (morning ${estimate.morning} + JIT ${estimate.jit} + runs/index ${estimate.bookkeeping}); free tier 20,000.`,
  ];
  const signal = cancelSignalOf(ctx.opts.signal);
  const run = signal
    ? await recorder.cancel(signal, { notes })
    : await recorder.finish({
        published: failed === 0 || counts.success > 0,
        // No schedules stored, or stopped early (403 block, no token): the pass did not do its work.
        ...(noSchedules || counts.fatal
          ? {
              status: 'failed' as const,
              reason:
                noSchedules ??
                `stopped early (${counts.fatal!.name}: ${counts.fatal!.message}); ${counts.notAttempted} of ${facts.selected} showtimes not attempted`,
            }
          : {}),
        work: { unit: 'showtimes', total: facts.selected, failed },
        notes,
      });
  return { run, estimate };
}

export async function runSeatPass(deps: SeatPassDeps, opts: SeatPassOptions): Promise<SeatPassResult> {
  const ctx = startPass(deps, opts);
  const { store, client, clock, log } = deps;
  const { recorder, date, mode } = ctx;
  let progress: Progress | undefined;
  try {
    // 1. the showtimes documents (morning) or the day index's due shows (JIT/final)
    const loaded = await loadShowtimes({ store, clock, log, recorder }, { date, mode, now: ctx.now, windowMinutes: ctx.windowMinutes, ...(ctx.citySet ? { citySet: ctx.citySet } : {}) });
    // Nothing stored for the day is not "nothing due": the pass fails (one line why).
    const noSchedules =
      loaded.documentsRead === 0 && loaded.dayShowtimes === 0
        ? `no showtimes documents for ${date} under ${showtimesCollection(date)}: run the schedules scraper first`
        : undefined;
    if (noSchedules) {
      recorder.set({ notes_schedules: `no showtimes documents for ${date}: run the schedules scraper first` });
      log.warn({ date }, `seats: no showtimes documents under ${showtimesCollection(date)}; run the schedules scraper first`);
    }
    // 2. what is stored already
    const day = await loadStored(ctx);
    // 3. the shows to choose from
    const { all, documentsRead } = await passShows(ctx, loaded, day);
    // 4. the shows to read
    const { selected, morningOf } = chooseShowtimes(ctx, all, day);
    recorder.set({ showtimes_scraped: 0, showtimes_success: 0 });
    log.info({ date, mode, candidates: all.length, selected: selected.length }, `seats ${mode}: ${selected.length} of ${all.length} showtimes selected`);

    // 5. read, persisting in batches
    const writer = new ReadingWriter({
      store,
      clock,
      date,
      mode,
      chunk: opts.writeChunk ?? MORNING_FLUSH_EVERY,
      onFailure: (path, reason) => recorder.fail('write', path, reason),
    });
    const requestsAtStart = client.stats().total.requests;
    progress = createProgress({
      label: `seats ${mode}`,
      total: selected.length,
      log,
      requests: () => client.stats().total.requests - requestsAtStart,
      ...(opts.progressIntervalMs ? { intervalMs: opts.progressIntervalMs } : {}),
    });
    const counts = await readLayouts(ctx, selected, writer, morningOf, progress);
    await writer.flush();
    progress.stop();

    // 6. the run record
    const bookkeepingWrites = loaded.indexWrites + writer.slotWrites;
    const { run, estimate } = await recordPass(
      ctx,
      { candidates: all.length, selected: selected.length, documentsRead, dayShowtimes: loaded.dayShowtimes, bookkeepingWrites },
      counts,
      writer,
      noSchedules,
    );
    return {
      date,
      mode,
      candidates: all.length,
      selected: selected.length,
      selectedIds: selected.map((s) => s.showtime_id),
      success: counts.success,
      written: writer.stored,
      unchanged: counts.unchanged,
      started: counts.started,
      failed: counts.failed + writer.failedWrites + (counts.fatal ? counts.notAttempted : 0),
      documentsRead,
      bookkeepingWrites,
      cancelled: counts.cancelled,
      estimate,
      run,
      snapshots: writer.snapshots,
    };
  } catch (err) {
    progress?.stop();
    const run = await recorder.abort(err);
    return { ...NOTHING_READ, date, mode, selectedIds: [], snapshots: new Map(), run, crashed: err instanceof Error ? err.message : String(err) };
  }
}
