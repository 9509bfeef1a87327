/**
 * One seat pass (morning, jit or final), as its steps:
 *
 *   0. startPass (pass.ts)           the pass's context: date, "now", window, cities, run recorder
 *   1. loadPassShowtimes (shows.ts)  morning: every showtimes document; JIT/final: the day index,
 *                                    which names the shows due in the window (load.ts,
 *                                    day-index.ts); nothing stored for the day fails the pass
 *   2. loadStored (shows.ts)         what earlier passes stored (day.ts): readings by kind, shows
 *                                    that started, and each show's facts (JIT/final: the ≤ 2 slots
 *                                    of the window)
 *   3. passShows (shows.ts)          the shows to choose from: JIT/final take the due shows from
 *                                    their slot records (window.ts) and read a showtimes document
 *                                    only for a due show the slots lack; morning, the documents' shows
 *   4. chooseShowtimes (shows.ts)    the shows of the mode at "now" not stored yet (select.ts)
 *   5. readShows (layouts.ts)        a worker pool (shared/pool.ts) reads each layout →
 *                                    occupancy.ts → the ReadingWriter (writer.ts), which persists
 *                                    in batches: JIT/final snapshot documents, then the half-hour
 *                                    slot documents
 *   6. recordPass (run-record.ts)    counts, the day's write estimate (budget.ts), the run record
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
import type { RunRecord } from '../../shared/run/recorder.js';
import type { SeatMode } from '../../shared/run/vocabulary.js';
import type { SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { DayEstimate } from './budget.js';
import { readShows } from './layouts.js';
import { startPass, type PassContext, type SeatPassDeps, type SeatPassOptions } from './pass.js';
import { failedShows, recordPass } from './run-record.js';
import { chooseShowtimes, loadPassShowtimes, loadStored, passShows } from './shows.js';

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
  run: RunRecord;
  /** The snapshot documents this pass wrote, by path (JIT/final; for tests and the bench). */
  snapshots: Map<string, SeatSnapshotDoc>;
  /** The pass crashed (recorded as failed in `run`): why. Its counts are then 0, not what it did before. */
  crashed?: string;
}

/** The counts of a pass that crashed before it read anything it could report. */
const NOTHING_READ = {
  candidates: 0,
  selected: 0,
  success: 0,
  written: 0,
  unchanged: 0,
  started: 0,
  failed: 0,
  documentsRead: 0,
  bookkeepingWrites: 0,
  cancelled: false,
} as const;
export async function runSeatPass(deps: SeatPassDeps, opts: SeatPassOptions): Promise<SeatPassResult> {
  const ctx = startPass(deps, opts);
  try {
    return await runSteps(ctx);
  } catch (err) {
    const run = await ctx.recorder.abort(err);
    return {
      ...NOTHING_READ,
      date: ctx.date,
      mode: ctx.mode,
      selectedIds: [],
      snapshots: new Map(),
      run,
      crashed: err instanceof Error ? err.message : String(err),
    };
  }
}

/** Steps 1–6 in order (the header above); a throw is the caller's crash. */
async function runSteps(ctx: PassContext): Promise<SeatPassResult> {
  const { recorder, date, mode } = ctx;
  const { loaded, noSchedules } = await loadPassShowtimes(ctx);
  const day = await loadStored(ctx);
  const { all, documentsRead } = await passShows(ctx, loaded, day);
  const { selected, morningOf } = chooseShowtimes(ctx, all, day);
  recorder.set({ showtimes_scraped: 0, showtimes_success: 0 });
  ctx.deps.log.info(
    { date, mode, candidates: all.length, selected: selected.length },
    `seats ${mode}: ${selected.length} of ${all.length} showtimes selected`,
  );
  const { writer, counts } = await readShows(ctx, selected, morningOf);
  const bookkeepingWrites = loaded.indexWrites + writer.slotWrites;
  const facts = {
    candidates: all.length,
    selected: selected.length,
    documentsRead,
    dayShowtimes: loaded.dayShowtimes,
    bookkeepingWrites,
    ...(noSchedules ? { noSchedules } : {}),
  };
  const { run, estimate } = await recordPass(ctx, facts, counts, writer);
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
    failed: failedShows(counts, writer),
    documentsRead,
    bookkeepingWrites,
    cancelled: counts.cancelled,
    estimate,
    run,
    snapshots: writer.snapshots,
  };
}
