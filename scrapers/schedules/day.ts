/**
 * The schedules scraper's last step, `finishDay`: the day's documents rebuilt from every stored
 * showtimes document of the day (never from one run's answers alone, so a `--city` run, the shards
 * of a day and a re-run all end the same), as its steps:
 *
 *   1. readStoredPairs     the day's showtimes documents; those of pairs no longer in the day's
 *                          snapshot are deleted (with the seat index, which lists them)
 *   2. writeSchedules      `schedules/{date}/movies/{movie}`, the web app's document, size-checked;
 *                          a city without a showtimes document is named in `missing_cities`
 *   3. upsertTheatres      `theatres/{id}`
 *   4. applyTheatreCounts  theatre counts into `snapshots/{date}` and, when it is that day,
 *                          `snapshots/latest`
 *   5. addToMoviesRun      the theatre counts into the day's movies run (the admin reads them there)
 *   6. recordDay           the counts of the run record and one log line
 */
import type { Logger } from 'pino';
import { iso, type Clock } from '../../shared/clock.js';
import { addToDayMoviesRun } from '../../shared/run/monitor.js';
import type { RunRecorder } from '../../shared/run/recorder.js';
import { ShowtimesDoc, SnapshotDoc, type TheatreDoc } from '../../shared/store/documents.js';
import {
  daySnapshotPath,
  LATEST_SNAPSHOT,
  schedulePath,
  seatIndexPath,
  showtimesCollection,
} from '../../shared/store/paths.js';
import type { DocData, DocWrite, Store } from '../../shared/store/store.js';
import {
  buildScheduleDoc,
  sizeCheck,
  theatreCountsOf,
  theatresSeen,
  theatreUpserts,
  withTheatreCounts,
} from './build.js';

/** Failed or missing pairs kept in full in the run document (beyond the recorder's 20-error sample). */
export const PAIRS_IN_RUN = 100;

export interface DayContext {
  store: Store;
  clock: Clock;
  log: Logger;
  recorder: RunRecorder;
  notes: string[];
  /** Pairs this run already recorded as failed (`movie_id`, `city`). */
  failedPairs: readonly { movie_id: string; city: string }[];
}

export interface DayWritten {
  /** Documents written: schedules, theatres and snapshots. */
  published: number;
  /** Largest schedule document written (Firestore bytes). */
  maxScheduleBytes: number;
}

/**
 * Build and write the schedule documents, theatres and theatre counts of the day from the stored
 * showtimes documents of the pairs in `pairKeys` (`{movie_id}_{city_id}`, the day's snapshot).
 */
export async function finishDay(
  ctx: DayContext,
  snapshot: SnapshotDoc,
  pairKeys: ReadonlySet<string>,
): Promise<DayWritten> {
  const date = snapshot.date;
  const now = iso(ctx.clock.now());
  const stored = await readStoredPairs(ctx, date, pairKeys);
  const schedules = await writeSchedules(ctx, snapshot, stored, now);
  const theatres = await upsertTheatres(ctx, stored, now);
  const snapshotsWritten = await applyTheatreCounts(ctx.store, date, theatreCountsOf(stored));
  await addToMoviesRun(ctx, date, theatres);
  recordDay(ctx, snapshot, stored, schedules, theatres, snapshotsWritten);
  return {
    published: schedules.written + theatres.theatres_success + snapshotsWritten,
    maxScheduleBytes: schedules.maxBytes,
  };
}

/** Step 1: the day's showtimes documents of the snapshot's pairs; the others (TIX.id dropped the city or movie) are deleted. */
async function readStoredPairs(ctx: DayContext, date: string, pairKeys: ReadonlySet<string>): Promise<ShowtimesDoc[]> {
  const { store, recorder, log } = ctx;
  const stored: ShowtimesDoc[] = [];
  const stale: string[] = [];
  for (const d of await store.list(showtimesCollection(date))) {
    if (!pairKeys.has(d.id)) {
      stale.push(d.path);
      continue;
    }
    const parsed = ShowtimesDoc.safeParse(d.data);
    if (parsed.success) stored.push(parsed.data);
    else recorder.fail('pair document', d.path, parsed.error.issues[0]?.message ?? 'does not match its schema');
  }
  // The seats scraper lists this collection, so they go, and its index of them with them.
  for (const path of stale) await store.delete(path);
  if (stale.length) {
    await store.delete(seatIndexPath(date));
    recorder.count('stale_pair_documents_deleted', stale.length);
    log.info(
      { date, deleted: stale.length },
      `deleted ${stale.length} pair documents no longer in ${daySnapshotPath(date)}`,
    );
  }
  return stored;
}

interface SchedulesWritten {
  /** Schedule documents attempted, written, and failed to write. */
  documents: number;
  written: number;
  failed: number;
  /** Showtimes in the documents attempted. */
  showtimes: number;
  missing: { movie_id: string; city: string }[];
  maxBytes: number;
}

