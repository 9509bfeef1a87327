/**
 * The daily summary (`npm run summary`, scripts/summary.ts): totals the day's seat readings (each
 * show's latest, from the day's compact slot documents `seat_days/{date}/slots/*`, never the per-show
 * snapshots) into `daily_summaries/{date}` and
 * `daily_admissions/{date}/movies/{movie_id}` (scrapers/seats/summary.ts does the arithmetic),
 * written together in one batch, and records a `scraper_runs` document with run_type 'summary'.
 *
 * Cost: one read per slot document (about 35 on a national day); writes: 1 + one per movie.
 *
 * Every way out returns the run record (`run`); a crash is recorded as a failed run and returned
 * with `crashed` saying why.
 */
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunSummary } from '../../shared/run.js';
import type { DocData, DocWrite, Store } from '../../shared/store/store.js';
import { dayReadingOf, loadDay } from '../../scrapers/seats/day.js';
import { admissionsPath, summaryPath } from '../../shared/store/paths.js';
import { summariseDay, type DaySummary, type SummarySnapshot } from '../../scrapers/seats/summary.js';
import { counted } from '../../shared/words.js';

export interface SummaryDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface SummaryResult {
  date: string;
  /** Shows with a reading. */
  snapshots: number;
  /** Slot documents read. */
  slotsRead: number;
  day: DaySummary;
  written: number;
  run: RunSummary;
  /** The run crashed (recorded as failed in `run`): why. `day` is then empty. */
  crashed?: string;
}

/** Firestore's batch limit. */
const BATCH = 500;

export async function runSummary(deps: SummaryDeps, opts: { date?: string } = {}): Promise<SummaryResult> {
  const { store, clock, log } = deps;
  const now = clock.now();
  const date = opts.date ?? jakartaDate(now);
  const recorder = new RunRecorder({ runType: 'summary', store, clock, log, date, stepSummaryPath: deps.stepSummaryPath });
  try {
    const loaded = await loadDay(store, date);
    if (loaded.badLines) recorder.fail('slot_lines', date, `${loaded.badLines} unreadable lines in seat_days/${date}/slots (their shows are left out of the totals)`);
    // Each show's latest reading; the slot decoder already checked every line.
    const snapshots: SummarySnapshot[] = [];
    for (const r of loaded.records.values()) {
      const reading = dayReadingOf(date, r);
      if (reading) snapshots.push(reading);
    }
    const day = summariseDay(date, snapshots, iso(now));
    const s = day.summary;
    recorder.set({
      slots_read: loaded.reads,
      readings: snapshots.length,
      showtimes: s.showtime_count,
      movies: s.movie_count,
      cities: s.city_count,
      theatres: s.theatre_count,
      total_audience: s.total_audience,
      total_seats: s.total_seats,
    });
    // A movie with ~9,000+ showtimes does not fit one document in the contract's shape: the
    // least-attended showtimes are left out of its list (its total_admissions stays complete).
    for (const t of day.truncated) {
      recorder.skip('admissions_showtimes', t.movie_id, 'least-attended showtimes left out of the list to fit 1 MiB');
      recorder.count('admissions_showtimes_left_out', t.dropped);
      log.warn({ movie_id: t.movie_id, left_out: t.dropped }, `daily_admissions: ${t.dropped} least-attended showtimes of movie ${t.movie_id} left out to fit 1 MiB`);
    }

    let written = 0;
    const notes: string[] = [];
    let reason: string | undefined;
    if (s.showtime_count === 0) {
      reason = `no seat readings for ${date}: nothing written (run the seat scraper first)`;
    } else {
      const docs: DocWrite[] = [
        { path: summaryPath(date), data: s as unknown as DocData },
        ...day.admissions.map((a) => ({ path: admissionsPath(date, a.movie_id), data: a as unknown as DocData })),
      ];
      // All-or-nothing per batch; a day has ~30 movies, so one batch.
      for (let i = 0; i < docs.length; i += BATCH) {
        const batch = docs.slice(i, i + BATCH);
        await store.publish(batch);
        written += batch.length;
      }
      notes.push(
        `${date}: ${s.showtime_count} showtimes, audience ${s.total_audience} of ${s.total_seats} seats (${s.occupancy_pct.value}%), ${s.movie_count} movies, ${s.theatre_count} theatres, ${counted(s.city_count, 'city', 'cities')}.`,
      );
    }
    // A failed summary says why in its final (ERROR) line, not only in the document.
    const run = await recorder.finish({ published: written, notes, ...(reason ? { status: 'failed' as const, reason } : {}) });
    return { date, snapshots: snapshots.length, slotsRead: loaded.reads, day, written, run };
  } catch (err) {
    const run = await recorder.abort(err);
    return { date, snapshots: 0, slotsRead: 0, day: summariseDay(date, [], iso(now)), written: 0, run, crashed: err instanceof Error ? err.message : String(err) };
  }
}
