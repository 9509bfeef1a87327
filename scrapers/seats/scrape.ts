/**
 * One seat pass (morning, jit or final): the imperative shell around the pure core of this folder.
 *
 *   showtimes documents (store) → which showtimes (select.ts, theatre-local time)
 *   → layout per showtime (client, logged-in token) → occupancy (occupancy.ts)
 *   → write `seat_snapshots/{showtime_id}_{mode}_{HHMM}` unless unchanged (state.ts)
 *   → `seat_state/{date}`, `seat_index/{date}`, `scraper_runs/{id}`
 *
 * Store cost per pass: 1 read of the index (JIT/final) + the showtimes documents with a show due,
 * 1 read of the state, one write per changed snapshot, at most one state write per 5,000 snapshot
 * writes (and one at the end), and the run document.
 */
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { createProgress, type Progress } from '../../shared/progress.js';
import { RunRecorder, type RunSummary } from '../../shared/run.js';
import { formatShard, inShard, type Shard } from '../../shared/shard.js';
import { ShowtimesDoc, type SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { DocData, Store } from '../../shared/store/store.js';
import { ShowStartedError, TixBlockedError, type TixClient } from '../../shared/tix/client.js';
import { TokenUnavailableError } from '../../shared/tix/errors.js';
import { cityByName, cityById, normaliseCityName } from '../../shared/tix/cities.js';
import { buildDayIndex, decodeDayIndex, dueDocuments, encodeDayIndex, seatIndexPath } from './day-index.js';
import { parseLayout } from './occupancy.js';
import { DEFAULT_JIT_WINDOW_MINUTES, FINAL_WINDOW_MINUTES, selectShowtimes, showtimesOf, windowOf, type SeatMode, type ShowtimeTarget } from './select.js';
import { buildSnapshot, estimateDayWrites, snapshotPath, type DayEstimate } from './snapshot.js';
import { decodeState, encodeState, mergeState, occupancyChanged, type SeatState, type ShowtimeState } from './state.js';

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
  /** JIT window in minutes (default 20). */
  windowMinutes?: number;
  /** Only these cities (any spelling; unknown names are refused). */
  cities?: string[];
  shard?: Shard;
  /** Layouts requested at once (the client's limiter still bounds real concurrency). Default 32. */
  workers?: number;
  /** Progress line interval (ms) when not on a TTY. */
  progressIntervalMs?: number;
  /** Snapshots written per batch (default 400). */
  writeChunk?: number;
  /** Save the seat state after this many snapshot writes, besides at the end (default 5,000). */
  stateFlushEvery?: number;
}

export interface SeatPassResult {
  date: string;
  mode: SeatMode;
  /** Showtimes in the day's documents read by this pass (after city and shard filters). */
  candidates: number;
  /** Showtimes selected and asked for (= showtimes_scraped). */
  selected: number;
  /** Their ids, in start order. */
  selectedIds: string[];
  /** Layouts read and parsed (= showtimes_success). */
  success: number;
  /** Snapshots written. */
  written: number;
  /** Layouts read whose occupancy equalled the last written snapshot: not written. */
  unchanged: number;
  /** 401 EXPIRED_EVENT_DETAIL: the show started. Skipped, not failed. */
  started: number;
  /** Layout or write failures. */
  failed: number;
  /** Showtimes documents read (index hits for JIT/final, all for morning). */
  documentsRead: number;
  /** State/index documents written. */
  bookkeepingWrites: number;
  estimate: DayEstimate;
  run: RunSummary;
  /** The documents this pass wrote, by path (for tests and the bench: never huge, seat maps are small). */
  snapshots: Map<string, SeatSnapshotDoc>;
}

const WRITE_CHUNK = 400;
const STATE_FLUSH_EVERY = 5_000;

export const statePath = (date: string) => `seat_state/${date}`;
export const indexPath = seatIndexPath;
export const showtimesCollection = (date: string) => `schedules/${date}/showtimes`;

/** Resolve `--city` names; throws naming the unknown one. */
export function resolveCities(names: readonly string[] | undefined): string[] | undefined {
  if (!names || names.length === 0) return undefined;
  return names.map((n) => {
    const c = cityByName(n);
    if (!c) throw new Error(`unknown city ${JSON.stringify(n)} (expected one of the 83 TIX.id cities, e.g. JAKARTA)`);
    return c.name;
  });
}

