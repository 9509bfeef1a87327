/**
 * The nightly summary (`npm run summary`, scripts/summary.ts): the day's box office and its public
 * totals from one computation (scripts/box-office/):
 *
 *   load (load.ts: slots, showtimes documents, movies list, the 8 days of box office before)
 *   → ShowRows (shows.ts) → `box_office/{date}` (day.ts) and `daily_summaries/{date}` +
 *   `daily_admissions/{date}/movies/{movie_id}` (daily.ts), written together in one batch,
 *
 * and records a `scraper_runs` document with run_type 'summary': the reads by source, the box
 * office's coverage, and every input issue (a malformed price, an unread show, a room without a
 * category, a renamed movie…) counted and named; the day still computes.
 *
 * `--recompute-from D` then rewrites the history-dependent figures (change, cumulative, day of run)
 * of every stored box_office day after the computed one, from D on, in date order; without it a
 * re-run rewrites only its own day.
 *
 * Cost on a national day: ~35 slot reads + ~660 showtimes documents + 1 movies list + ≤ 8
 * box_office reads; writes: 1 summary + one per movie + 1 box_office.
 *
 * Every way out returns the run record (`run`); a crash is recorded as a failed run and returned
 * with `crashed` saying why.
 */
import { addDaysToDate, iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunRecord } from '../../shared/run/recorder.js';
import type { DocData, DocWrite, Store } from '../../shared/store/store.js';
import { admissionsPath, summaryPath } from '../../shared/store/paths.js';
import { counted } from '../../shared/words.js';
import { dailyDocuments, type DailyDocuments } from '../box-office/daily.js';
import { asHistory, computeBoxOffice, recomputeHistory, renamedSinceHistory } from '../box-office/day.js';
import { BOX_OFFICE, boxOfficePath, fromBoxOfficeDoc, toBoxOfficeDoc } from '../box-office/doc.js';
import { HISTORY_DAYS, loadDayInput, loadHistory, type LoadedInput } from '../box-office/load.js';
import { buildShowRows } from '../box-office/shows.js';
import type { BoxOfficeDay, DayIssue, HistoryDay } from '../box-office/types.js';
import { latestReleaseDates } from '../nowcast/features.js';
import { nightlyNowcast, presaleIds } from '../nowcast/nightly.js';
import type { NowcastScores } from '../nowcast/score.js';

export interface SummaryDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface SummaryResult {
  date: string;
  /** Shows with a reading before their start. */
  snapshots: number;
  /** Slot documents read. */
  slotsRead: number;
  /** Every document read, by source. */
  reads: {
    slots: number;
    showtimes: number;
    snapshot: number;
    history: number;
    recompute: number;
    nowcast: number;
    total: number;
  };
  day: DailyDocuments;
  boxOffice: BoxOfficeDay;
  written: number;
  /** Later box_office days rewritten by --recompute-from. */
  recomputed: string[];
  /** Milliseconds from the first read to the last write. */
  ms: number;
  run: RunRecord;
  /** The run crashed (recorded as failed in `run`): why. `day` and `boxOffice` are then empty. */
  crashed?: string;
}

/** Firestore's batch limit. */
const BATCH = 500;
/** Subjects named per issue kind in the run record. */
const NAMED = 5;

/** Problems of the input, counted and named: the run record keeps up to 5 subjects per kind. */
function recordIssues(recorder: RunRecorder, loaded: LoadedInput, issues: readonly DayIssue[]): void {
  const { date } = loaded.input;
  if (loaded.badLines)
    recorder.fail(
      'slot_lines',
      date,
      `${loaded.badLines} unreadable lines in seat_days/${date}/slots (their shows count as unread)`,
    );
  for (const d of loaded.badDocs) recorder.fail('showtimes_doc', d.path, d.reason);
  if (!loaded.hasMoviesList)
    recorder.skip('movies_list', `snapshots/${date}`, 'no movies list for the day: genres unknown');
  const named: Record<string, { count: number; examples: string[] }> = {};
  for (const i of issues) {
    const n = (named[i.kind] ??= { count: 0, examples: [] });
    n.count++;
    if (n.examples.length < NAMED) n.examples.push(`${i.subject}: ${i.detail}`);
    recorder.skip(i.kind, i.subject, i.detail.replace(/\d{4,}/g, '{id}'));
  }
  recorder.set({ box_office_issues: named });
}

