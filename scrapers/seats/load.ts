/**
 * What a seat pass knows of the day's shows before it reads any seat map
 * (`schedules/{date}/showtimes/*`, written by the schedules scraper):
 *
 *  - morning: every showtimes document (one list), and the day index (day-index.ts) is rebuilt
 *    from them;
 *  - JIT and final: the day index alone, which names the shows due in the window; the pass then
 *    takes them from the window's slot documents (window.ts) and reads, with `readShowtimesDocs`,
 *    only the documents of due shows the slots lack. Without a trustworthy index (missing: deleted
 *    by a schedules run; of an older format; corrupt) the pass lists every document and rebuilds it.
 */
import { iso, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { RunRecorder } from '../../shared/run/recorder.js';
import type { SeatMode } from '../../shared/run/vocabulary.js';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import { seatIndexPath, showtimesCollection } from '../../shared/store/paths.js';
import type { DocData, Store } from '../../shared/store/store.js';
import { cityById } from '../../shared/tix/cities.js';
import {
  buildDayIndex,
  DAY_INDEX_FORMAT,
  decodeDayIndex,
  dueShows,
  encodeDayIndex,
  indexedShows,
  type DueShow,
} from './day-index.js';
import { showtimesOf, windowOf } from './select.js';

export interface LoadedDoc {
  id: string;
  doc: ShowtimesDoc;
}

export interface LoadedShowtimes {
  /** The showtimes documents read (none for JIT/final with a trustworthy index). */
  docs: LoadedDoc[];
  /** JIT/final with a trustworthy index: the shows due in the window (of the --city cities), from the index. */
  due?: DueShow[];
  /** Showtimes documents read. */
  documentsRead: number;
  /** Showtimes of the whole day (of the --city cities when given), for the day's write estimate. */
  dayShowtimes: number;
  /** Index documents written (0/1). */
  indexWrites: number;
}

export interface LoadOptions {
  date: string;
  mode: SeatMode;
  now: Date;
  windowMinutes: number;
  /** Upper-case city names to keep; undefined = all. */
  citySet?: ReadonlySet<string>;
}

/** Parse showtimes documents; a broken one is recorded and left out. */
function parseDocs(raw: { id: string; data: DocData | undefined }[], recorder: RunRecorder): LoadedDoc[] {
  const out: LoadedDoc[] = [];
  for (const r of raw) {
    if (!r.data) continue;
    const p = ShowtimesDoc.safeParse(r.data);
    if (p.success) out.push({ id: r.id, doc: p.data });
    else
      recorder.fail(
        'showtimes_doc',
        r.id,
        `does not match the ShowtimesDoc schema: ${p.error.issues[0]?.message ?? ''}`,
      );
  }
  return out;
}

const cityOfDoc = (docId: string) => cityById(docId.split('_')[1] ?? '')?.name ?? '';

export async function loadShowtimes(
  deps: { store: Store; clock: Clock; log: Logger; recorder: RunRecorder },
  o: LoadOptions,
): Promise<LoadedShowtimes> {
  const { store, log, recorder } = deps;
  const indexDoc = o.mode === 'morning' ? undefined : await store.get(seatIndexPath(o.date));
  const storedIndex = decodeDayIndex(indexDoc);
  if (storedIndex) {
    const { from, to } = windowOf({ mode: o.mode, now: o.now, windowMinutes: o.windowMinutes });
    let due = dueShows(o.date, storedIndex, from, to);
    if (o.citySet) due = due.filter((d) => o.citySet!.has(cityOfDoc(d.doc_id)));
    log.info(
      { date: o.date, mode: o.mode, due: due.length, indexed: storedIndex.size },
      `seats: the day index names ${due.length} shows in the window (${storedIndex.size} showtimes documents indexed)`,
    );
    const dayShowtimes = typeof indexDoc?.showtimes === 'number' ? indexDoc.showtimes : indexedShows(storedIndex);
    return { docs: [], due, documentsRead: 0, dayShowtimes, indexWrites: 0 };
  }
  if (indexDoc && o.mode !== 'morning')
    log.warn(
      { date: o.date },
      `seats: ${seatIndexPath(o.date)} is not of format ${DAY_INDEX_FORMAT} or does not parse: rebuilding it from the showtimes documents`,
    );
  const lists = o.citySet
    ? await Promise.all([...o.citySet].map((city) => store.list(showtimesCollection(o.date), { where: { city } })))
    : [await store.list(showtimesCollection(o.date))];
  const raw = lists.flat().map((d) => ({ id: d.id, data: d.data }));
  const docs = parseDocs(raw, recorder);
  const dayShowtimes = showtimesOf(docs.map((d) => d.doc)).length;
  // The stored index to compare with: JIT/final read it above already; the morning pass reads it here.
  const indexWrites =
    o.citySet || docs.length === 0
      ? 0
      : await saveIndex(
          store,
          { date: o.date, docs, showtimes: dayShowtimes, now: deps.clock.now() },
          o.mode === 'morning' ? await store.get(seatIndexPath(o.date)) : indexDoc,
        );
  return { docs, documentsRead: raw.length, dayShowtimes, indexWrites };
}

/** Read some showtimes documents by id (one read each); a broken or missing one is left out. */
export async function readShowtimesDocs(
  deps: { store: Store; recorder: RunRecorder },
  date: string,
  ids: readonly string[],
): Promise<{ docs: LoadedDoc[]; documentsRead: number }> {
  const raw = await Promise.all(
    ids.map(async (id) => ({ id, data: await deps.store.get(`${showtimesCollection(date)}/${id}`) })),
  );
  return { docs: parseDocs(raw, deps.recorder), documentsRead: raw.length };
}

/**
 * Write `seat_index/{date}` unless `current` (the stored index, read once by the caller) already
 * says the same. Returns writes made (0/1).
 */
async function saveIndex(
  store: Store,
  day: { date: string; docs: LoadedDoc[]; showtimes: number; now: Date },
  current: DocData | undefined,
): Promise<number> {
  const entries = encodeDayIndex(buildDayIndex(day.date, day.docs));
  if (current?.format === DAY_INDEX_FORMAT && current.entries === entries) return 0;
  await store.set(seatIndexPath(day.date), {
    date: day.date,
    format: DAY_INDEX_FORMAT,
    updated_at: iso(day.now),
    documents: day.docs.length,
    showtimes: day.showtimes,
    entries,
  });
  return 1;
}
