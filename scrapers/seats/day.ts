/**
 * The day's seat readings in the store (`seat_days/{date}/slots/{HHMM}`, format in readings.ts):
 * load some or all slots (`loadDay`: the passes and the box office's loader, scripts/box-office/load.ts,
 * read the day through it) and merge a pass's readings into a slot.
 */
import { iso, type Clock } from '../../shared/clock.js';
import { documentSize, MAX_DOCUMENT_BYTES } from '../../shared/store/documents.js';
import { slotPath, slotsCollection } from '../../shared/store/paths.js';
import type { Store } from '../../shared/store/store.js';
import { decodeMaps, encodeMaps, mergeMaps, type SlotMaps } from './maps.js';
import { decodeSlot, encodeSlot, mergeSlot, type ShowRecord, type SlotRecords } from './readings.js';

export interface LoadedDay {
  /** Every record of the loaded slots, by showtime id. */
  records: Map<string, ShowRecord>;
  /** Documents read. */
  reads: number;
  /** Lines that did not parse (their shows are read again). */
  badLines: number;
}

/**
 * A slot document's size above which new seat maps are left out (their snapshots are then read,
 * not rebuilt, when the day is archived): 90% of Firestore's 1 MiB.
 */
export const MAX_SLOT_BYTES = Math.floor(MAX_DOCUMENT_BYTES * 0.9);

/** Load the given slots (by id, one read each) or, without `slots`, every slot of the day (one query, `entries` only). */
export async function loadDay(store: Store, date: string, slots?: readonly string[]): Promise<LoadedDay> {
  const docs = slots
    ? (await Promise.all(slots.map(async (s) => ({ data: await store.get(slotPath(date, s)) })))).filter((d) => d.data)
    : await store.list(slotsCollection(date), { fields: ['entries'] });
  const records = new Map<string, ShowRecord>();
  let badLines = 0;
  for (const d of docs) {
    const decoded = decodeSlot(d.data!.entries as string | undefined);
    badLines += decoded.badLines;
    for (const [id, r] of decoded.records) records.set(id, r);
  }
  return { records, reads: slots ? slots.length : Math.max(1, docs.length), badLines };
}

/**
 * Merge records (and the seat maps of JIT/final readings, maps.ts) into one slot in a transaction
 * (concurrent passes and shards keep each other's lines). Returns the writes made: 0 when the slot
 * already said exactly this.
 */
export async function saveSlot(
  store: Store,
  date: string,
  slot: string,
  updates: SlotRecords,
  clock: Clock,
  maps: SlotMaps = new Map(),
): Promise<number> {
  if (updates.size === 0 && maps.size === 0) return 0;
  return store.transaction(slotPath(date, slot), (current) => {
    const merged = mergeSlot(decodeSlot(current?.entries as string | undefined).records, updates);
    const entries = encodeSlot(merged);
    const stored = current?.maps as string | undefined;
    let mapsField = maps.size ? encodeMaps(mergeMaps(decodeMaps(stored), maps)) : stored;
    const doc = (m: string | undefined) => ({
      date,
      slot,
      updated_at: iso(clock.now()),
      showtimes: merged.size,
      entries,
      ...(m ? { maps: m } : {}),
    });
    // The maps only save the archive reads: never let them push the slot (the readings) past its limit.
    if (mapsField !== stored && documentSize(slotPath(date, slot), doc(mapsField)) > MAX_SLOT_BYTES) mapsField = stored;
    if (current && current.entries === entries && current.maps === mapsField) return { result: 0 };
    return { write: doc(mapsField), result: 1 };
  });
}