/** The day's nowcasts' scores in the run record: each one's day-total error and interval coverage. */
function recordScores(recorder: RunRecorder, scores: NowcastScores | undefined): void {
  if (!scores) return;
  recorder.set({
    nowcasts_scored: scores.nowcasts.map((n) => ({
      id: n.nowcast_id,
      total_ape: n.total.ape,
      total_held: n.total.held,
      movies_mape: n.movies_mape,
      coverage: n.coverage,
    })),
  });
}

async function publishAll(store: Store, docs: DocWrite[]): Promise<number> {
  let written = 0;
  // All-or-nothing per batch; a day has ~30 movies, so one batch holds the summary, the box office and every movie.
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = docs.slice(i, i + BATCH);
    await store.publish(batch);
    written += batch.length;
  }
  return written;
}

/** Rewrite the history-dependent figures of every stored day after `after`, from `from` on. */
async function recomputeLater(
  store: Store,
  from: string,
  after: BoxOfficeDay,
  computedAt: string,
): Promise<{ reads: number; days: string[] }> {
  const first = from > after.date ? from : addDaysToDate(after.date, 1);
  const docs = await store.list(BOX_OFFICE, { idFrom: addDaysToDate(first, -HISTORY_DAYS) });
  const history: HistoryDay[] = [];
  const days: string[] = [];
  for (const d of docs) {
    const day = d.id === after.date ? after : fromBoxOfficeDoc(d.data);
    if (!day) continue;
    const redone =
      day.date >= first
        ? recomputeHistory(
            day,
            history.filter((h) => h.date >= addDaysToDate(day.date, -HISTORY_DAYS)),
            computedAt,
          )
        : day;
    if (redone !== day) {
      // The nowcast's fields (walk-up cells, scores) are not history-dependent: carried over as they are.
      const keep = Object.fromEntries(Object.entries(d.data).filter(([k]) => k === 'walkup_cells' || k === 'nowcast'));
      await store.set(boxOfficePath(day.date), { ...toBoxOfficeDoc(redone), ...keep });
      days.push(day.date);
    }
    history.push(asHistory(redone));
  }
  return { reads: Math.max(1, docs.length), days };
}

function coverageNote(date: string, s: DailyDocuments['summary'], b: BoxOfficeDay): string {
  const t = b.totals;
  return (
    `${date}: ${t.shows} shows scheduled: ${t.shows_pre_show} read before start, ${t.shows_morning_only} morning only, ${t.shows_unread} unread; ` +
    `admissions ${t.admissions} of ${t.seats} seats (${s.occupancy_pct.value}%), ${b.movies.length} movies, ${s.theatre_count} theatres, ${counted(s.city_count, 'city', 'cities')}.`
  );
}

