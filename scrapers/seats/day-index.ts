/**
 * The day's index of shows, as pure functions: for each showtimes document
 * (`schedules/{date}/showtimes/{movie_id}_{city_id}`), the id and start instant of every show in it.
 * The shell keeps it in one private document, `seat_index/{date}`.
 *
 * Why: a JIT pass runs every 10 minutes and needs only the shows about to start. Listing every
 * showtimes document each time would cost about 660 reads a pass (≈ 47,000 reads a day, the whole
 * free tier); reading the documents with a show due still cost ≈ 8,000 reads a day (a document with
 * shows all day is due in most passes). With the show ids in the index a pass knows exactly which
 * shows are due from this one document, takes their facts from the window's slot documents
 * (readings.ts: the morning pass stored every show it read there) and reads a showtimes document
 * only for a due show the slots lack (added by a later schedules run, or failed in the morning).
 *
 * The morning pass rebuilds the index from the documents it lists anyway; a JIT or final pass
 * builds it when it is missing or not trustworthy. The schedules scraper deletes it whenever it
 * writes or deletes showtimes documents of the day (a `--city` re-run after a failed city, a later
 * full run), so an index never hides a document or a show stored after it was built.
 *
 * Format (`format: 3`): `entries` holds one line per document, ordered by document id,
 * `{doc_id} {showtime_id}@{m}#{f},{showtime_id}@{m}#{f},…`, the shows ordered by start then id,
 * each id once, where m is the start in whole minutes from `{date}T00:00:00Z` (negative for a WIT
 * show just after local midnight) and f the 8-hex `factsDigest` of the show's facts (readings.ts).
 * A document without shows is `{doc_id} ` (nothing after the space). Earlier formats (none: start
 * minutes only; 2: no facts digest) are not trusted: the next pass rebuilds the index, as for any
 * line that does not parse.
 */
import type { ShowtimesDoc } from '../../shared/store/documents.js';
import { factsDigest, factsOf } from './readings.js';
import { byStartThenId, showtimesOf } from './select.js';

/** The format written; any other (or none) is rebuilt. */
export const DAY_INDEX_FORMAT = 3;

export interface IndexedShow {
  showtime_id: string;
  /** Start in whole minutes from `{date}T00:00:00Z`. */
  minute: number;
  /** `factsDigest` (readings.ts) of the show's facts in its showtimes document. */
  facts: string;
}

/** Each showtimes document's shows, keyed by document id. */
export type DayIndex = Map<string, IndexedShow[]>;

/** A show of the window, as the index knows it. */
export interface DueShow {
  showtime_id: string;
  /** `factsDigest` of its facts in the schedules. */
  facts: string;
  /** Its showtimes document, `{movie_id}_{city_id}`. */
  doc_id: string;
  startsAt: Date;
}

function dayBaseMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

const byMinuteThenId = (a: IndexedShow, b: IndexedShow) =>
  a.minute - b.minute || (a.showtime_id < b.showtime_id ? -1 : a.showtime_id > b.showtime_id ? 1 : 0);

/** The index of some showtimes documents, keyed by document id. */
export function buildDayIndex(date: string, docs: readonly { id: string; doc: ShowtimesDoc }[]): DayIndex {
  const base = dayBaseMs(date);
  const index: DayIndex = new Map();
  for (const { id, doc } of docs) {
    const shows = showtimesOf([doc]).map((s) => ({
      showtime_id: s.showtime_id,
      minute: Math.round((s.startsAt.getTime() - base) / 60_000),
      facts: factsDigest(factsOf(s)),
    }));
    index.set(id, shows.sort(byMinuteThenId));
  }
  return index;
}

export function encodeDayIndex(index: DayIndex): string {
  return [...index.keys()]
    .sort()
    .map(
      (id) =>
        `${id} ${index
          .get(id)!
          .map((s) => `${s.showtime_id}@${s.minute}#${s.facts}`)
          .join(',')}`,
    )
    .join('\n');
}

const SHOW = '\\d{1,25}@-?\\d{1,5}#[0-9a-f]{8}';
const LINE = new RegExp(`^(\\d{1,25}_\\d{1,25}) ((?:${SHOW})(?:,${SHOW})*)?$`);

/**
 * Decode a stored index document; anything not of the current format, or with a line that does
 * not parse, makes the whole index untrustworthy (returns undefined: the pass rebuilds it).
 */
export function decodeDayIndex(data: { format?: unknown; entries?: unknown } | undefined): DayIndex | undefined {
  if (data?.format !== DAY_INDEX_FORMAT || typeof data.entries !== 'string') return undefined;
  const index: DayIndex = new Map();
  for (const line of data.entries.split('\n')) {
    if (!line) continue;
    const m = LINE.exec(line);
    if (!m || index.has(m[1]!)) return undefined;
    const shows = (m[2] ? m[2].split(',') : []).map((s) => {
      const [showtime_id, rest] = s.split('@') as [string, string];
      const [minute, facts] = rest.split('#') as [string, string];
      return { showtime_id, minute: Number(minute), facts };
    });
    index.set(m[1]!, shows);
  }
  return index;
}

/**
 * The shows starting in (from, to], each id once (the first document in id order that holds it,
 * as `showtimesOf` keeps the first), ordered by start then id.
 */
export function dueShows(date: string, index: DayIndex, from: Date, to: Date | undefined): DueShow[] {
  const base = dayBaseMs(date);
  const f = (from.getTime() - base) / 60_000;
  const t = to ? (to.getTime() - base) / 60_000 : Infinity;
  const out = new Map<string, DueShow>();
  for (const docId of [...index.keys()].sort()) {
    for (const s of index.get(docId)!) {
      if (s.minute > f && s.minute <= t && !out.has(s.showtime_id))
        out.set(s.showtime_id, {
          showtime_id: s.showtime_id,
          facts: s.facts,
          doc_id: docId,
          startsAt: new Date(base + s.minute * 60_000),
        });
    }
  }
  return [...out.values()].sort(byStartThenId);
}

/** The number of shows the index holds (each id once). */
export function indexedShows(index: DayIndex): number {
  const ids = new Set<string>();
  for (const shows of index.values()) for (const s of shows) ids.add(s.showtime_id);
  return ids.size;
}
