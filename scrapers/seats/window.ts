/**
 * The shows of a JIT or final window, as a pure function of the day index's due shows
 * (day-index.ts: id, showtimes document, start) and the window's slot records (readings.ts: the
 * facts the morning pass stored with each show it read).
 *
 * A due show whose slot record agrees with the index (the movie of its document, its theatre-local
 * HH:MM in its city's zone is the indexed start, a known merchant, and the digest of its facts is
 * the schedules' one, so a renamed film, theatre or room is not carried over) becomes a target
 * from the record alone. Every other due show is "missing": no record (the morning did not read it:
 * stored by a later schedules run, failed, or the slot line did not parse) or a record that
 * disagrees (the show was moved by a later schedules run). The pass reads the showtimes documents
 * of the missing shows, and only those, and takes those shows from the documents.
 */
import { localToInstant } from '../../shared/clock.js';
import { cityZone } from '../../shared/tix/cities.js';
import { normaliseMerchant } from '../../shared/tix/schemas.js';
import type { DueShow } from './day-index.js';
import { factsDigest, type ShowRecord } from './readings.js';
import type { ShowtimeTarget } from './select.js';

export interface WindowShows {
  /** Due shows taken from their slot records. */
  fromSlots: ShowtimeTarget[];
  /** Due shows to take from their showtimes documents. */
  missing: DueShow[];
}

/**
 * A slot record as a target of `date`, or undefined when it does not agree with the index. The
 * city id is the document's (`{movie_id}_{city_id}`), the zone the city's (as the schedules scraper
 * writes it); `status` is not in the slots (the pass does not use it).
 */
export function targetFromRecord(
  date: string,
  due: DueShow,
  record: ShowRecord | undefined,
): ShowtimeTarget | undefined {
  if (!record) return undefined;
  const f = record.facts;
  const merchant = normaliseMerchant(f.merchant);
  const [movieId, cityId] = due.doc_id.split('_') as [string, string];
  if (
    f.showtime_id !== due.showtime_id ||
    f.movie_id !== movieId ||
    merchant !== f.merchant ||
    factsDigest(f) !== due.facts
  )
    return undefined;
  const zone = cityZone(f.city);
  const startsAt = localToInstant(date, f.showtime, zone);
  if (startsAt.getTime() !== due.startsAt.getTime()) return undefined;
  return {
    showtime_id: f.showtime_id,
    showtime: f.showtime,
    date,
    startsAt,
    zone,
    movie_id: f.movie_id,
    movie_title: f.movie_title,
    city: f.city,
    city_id: cityId,
    theatre_id: f.theatre_id,
    theatre_name: f.theatre_name,
    merchant,
    room_category: f.room_category,
  };
}

/** Split the window's due shows into those the slot records give and those to read from documents. */
export function windowShows(
  date: string,
  due: readonly DueShow[],
  records: ReadonlyMap<string, ShowRecord>,
): WindowShows {
  const fromSlots: ShowtimeTarget[] = [];
  const missing: DueShow[] = [];
  for (const d of due) {
    const t = targetFromRecord(date, d, records.get(d.showtime_id));
    if (t) fromSlots.push(t);
    else missing.push(d);
  }
  return { fromSlots, missing };
}

/** The showtimes documents to read for the missing shows, each once, in id order. */
export function documentsOf(missing: readonly DueShow[]): string[] {
  return [...new Set(missing.map((d) => d.doc_id))].sort();
}
