/**
 * What the seat passes stored for a day, read back the way a test checks it: every show with a
 * reading and its latest one (morning, JIT or final) with the fields of a seat snapshot. Read
 * through the scrapers' own `loadDay` (scrapers/seats/day.ts); the box office reads the slots the
 * same way (scripts/box-office/load.ts) and computes its figures from the records.
 */
import { occupancyPct } from '../../scrapers/seats/occupancy.js';
import { latestReading, type ReadingKind, type ShowFacts, type ShowRecord } from '../../scrapers/seats/readings.js';
import { loadDay } from '../../scrapers/seats/day.js';
import type { Store } from '../../shared/store/store.js';

/** A show's latest reading with its facts (ShowFacts): the fields of a seat snapshot, without the seat map. */
export interface DayReading extends ShowFacts {
  date: string;
  snapshot_type: ReadingKind;
  scraped_at: string;
  total_seats: number;
  unavailable_seats: number;
  available_seats: number;
  /** 0–100, one decimal. */
  occupancy_pct: number;
}

function dayReadingOf(date: string, r: ShowRecord): DayReading | undefined {
  const latest = latestReading(r);
  if (!latest) return undefined;
  const { unavailable, total, at } = latest.reading;
  return {
    ...r.facts,
    date,
    snapshot_type: latest.kind,
    scraped_at: at,
    total_seats: total,
    unavailable_seats: unavailable,
    available_seats: total - unavailable,
    occupancy_pct: occupancyPct(unavailable, total),
  };
}

/**
 * Every show of `date` that has a reading, with its latest one (morning, JIT or final), ordered by
 * showtime id. Costs one read per slot document (about 35 on a national day), never one per show.
 */
export async function readDayOccupancy(store: Store, date: string): Promise<DayReading[]> {
  const { records } = await loadDay(store, date);
  const out: DayReading[] = [];
  for (const r of records.values()) {
    const d = dayReadingOf(date, r);
    if (d) out.push(d);
  }
  return out.sort((a, b) => (a.showtime_id < b.showtime_id ? -1 : a.showtime_id > b.showtime_id ? 1 : 0));
}