interface LoadedDoc {
  id: string;
  doc: ShowtimesDoc;
}

/** Read and parse showtimes documents; a broken one is recorded and left out. */
function parseDocs(raw: { id: string; data: DocData | undefined }[], recorder: RunRecorder): LoadedDoc[] {
  const out: LoadedDoc[] = [];
  for (const r of raw) {
    if (!r.data) continue;
    const p = ShowtimesDoc.safeParse(r.data);
    if (p.success) out.push({ id: r.id, doc: p.data });
    else recorder.fail('showtimes_doc', r.id, `does not match the ShowtimesDoc schema: ${p.error.issues[0]?.message ?? ''}`);
  }
  return out;
}

export async function runSeatPass(deps: SeatPassDeps, opts: SeatPassOptions): Promise<SeatPassResult> {
  const { store, client, clock, log } = deps;
  const now = clock.now();
  const date = opts.date ?? jakartaDate(now);
  const mode = opts.mode;
  const windowMinutes = opts.windowMinutes ?? DEFAULT_JIT_WINDOW_MINUTES;
  const cities = resolveCities(opts.cities);
  const citySet = cities ? new Set(cities.map(normaliseCityName)) : undefined;
  const recorder = new RunRecorder({ runType: 'seats', mode, store, clock, log, date, stepSummaryPath: deps.stepSummaryPath, requestStats: () => client.stats() });
  recorder.set({ mode, window_minutes: mode === 'jit' ? windowMinutes : mode === 'final' ? FINAL_WINDOW_MINUTES : undefined, now: iso(now) });
  if (opts.shard && opts.shard.n > 1) recorder.set({ shard: formatShard(opts.shard) });
  if (cities) recorder.set({ only_cities: cities });

  const requestsSoFar = () => client.stats().total.requests;
  const requestsAtStart = requestsSoFar();
  let bookkeepingWrites = 0;
  const written = new Map<string, SeatSnapshotDoc>();
  const counts = { success: 0, unchanged: 0, started: 0, failed: 0, writeFailed: 0 };
  let selected: ShowtimeTarget[] = [];
  let candidates: number;
  let documentsRead: number;
  /** Showtimes of the whole day (of the --city cities when given), for the day's write estimate. */
  let dayShowtimes: number;
  let progress: Progress | undefined;

  try {
    // ---- 1. the showtimes documents this pass needs
    let docs: LoadedDoc[];
    const indexDoc = mode === 'morning' ? undefined : await store.get(indexPath(date));
    const storedIndex = decodeDayIndex(indexDoc?.entries as string | undefined);
    if (storedIndex) {
      const { from, to } = windowOf({ mode, now, windowMinutes });
      let ids = dueDocuments(date, storedIndex, from, to);
      if (citySet) ids = ids.filter((id) => citySet.has(cityById(id.split('_')[1] ?? '')?.name ?? ''));
      const raw = await Promise.all(ids.map(async (id) => ({ id, data: await store.get(`${showtimesCollection(date)}/${id}`) })));
      documentsRead = raw.length;
      docs = parseDocs(raw, recorder);
      dayShowtimes = typeof indexDoc?.showtimes === 'number' ? indexDoc.showtimes : 0;
      log.info({ date, mode, documents: ids.length, indexed: storedIndex.size }, `seats: ${ids.length} of ${storedIndex.size} showtimes documents have a show in the window`);
    } else {
      const lists = citySet
        ? await Promise.all([...citySet].map((city) => store.list(showtimesCollection(date), { where: { city } })))
        : [await store.list(showtimesCollection(date))];
      const raw = lists.flat().map((d) => ({ id: d.id, data: d.data }));
      documentsRead = raw.length;
      docs = parseDocs(raw, recorder);
      dayShowtimes = showtimesOf(docs.map((d) => d.doc)).length;
      if (!citySet && docs.length > 0) bookkeepingWrites += await saveIndex(store, date, docs, clock);
    }
    if (docs.length === 0 && documentsRead === 0) {
      recorder.set({ notes_schedules: `no showtimes documents for ${date}: run the schedules scraper first` });
      log.warn({ date }, `seats: no showtimes documents under ${showtimesCollection(date)}; run the schedules scraper first`);
    }

    // ---- 2. which showtimes
    const all = showtimesOf(docs.map((d) => d.doc)).filter(
      (s) => inShard(s.showtime_id, opts.shard ?? { k: 1, n: 1 }) && (!citySet || citySet.has(s.city)),
    );
    candidates = all.length;
    const stateDoc = await store.get(statePath(date));
    const { state: stored, badLines } = decodeState(stateDoc?.entries as string | undefined);
    if (badLines) log.warn({ badLines }, 'seats: some lines of the seat state were unreadable (they cost one extra write each)');
    const jitTaken = new Set<string>();
    const finalTaken = new Set<string>();
    const startedSet = new Set<string>();
    for (const [id, s] of stored) {
      if (s.jit) jitTaken.add(id);
      if (s.final) finalTaken.add(id);
      if (s.started) startedSet.add(id);
    }
    selected = selectShowtimes(all, { mode, now, windowMinutes, jitTaken, finalTaken, started: startedSet });
    recorder.set({ showtimes_scraped: 0, showtimes_success: 0 });
    log.info(
      { date, mode, candidates, selected: selected.length, window_minutes: mode === 'jit' ? windowMinutes : undefined },
      `seats ${mode}: ${selected.length} of ${candidates} showtimes selected`,
    );

    // ---- 3. read layouts, decide, write in chunks
    const updates: SeatState = new Map();
    let pending: { path: string; doc: SeatSnapshotDoc }[] = [];
    let writesSinceFlush = 0;
    let writing: Promise<void> = Promise.resolve();
    const readFlag: Partial<ShowtimeState> = mode === 'jit' ? { jit: true } : mode === 'final' ? { final: true } : {};
    const note = (id: string, patch: Partial<ShowtimeState>) => {
      const cur = updates.get(id) ?? { unavailable: -1, total: -1, jit: false, final: false, started: false };
      updates.set(id, { ...cur, ...patch });
    };
    const flushWrites = (): Promise<void> => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return writing;
      writing = writing.then(async () => {
        const report = await store.writeMany(batch.map((b) => ({ path: b.path, data: b.doc as unknown as DocData })));
        const failedPaths = new Set(report.failed.map((f) => f.path));
        for (const f of report.failed) {
          counts.writeFailed++;
          recorder.fail('write', f.path, f.error);
        }
        for (const b of batch) {
          if (failedPaths.has(b.path)) continue;
          written.set(b.path, b.doc);
          note(b.doc.showtime_id, { unavailable: b.doc.unavailable_seats, total: b.doc.total_seats, ...readFlag });
          writesSinceFlush++;
        }
        if (writesSinceFlush >= (opts.stateFlushEvery ?? STATE_FLUSH_EVERY)) {
          writesSinceFlush = 0;
          // Take what is noted so far and start afresh before awaiting: workers keep noting while
          // the save is in flight, and clearing after it would drop their notes.
          const batch = new Map(updates);
          updates.clear();
          bookkeepingWrites += await saveState(store, date, batch, clock);
        }
      });
      return writing;
    };

    progress = createProgress({
      label: `seats ${mode}`,
      total: selected.length,
      log,
      requests: () => requestsSoFar() - requestsAtStart,
      ...(opts.progressIntervalMs ? { intervalMs: opts.progressIntervalMs } : {}),
    });
    let next = 0;
    let fatal: Error | undefined;
    const worker = async () => {
      while (!fatal && next < selected.length) {
        const target = selected[next++]!;
        recorder.count('showtimes_scraped');
        try {
          const layout = await client.layout(target.merchant, target.showtime_id);
          const capturedAt = clock.now();
          const occ = parseLayout(layout);
          counts.success++;
          recorder.count('showtimes_success');
          // "Read by this mode" is noted once the reading is safe: written, or equal to the last
          // written snapshot. A snapshot whose write fails stays unread, so the next pass retries it.
          if (occupancyChanged(stored.get(target.showtime_id), occ.unavailable, occ.total)) {
            pending.push({ path: snapshotPath(target.showtime_id, mode, capturedAt), doc: buildSnapshot(target, occ, mode, capturedAt) });
            if (pending.length >= (opts.writeChunk ?? WRITE_CHUNK)) void flushWrites();
          } else {
            counts.unchanged++;
            note(target.showtime_id, readFlag);
          }
          progress!.tick();
        } catch (err) {
          if (err instanceof ShowStartedError) {
            counts.started++;
            note(target.showtime_id, { started: true });
            recorder.skip('showtime', target.showtime_id, 'show started (401 EXPIRED_EVENT_DETAIL)');
            progress!.tick();
          } else {
            counts.failed++;
            recorder.fail('showtime', `${target.showtime_id} (${target.city}, ${target.theatre_name} ${target.showtime})`, err);
            progress!.fail();
            if (err instanceof TixBlockedError || err instanceof TokenUnavailableError) fatal = err;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.workers ?? 32, selected.length)) }, worker));
    await flushWrites();
    await writing;
    progress.stop();
    if (fatal) {
      const notTried = selected.length - next;
      counts.failed += notTried;
      if (notTried > 0) recorder.count('showtimes_not_attempted', notTried);
      recorder.set({ stopped_early: `${fatal.name}: ${fatal.message}` });
    }
    // ---- 4. remember what was written (one transaction; merges with concurrent passes)
    if (updates.size > 0) bookkeepingWrites += await saveState(store, date, updates, clock);
  } catch (err) {
    progress?.stop();
    const run = await recorder.abort(err, { requestStats: client.stats() });
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { run });
  }

  // ---- 5. the day's write estimate and the run document
  const reread = counts.unchanged + written.size;
  const changedShare = mode === 'morning' || reread === 0 ? 1 : written.size / reread;
  const estimate = estimateDayWrites({
    showtimes: dayShowtimes,
    changedShare,
    morningPasses: opts.shard?.n ?? 1,
  });
  recorder.count('snapshots_written', written.size);
  recorder.count('snapshots_unchanged', counts.unchanged);
  recorder.count('showtimes_started', counts.started);
  recorder.count('showtimes_failed', counts.failed);
  recorder.count('bookkeeping_writes', bookkeepingWrites);
  recorder.set({
    showtimes_candidates: candidates,
    documents_read: documentsRead,
    writes_estimate_day: estimate.total,
    writes_estimate: { ...estimate, changed_share: Math.round(changedShare * 1000) / 1000, basis: mode === 'morning' ? 'upper bound: every re-read assumed changed' : `share of re-reads changed in this ${mode} pass` },
  });
  const published = counts.failed === 0 || counts.success > 0;
  const run = await recorder.finish({
    published,
    requestStats: client.stats(),
    notes: [
      `${selected.length} showtimes selected of ${candidates}; ${written.size} snapshots written, ${counts.unchanged} unchanged (not written), ${counts.started} already started, ${counts.failed} failed.`,
      `Day write estimate: ${estimate.total} (morning ${estimate.morning} + JIT ${estimate.jit} + final ${estimate.final} + runs/state ${estimate.bookkeeping}); free tier 20,000.`,
    ],
  });
  return {
    date,
    mode,
    candidates,
    selected: selected.length,
    selectedIds: selected.map((s) => s.showtime_id),
    success: counts.success,
    written: written.size,
    unchanged: counts.unchanged,
    started: counts.started,
    failed: counts.failed,
    documentsRead,
    bookkeepingWrites,
    estimate,
    run,
    snapshots: written,
  };
}

/** Merge this pass's updates into `seat_state/{date}` in a transaction. Returns writes made (0/1). */
async function saveState(store: Store, date: string, updates: SeatState, clock: Clock): Promise<number> {
  if (updates.size === 0) return 0;
  return store.transaction(statePath(date), (current) => {
    const stored = decodeState(current?.entries as string | undefined).state;
    const merged = mergeState(stored, updates);
    const entries = encodeState(merged);
    if (current && current.entries === entries) return { result: 0 };
    return { write: { date, updated_at: iso(clock.now()), showtimes: merged.size, entries }, result: 1 };
  });
}

/** Write `seat_index/{date}` unless it already says the same. Returns writes made (0/1). */
async function saveIndex(store: Store, date: string, docs: LoadedDoc[], clock: Clock): Promise<number> {
  const entries = encodeDayIndex(buildDayIndex(date, docs));
  const current = await store.get(indexPath(date));
  if (current?.entries === entries) return 0;
  const showtimes = showtimesOf(docs.map((d) => d.doc)).length;
  await store.set(indexPath(date), { date, updated_at: iso(clock.now()), documents: docs.length, showtimes, entries });
  return 1;
}
