/**
 * Steps 1–4 of a seat pass (scrape.ts): which shows it reads.
 *
 *   1. loadPassShowtimes  the showtimes documents (morning) or the day index's due shows (JIT/final),
 *                         via load.ts; nothing stored for the day fails the pass (one line why)
 *   2. loadStored         what earlier passes stored, via day.ts
 *   3. passShows          the shows to choose from, after the city and shard filters
 *   4. chooseShowtimes    the shows of the mode at "now" whose reading is not stored (select.ts)
 */
import { inShard } from '../../shared/shard.js';
import { showtimesCollection } from '../../shared/store/paths.js';
import { loadDay, type LoadedDay } from './day.js';
import { loadShowtimes, readShowtimesDocs, type LoadedShowtimes } from './load.js';
import type { PassContext } from './pass.js';
import { slotsBetween } from './readings.js';
import { byStartThenId, selectShowtimes, showtimesOf, windowOf, type ShowtimeTarget } from './select.js';
import { documentsOf, windowShows } from './window.js';

/**
 * Step 1: the showtimes documents (morning) or the day index's due shows (JIT/final). Nothing
 * stored for the day is not "nothing due": `noSchedules` says why the pass fails.
 */
export async function loadPassShowtimes(ctx: PassContext): Promise<{ loaded: LoadedShowtimes; noSchedules?: string }> {
  const { store, clock, log } = ctx.deps;
  const { recorder, date, mode } = ctx;
  const loaded = await loadShowtimes(
    { store, clock, log, recorder },
    { date, mode, now: ctx.now, windowMinutes: ctx.windowMinutes, ...(ctx.citySet ? { citySet: ctx.citySet } : {}) },
  );
  if (loaded.documentsRead > 0 || loaded.dayShowtimes > 0) return { loaded };
  recorder.set({ notes_schedules: `no showtimes documents for ${date}: run the schedules scraper first` });
  log.warn(
    { date },
    `seats: no showtimes documents under ${showtimesCollection(date)}; run the schedules scraper first`,
  );
  return {
    loaded,
    noSchedules: `no showtimes documents for ${date} under ${showtimesCollection(date)}: run the schedules scraper first`,
  };
}

export async function loadStored(ctx: PassContext): Promise<LoadedDay> {
  const { from, to } = windowOf({ mode: ctx.mode, now: ctx.now, windowMinutes: ctx.windowMinutes });
  const day = await loadDay(ctx.deps.store, ctx.date, to ? slotsBetween(ctx.date, from, to) : undefined);
  if (day.badLines)
    ctx.deps.log.warn(
      { badLines: day.badLines },
      "seats: some lines of the day's slot documents were unreadable (their shows are read again)",
    );
  return day;
}

/**
 * Step 3: the shows of this pass (after city and shard filters), and the showtimes documents read
 * for them. With the index's due shows (JIT/final), a show comes from its slot record; only the
 * documents of due shows the slots lack are read, and only those shows taken from them.
 */
export async function passShows(
  ctx: PassContext,
  loaded: LoadedShowtimes,
  day: LoadedDay,
): Promise<{ all: ShowtimeTarget[]; documentsRead: number }> {
  const mine = (s: { showtime_id: string }) => inShard(s.showtime_id, ctx.opts.shard ?? { k: 1, n: 1 });
  const inCities = (s: ShowtimeTarget) => !ctx.citySet || ctx.citySet.has(s.city);
  if (!loaded.due)
    return {
      all: showtimesOf(loaded.docs.map((d) => d.doc)).filter((s) => mine(s) && inCities(s)),
      documentsRead: loaded.documentsRead,
    };
  const { fromSlots, missing } = windowShows(ctx.date, loaded.due.filter(mine), day.records);
  const read = await readShowtimesDocs(
    { store: ctx.deps.store, recorder: ctx.recorder },
    ctx.date,
    documentsOf(missing),
  );
  const missingIds = new Set(missing.map((d) => d.showtime_id));
  const fromDocs = showtimesOf(read.docs.map((d) => d.doc)).filter((s) => missingIds.has(s.showtime_id));
  if (missing.length > 0) {
    ctx.deps.log.info(
      { missing: missing.length, documents: read.documentsRead },
      `seats: ${missing.length} due shows not in the slots: read from ${read.documentsRead} showtimes documents`,
    );
  }
  const all = [...fromSlots, ...fromDocs].filter(inCities).sort(byStartThenId);
  return { all, documentsRead: loaded.documentsRead + read.documentsRead };
}

/** Step 4: the shows of this pass, leaving out those whose reading of this mode is stored. */
export function chooseShowtimes(
  ctx: PassContext,
  all: ShowtimeTarget[],
  day: LoadedDay,
): { selected: ShowtimeTarget[]; morningOf: Map<string, string> } {
  const taken = {
    morning: new Set<string>(),
    jit: new Set<string>(),
    final: new Set<string>(),
    started: new Set<string>(),
  };
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
