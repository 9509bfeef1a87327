/**
 * The day's index of start times, as pure functions: for each showtimes document
 * (`schedules/{date}/showtimes/{movie_id}_{city_id}`), the instants its shows start. The shell
 * keeps it in one private document, `seat_index/{date}`.
 *
 * Why: a JIT pass runs every 15 minutes and needs only the few showtimes about to start. Listing
 * every showtimes document each time would cost about 660 reads and a few MB a pass (≈ 47,000
 * reads a day, the whole free tier). With the index a pass reads it, then only the documents
 * holding a show in its window (typically a few dozen).
 *
 * The morning pass rebuilds the index from the documents it lists anyway; a JIT or final pass
 * builds it when it is missing. The schedules scraper deletes it whenever it writes or deletes
 * showtimes documents of the day (a `--city` re-run after a failed city, a later full run), so an
 * index never hides a document stored after it was built.
 *
 * Format of `entries`: one line per document, `{doc_id} {m1},{m2},…` where each m is a start in
 * whole minutes from `{date}T00:00:00Z` (negative for a WIT show just after local midnight),
 * sorted and distinct.
 */
import type { ShowtimesDoc } from '../../shared/store/documents.js';
import { showtimesOf } from './select.js';

export type DayIndex = Map<string, number[]>;

/**
 * Where the index lives. Whoever writes or deletes showtimes documents of a day (the schedules
 * scraper) deletes it, so the next seat pass rebuilds it from the documents as they are.
 */
export const seatIndexPath = (date: string) => `seat_index/${date}`;

function dayBaseMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The index of some showtimes documents, keyed by document id. */
export function buildDayIndex(date: string, docs: readonly { id: string; doc: ShowtimesDoc }[]): DayIndex {
  const base = dayBaseMs(date);
  const index: DayIndex = new Map();
  for (const { id, doc } of docs) {
    const minutes = new Set(showtimesOf([doc]).map((s) => Math.round((s.startsAt.getTime() - base) / 60_000)));
    index.set(id, [...minutes].sort((a, b) => a - b));
  }
  return index;
}

export function encodeDayIndex(index: DayIndex): string {
  return [...index.keys()]
    .sort()
    .map((id) => `${id} ${index.get(id)!.join(',')}`)
    .join('\n');
}

const LINE = /^(\d{1,25}_\d{1,25}) (-?\d+(?:,-?\d+)*)?$/;

/** Decode; a line that does not parse makes the whole index untrustworthy (returns undefined). */
export function decodeDayIndex(text: string | undefined): DayIndex | undefined {
  if (text === undefined) return undefined;
  const index: DayIndex = new Map();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = LINE.exec(line);
    if (!m) return undefined;
    index.set(m[1]!, m[2] ? m[2].split(',').map(Number) : []);
  }
  return index;
}

/** Ids of the documents with a show starting in (from, to]. */
export function dueDocuments(date: string, index: DayIndex, from: Date, to: Date | undefined): string[] {
  const base = dayBaseMs(date);
  const f = (from.getTime() - base) / 60_000;
  const t = to ? (to.getTime() - base) / 60_000 : Infinity;
  const out: string[] = [];
  for (const [id, minutes] of index) if (minutes.some((m) => m > f && m <= t)) out.push(id);
  return out.sort();
}
