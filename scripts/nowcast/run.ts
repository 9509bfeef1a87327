/**
 * `npm run nowcast` (scripts/nowcast.ts): load → estimate → write → record.
 *
 *  - today's input through the box office's one loader (load.ts: slots, showtimes documents,
 *    movies list: ~700 reads on a national day) → ShowRows (shows.ts);
 *  - the box office of the 28 days before, with a field mask (`date`, `release_dates`, `walkup_cells`,
 *    `nowcast`): one id-range query, ≤ 28 reads: the walk-up cells to learn from, the movies' release dates
 *    (week of run) and the scored errors of earlier nowcasts (calibration);
 *  - the estimate (model.ts) → `box_office_nowcast/{date}_{HHMM}` (one write);
 *  - a run record with run_type 'nowcast' in run_log (not in scraper_runs: the admin's Scraper
 *    Monitor shows only the newest 30 documents there, movies runs and JIT hours; a nowcast row
 *    would push a scrape out of it and read as a scrape with 0 movies).
 *
 * Refusals (no shows, no readings, the morning pass failed for every show still to come) record a
 * failed run with the reason named and exit 1; fallbacks are named in the document and the record.
 */
import { addDaysToDate, iso, jakartaDate, localToInstant, timeInZone, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunRecord } from '../../shared/run/recorder.js';
import type { Store } from '../../shared/store/store.js';
import { BOX_OFFICE } from '../box-office/doc.js';
import { loadDayInput } from '../box-office/load.js';
import { buildShowRows } from '../box-office/shows.js';
import { calibrate } from './calibration.js';
import { nowcastPath, toNowcastDoc, fromScoresField } from './doc.js';
import { latestReleaseDates, type WalkupCell } from './features.js';
import { nowcast, NowcastRefusal, type Nowcast } from './model.js';
import { HISTORY_WINDOW, learnRatios, type TrainingDay } from './ratios.js';
import { scoredZ } from './score.js';

export interface NowcastDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface NowcastResult {
  date: string;
  atLocal: string;
  nowcast?: Nowcast;
  path?: string;
  reads: { day: number; history: number; total: number };
  written: number;
  ms: number;
  run: RunRecord;
  refused?: string;
}

/** Fallbacks that make the estimate a weaker one: the run is then `partial`. */
const WEAK = new Set(['no_history', 'prior', 'no_morning_reading']);

/** The 28 days of box office before `date`, with only what the nowcast needs. */
export async function loadTraining(store: Store, date: string) {
  const docs = await store.list(BOX_OFFICE, {
    idFrom: addDaysToDate(date, -HISTORY_WINDOW),
    idBefore: date,
    fields: ['date', 'release_dates', 'walkup_cells', 'nowcast'],
  });
  const training: TrainingDay[] = [];
  const scores = [];
  for (const d of docs) {
    const data = d.data;
    if (Array.isArray(data.walkup_cells)) training.push({ date: d.id, cells: data.walkup_cells as WalkupCell[] });
    scores.push(fromScoresField(data.nowcast));
  }
  return { training, releaseDates: latestReleaseDates(docs), z: scoredZ(scores), reads: Math.max(1, docs.length) };
}

export async function runNowcast(deps: NowcastDeps, opts: { date?: string; at?: string } = {}): Promise<NowcastResult> {
  const { store, clock, log } = deps;
  const now = clock.now();
  const date = opts.date ?? jakartaDate(now);
  const atLocal = opts.at ?? timeInZone(now, 'Asia/Jakarta');
  const at = localToInstant(date, atLocal, 'Asia/Jakarta');
  const recorder = new RunRecorder({
    runType: 'nowcast',
    store,
    clock,
    log,
    date,
    stepSummaryPath: deps.stepSummaryPath,
  });
  const t0 = Date.now();
  try {
    const [loaded, past] = await Promise.all([loadDayInput(store, date), loadTraining(store, date)]);
    const reads = {
      day: loaded.reads.slots + loaded.reads.showtimes + loaded.reads.snapshot,
      history: past.reads,
      total: 0,
    };
    reads.total = reads.day + reads.history;
    recorder.set({ reads_total: reads.total, history_days: past.training.length, at_local: atLocal });
    const { shows } = buildShowRows(loaded.input);
    const ratios = learnRatios(past.training);
    let nc: Nowcast;
    try {
      nc = nowcast({
        date,
        at,
        computedAt: iso(now),
        shows,
        releaseDates: past.releaseDates,
        presale: new Set(loaded.input.movies.filter((m) => m.is_presale).map((m) => m.id)),
        ratios,
        historyRange: { from: past.training[0]?.date ?? null, to: past.training.at(-1)?.date ?? null },
        calibration: calibrate(past.z),
      });
    } catch (err) {
      if (!(err instanceof NowcastRefusal)) throw err;
      const reason = `${err.reason}: ${err.message}`;
      recorder.set({ refused: err.reason });
      const run = await recorder.finish({ status: 'failed', published: false, reason });
      return { date, atLocal, reads, written: 0, ms: Date.now() - t0, run, refused: reason };
    }
    const path = nowcastPath(date, atLocal);
    await store.set(path, toNowcastDoc(nc));
    for (const f of nc.fallbacks) recorder.skip(`fallback_${f.kind}`, f.subject, f.detail.replace(/\d{4,}/g, '{id}'));
    const t = nc.totals.admissions;
    recorder.set({
      movies: nc.movies.length,
      shows: nc.totals.shows,
      shows_measured: nc.totals.shows_measured,
      shows_pending: nc.totals.shows_pending,
      admissions_point: t.point,
      admissions_low: t.low,
      admissions_high: t.high,
      fallbacks: nc.fallbacks.map((f) => `${f.kind}:${f.subject}`),
      ladder: nc.levels,
      step_ms: Date.now() - t0,
    });
    const weak = nc.fallbacks.filter((f) => WEAK.has(f.kind));
    const run = await recorder.finish({
      published: 1,
      notes: [
        `${date} ${atLocal} WIB: ${nc.movies.length} movies, day total ${t.point} admissions (80%: ${t.low}–${t.high}); ${nc.totals.shows_measured} of ${nc.totals.shows} shows measured; history ${ratios.days} days.`,
        ...weak.map((f) => `fell back: ${f.kind} (${f.subject}): ${f.detail}`),
      ],
      ...(weak.length ? { status: 'partial' as const } : {}),
    });
    return { date, atLocal, nowcast: nc, path, reads, written: 1, ms: Date.now() - t0, run };
  } catch (err) {
    const run = await recorder.abort(err);
    return {
      date,
      atLocal,
      reads: { day: 0, history: 0, total: 0 },
      written: 0,
      ms: Date.now() - t0,
      run,
      refused: String(err),
    };
  }
}