/** Step 2: one schedule document per movie of the snapshot with at least one stored pair. */
async function writeSchedules(
  ctx: DayContext,
  snapshot: SnapshotDoc,
  stored: readonly ShowtimesDoc[],
  now: string,
): Promise<SchedulesWritten> {
  const { store, recorder, log, notes } = ctx;
  const date = snapshot.date;
  const byMovie = new Map<string, ShowtimesDoc[]>();
  for (const p of stored) byMovie.set(p.movie_id, [...(byMovie.get(p.movie_id) ?? []), p]);
  const writes: DocWrite[] = [];
  const out: SchedulesWritten = { documents: 0, written: 0, failed: 0, showtimes: 0, missing: [], maxBytes: 0 };
  // Pairs this run already recorded as failed; any other missing pair (a shard that never ran or
  // failed it, an earlier run's failure) is recorded here, so an incomplete day is never a success.
  const failedHere = new Set(ctx.failedPairs.map((f) => `${f.movie_id}\n${f.city}`));
  for (const movie of snapshot.movies) {
    const moviePairs = byMovie.get(movie.id) ?? [];
    const present = new Set(moviePairs.map((p) => p.city));
    const missing = movie.cities.filter((c) => !present.has(c));
    for (const city of missing) out.missing.push({ movie_id: movie.id, city });
    if (moviePairs.length === 0) {
      recorder.fail(
        'movie',
        `${movie.title} (${movie.id})`,
        'no schedule could be read in any of its cities; no schedule document written',
      );
      continue;
    }
    for (const city of missing) {
      if (!failedHere.has(`${movie.id}\n${city}`)) {
        recorder.fail(
          'pair',
          `${movie.title} (${movie.id}) × ${city}`,
          'no schedule stored for the day (not read by this run, an earlier run of the day or any shard)',
        );
      }
    }
    const doc = buildScheduleDoc({ movie, date, uploadedAt: now, pairs: moviePairs, missingCities: missing });
    const path = schedulePath(date, movie.id);
    const size = sizeCheck(path, doc);
    if (!size.fits) {
      recorder.fail(
        'movie',
        `${movie.title} (${movie.id})`,
        `schedule document would be ${size.bytes} bytes, over Firestore's 1 MiB limit; not written (the per-city showtimes documents are)`,
      );
      log.error({ movie_id: movie.id, bytes: size.bytes }, 'schedule document too big');
      continue;
    }
    out.maxBytes = Math.max(out.maxBytes, size.bytes);
    out.showtimes += doc.showtime_count;
    writes.push({ path, data: doc as unknown as DocData });
  }
  const report = await store.writeMany(writes);
  for (const f of report.failed) recorder.fail('write', f.path, f.error);
  if (out.missing.length) {
    notes.push(
      `${out.missing.length} movie×city pairs have no schedule for ${date} (listed in missing_cities of their schedule documents)`,
    );
  }
  return { ...out, documents: writes.length, written: report.written, failed: report.failed.length };
}

/** What the day's movies run and the run record get of the theatres. */
interface TheatreCounts {
  theatres_total: number;
  theatres_success: number;
  theatres_failed: number;
}

/** Step 3: every theatre of the stored pairs, upserted (coordinates another job set are kept). */
async function upsertTheatres(ctx: DayContext, stored: readonly ShowtimesDoc[], now: string): Promise<TheatreCounts> {
  const existing = new Map<string, Partial<TheatreDoc>>();
  for (const d of await ctx.store.list('theatres')) existing.set(d.id, d.data as Partial<TheatreDoc>);
  const seen = theatresSeen(stored);
  const report = await ctx.store.writeMany(theatreUpserts(seen, existing, now));
  for (const f of report.failed) ctx.recorder.fail('theatre', f.path, f.error);
  return { theatres_total: seen.size, theatres_success: report.written, theatres_failed: report.failed.length };
}

/** Step 4: theatre counts into the day's snapshot, and into latest when latest is that day. Returns the snapshots written. */
async function applyTheatreCounts(
  store: Store,
  date: string,
  counts: ReturnType<typeof theatreCountsOf>,
): Promise<number> {
  let written = 0;
  for (const path of [daySnapshotPath(date), LATEST_SNAPSHOT]) {
    const applied = await store.transaction(path, (current) => {
      const cur = SnapshotDoc.safeParse(current);
      if (!cur.success || cur.data.date !== date) return { result: false };
      return { write: withTheatreCounts(cur.data, counts) as unknown as DocData, result: true };
    });
    if (applied) written++;
  }
  return written;
}

/**
 * Step 5: the admin's "today's morning scrape" panel reads theatre counts from the day's movies
 * run, and only this step knows them: add them to the newest movies run of the day.
 */
async function addToMoviesRun(ctx: DayContext, date: string, counts: TheatreCounts): Promise<void> {
  const moviesRun = await addToDayMoviesRun(ctx.store, date, { ...counts }).catch((err: unknown) => {
    ctx.recorder.fail(
      'run',
      `movies run of ${date}`,
      `theatre counts not added: ${err instanceof Error ? err.message : String(err)}`,
    );
    return undefined;
  });
  if (moviesRun) ctx.notes.push(`theatre counts added to ${moviesRun}`);
}

/** Step 6: the day's counts in the run record, and one line in the log. */
function recordDay(
  ctx: DayContext,
  snapshot: SnapshotDoc,
  stored: readonly ShowtimesDoc[],
  schedules: SchedulesWritten,
  theatres: TheatreCounts,
  snapshotsWritten: number,
): void {
  const date = snapshot.date;
  ctx.recorder.set({
    movies: schedules.documents - schedules.failed,
    cities: new Set(stored.map((p) => p.city)).size,
    presales: snapshot.summary.presale_count,
    ...theatres,
    showtimes_in_documents: schedules.showtimes,
    schedule_documents: schedules.written,
    pair_documents: stored.length,
    missing_pairs: schedules.missing.length,
    missing_pairs_sample: schedules.missing.slice(0, PAIRS_IN_RUN),
    biggest_schedule_bytes: schedules.maxBytes,
    snapshots_updated: snapshotsWritten,
  });
  ctx.log.info(
    {
      date,
      movies: schedules.written,
      theatres: theatres.theatres_success,
      showtimes: schedules.showtimes,
      biggest_schedule_bytes: schedules.maxBytes,
    },
    `schedules for ${date}: ${schedules.written} movie documents, ${theatres.theatres_success} theatres, ${schedules.showtimes} showtimes`,
  );
}
