/**
 * The daily summary (`npm run summary`, scripts/summary.ts): totals the day's seat snapshots into `daily_summaries/{date}` and
 * `daily_admissions/{date}/movies/{movie_id}` (scrapers/seats/summary.ts does the arithmetic),
 * written together in one batch, and records a `scraper_runs` document with run_type 'summary'.
 *
 * Cost: one read per seat snapshot of the day (one query, projected to the fields the totals need,
 * never seat_rows), once a day; writes: 1 + one per movie.
 */
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunSummary } from '../../shared/run.js';
import type { DocData, DocWrite, Store } from '../../shared/store/store.js';
import { admissionsPath, SUMMARY_FIELDS, summariseDay, summaryPath, SummarySnapshot, type DaySummary } from '../../scrapers/seats/summary.js';

export interface SummaryDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface SummaryResult {
  date: string;
  snapshots: number;
  day: DaySummary;
  written: number;
  run: RunSummary;
}

/** Firestore's batch limit. */
const BATCH = 500;

export async function runSummary(deps: SummaryDeps, opts: { date?: string } = {}): Promise<SummaryResult> {
  const { store, clock, log } = deps;
  const now = clock.now();
  const date = opts.date ?? jakartaDate(now);
  const recorder = new RunRecorder({ runType: 'summary', store, clock, log, date, stepSummaryPath: deps.stepSummaryPath });
  try {
    // Only the fields the totals need: never seat_rows, which is most of each document.
    const stored = await store.list('seat_snapshots', { where: { date }, fields: SUMMARY_FIELDS });
    const snapshots: SummarySnapshot[] = [];
    for (const s of stored) {
      const p = SummarySnapshot.safeParse(s.data);
      if (p.success) snapshots.push(p.data);
      else recorder.fail('snapshot', s.id, `does not match the seat snapshot schema at ${p.error.issues[0]?.path.join('.') ?? ''}: ${p.error.issues[0]?.message ?? ''}`);
    }
    const day = summariseDay(date, snapshots, iso(now));
    const s = day.summary;
    recorder.set({
      snapshots_read: stored.length,
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
    if (s.showtime_count === 0) {
      notes.push(`no seat snapshots for ${date}: nothing written (run the seat scraper first)`);
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
        `${date}: ${s.showtime_count} showtimes, audience ${s.total_audience} of ${s.total_seats} seats (${s.occupancy_pct.value}%), ${s.movie_count} movies, ${s.theatre_count} theatres, ${s.city_count} cities.`,
      );
    }
    const run = await recorder.finish({ published: written, notes });
    return { date, snapshots: stored.length, day, written, run };
  } catch (err) {
    const run = await recorder.abort(err);
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { run });
  }
}
