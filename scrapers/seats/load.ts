/**
 * The showtimes documents a seat pass needs (`schedules/{date}/showtimes/*`, written by the schedules
 * scraper): for JIT and final only those with a show in the window, found through the day index
 * (day-index.ts); for the morning pass all of them, and the index is (re)built from them.
 */
import { iso, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { RunRecorder } from '../../shared/run.js';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import type { DocData, Store } from '../../shared/store/store.js';
import { cityById } from '../../shared/tix/cities.js';
import { buildDayIndex, decodeDayIndex, dueDocuments, encodeDayIndex, seatIndexPath } from './day-index.js';
import { showtimesOf, windowOf, type SeatMode } from './select.js';

export const showtimesCollection = (date: string) => `schedules/${date}/showtimes`;

export interface LoadedDoc {
  id: string;
  doc: ShowtimesDoc;
}

export interface LoadedShowtimes {
  docs: LoadedDoc[];
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
    else recorder.fail('showtimes_doc', r.id, `does not match the ShowtimesDoc schema: ${p.error.issues[0]?.message ?? ''}`);
  }
  return out;
}

export async function loadShowtimes(deps: { store: Store; clock: Clock; log: Logger; recorder: RunRecorder }, o: LoadOptions): Promise<LoadedShowtimes> {
  const { store, log, recorder } = deps;
  const indexDoc = o.mode === 'morning' ? undefined : await store.get(seatIndexPath(o.date));
  const storedIndex = decodeDayIndex(indexDoc?.entries as string | undefined);
  if (storedIndex) {
    const { from, to } = windowOf({ mode: o.mode, now: o.now, windowMinutes: o.windowMinutes });
    let ids = dueDocuments(o.date, storedIndex, from, to);
    if (o.citySet) ids = ids.filter((id) => o.citySet!.has(cityById(id.split('_')[1] ?? '')?.name ?? ''));
    const raw = await Promise.all(ids.map(async (id) => ({ id, data: await store.get(`${showtimesCollection(o.date)}/${id}`) })));
    log.info({ date: o.date, mode: o.mode, documents: ids.length, indexed: storedIndex.size }, `seats: ${ids.length} of ${storedIndex.size} showtimes documents have a show in the window`);
    return { docs: parseDocs(raw, recorder), documentsRead: raw.length, dayShowtimes: typeof indexDoc?.showtimes === 'number' ? indexDoc.showtimes : 0, indexWrites: 0 };
  }
  const lists = o.citySet
    ? await Promise.all([...o.citySet].map((city) => store.list(showtimesCollection(o.date), { where: { city } })))
    : [await store.list(showtimesCollection(o.date))];
  const raw = lists.flat().map((d) => ({ id: d.id, data: d.data }));
  const docs = parseDocs(raw, recorder);
  const indexWrites = !o.citySet && docs.length > 0 ? await saveIndex(store, o.date, docs, deps.clock) : 0;
  return { docs, documentsRead: raw.length, dayShowtimes: showtimesOf(docs.map((d) => d.doc)).length, indexWrites };
}

/** Write `seat_index/{date}` unless it already says the same. Returns writes made (0/1). */
async function saveIndex(store: Store, date: string, docs: LoadedDoc[], clock: Clock): Promise<number> {
  const entries = encodeDayIndex(buildDayIndex(date, docs));
  const current = await store.get(seatIndexPath(date));
  if (current?.entries === entries) return 0;
  const showtimes = showtimesOf(docs.map((d) => d.doc)).length;
  await store.set(seatIndexPath(date), { date, updated_at: iso(clock.now()), documents: docs.length, showtimes, entries });
  return 1;
}