export async function runSummary(
  deps: SummaryDeps,
  opts: { date?: string; recomputeFrom?: string } = {},
): Promise<SummaryResult> {
  const { store, clock, log } = deps;
  const now = clock.now();
  const date = opts.date ?? jakartaDate(now);
  const recorder = new RunRecorder({
    runType: 'summary',
    store,
    clock,
    log,
    date,
    stepSummaryPath: deps.stepSummaryPath,
  });
  try {
    const t0 = Date.now();
    const [loaded, past] = await Promise.all([loadDayInput(store, date), loadHistory(store, date, ['release_dates'])]);
    const built = buildShowRows(loaded.input);
    recordIssues(recorder, loaded, [...built.issues, ...renamedSinceHistory(date, built.shows, past.history)]);
    const boxOffice = computeBoxOffice(date, built.shows, past.history, iso(now), built.issues);
    const day = dailyDocuments(date, built.shows, iso(now));
    const s = day.summary;
    const t = boxOffice.totals;
    recorder.set({
      slots_read: loaded.reads.slots,
      showtimes_docs_read: loaded.reads.showtimes,
      box_office_history_read: past.reads,
      readings: s.showtime_count,
      showtimes: t.shows,
      shows_pre_show: t.shows_pre_show,
      shows_morning_only: t.shows_morning_only,
      shows_unread: t.shows_unread,
      movies: s.movie_count,
      cities: s.city_count,
      theatres: s.theatre_count,
      total_audience: s.total_audience,
      total_seats: s.total_seats,
    });
    // A movie with ~9,000+ showtimes does not fit one document in the contract's shape: the
    // least-attended showtimes are left out of its list (its total_admissions stays complete).
    for (const tr of day.truncated) {
      recorder.skip('admissions_showtimes', tr.movie_id, 'least-attended showtimes left out of the list to fit 1 MiB');
      recorder.count('admissions_showtimes_left_out', tr.dropped);
      log.warn(
        { movie_id: tr.movie_id, left_out: tr.dropped },
        `daily_admissions: ${tr.dropped} least-attended showtimes of movie ${tr.movie_id} left out to fit 1 MiB`,
      );
    }

    let written = 0;
    const notes: string[] = [];
    let reason: string | undefined;
    let recompute = { reads: 0, days: [] as string[] };
    let nowcastReads = 0;
    if (s.showtime_count === 0) {
      reason = `no seat readings before start for ${date}: nothing written (run the seat scraper first)`;
    } else {
      const presale = presaleIds(loaded.input.movies);
      const nc = await nightlyNowcast(store, boxOffice, built.shows, presale, iso(now), latestReleaseDates(past.docs));
      nowcastReads = nc.reads;
      recordScores(recorder, nc.scores);
      written = await publishAll(store, [
        { path: summaryPath(date), data: s as unknown as DocData },
        { path: boxOfficePath(date), data: { ...toBoxOfficeDoc(boxOffice), ...nc.fields } },
        ...day.admissions.map((a) => ({ path: admissionsPath(date, a.movie_id), data: a as unknown as DocData })),
      ]);
      notes.push(coverageNote(date, s, boxOffice));
      if (opts.recomputeFrom) {
        recompute = await recomputeLater(store, opts.recomputeFrom, boxOffice, iso(now));
        written += recompute.days.length;
        notes.push(
          `--recompute-from ${opts.recomputeFrom}: ${recompute.days.length} later box_office days recomputed${recompute.days.length ? ` (${recompute.days.join(', ')})` : ''}.`,
        );
      }
    }
    const ms = Date.now() - t0;
    const reads = { ...loaded.reads, history: past.reads, recompute: recompute.reads, nowcast: nowcastReads, total: 0 };
    reads.total = reads.slots + reads.showtimes + reads.snapshot + reads.history + reads.recompute + reads.nowcast;
    recorder.set({ reads_total: reads.total, step_ms: ms, recomputed_days: recompute.days.length });
    // A failed summary says why in its final (ERROR) line, not only in the document.
    const run = await recorder.finish({
      published: written,
      notes,
      ...(reason ? { status: 'failed' as const, reason } : {}),
    });
    return {
      date,
      snapshots: s.showtime_count,
      slotsRead: loaded.reads.slots,
      reads,
      day,
      boxOffice,
      written,
      recomputed: recompute.days,
      ms,
      run,
    };
  } catch (err) {
    const run = await recorder.abort(err);
    const empty = { slots: 0, showtimes: 0, snapshot: 0, history: 0, recompute: 0, nowcast: 0, total: 0 };
    return {
      date,
      snapshots: 0,
      slotsRead: 0,
      reads: empty,
      day: dailyDocuments(date, [], iso(now)),
      boxOffice: computeBoxOffice(date, [], [], iso(now)),
      written: 0,
      recomputed: [],
      ms: 0,
      run,
      crashed: err instanceof Error ? err.message : String(err),
    };
  }
}
