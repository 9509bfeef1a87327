/**
 * Every document of a day, with its Firestore types, for the archive: the day's collections and
 * documents (days.ts) read as they are, and its `seat_snapshots` rebuilt from the slot documents
 * (their readings and seat maps, scrapers/seats/maps.ts) instead of read one by one.
 *
 * Rebuilding saves ~12,000 reads on a national day. A snapshot is rebuilt only when the rebuilt
 * document's digest equals the one the writer kept beside its seat map (the record's facts or
 * reading changed since, or its map was left out: it is read instead). Then, as a second check:
 *   - the store's count of the day's snapshots (a count() aggregation, ~1 read per 1,000) equals
 *     the number rebuilt plus those read because their slot had no map for them, and
 *   - a sample of the rebuilt documents (default 20, spread over the day) equals, field for field
 *     and type for type, what the store holds.
 * Otherwise every snapshot of the day is read (and the reason is returned, for the run record).
 */
import type { DocData, Store } from '../../shared/store/store.js';
import { canonicalJson, dataOf, typedFromPlain, type TypedDoc } from '../../shared/store/typed.js';
import { decodeMaps, mapKey, type MapKind } from '../../scrapers/seats/maps.js';
import { decodeSlot } from '../../scrapers/seats/readings.js';
import { rebuildSnapshot, snapshotDigest, snapshotPath } from '../../scrapers/seats/snapshot.js';
import { pickSample } from '../../shared/sample.js';
import { dayParts } from './days.js';

export interface CollectedDay {
  date: string;
  /** Every document, sorted by path. */
  docs: TypedDoc[];
  snapshots: {
    /** Rebuilt from slot documents. */
    rebuilt: number;
    /** Read from the store (no seat map in the slot, or the fallback). */
    read: number;
    /** Rebuilt documents compared with the store. */
    checked: number;
    /** Why every snapshot was read instead (count or sample mismatch). */
    fallback?: string;
  };
}

export const DEFAULT_SAMPLE = 20;
const MAP_KINDS: readonly MapKind[] = ['jit', 'final'];

export async function collectDay(store: Store, date: string, opts: { sample?: number } = {}): Promise<CollectedDay> {
  const docs: TypedDoc[] = [];
  for (const part of dayParts(date)) {
    if (part.kind === 'doc') {
      const d = await store.exportDoc(part.path);
      if (d) docs.push(d);
    } else {
      docs.push(...(await store.exportDocs(part.collection, { idFrom: part.idFrom, idBefore: part.idBefore })));
    }
  }
  const slots = docs.filter((d) => d.path.startsWith(`seat_days/${date}/slots/`));
  const snaps = await collectSnapshots(store, date, slots, opts.sample ?? DEFAULT_SAMPLE);
  docs.push(...snaps.docs);
  docs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { date, docs, snapshots: snaps.stats };
}

/** The snapshots the slots can rebuild, and the paths of those they cannot. */
export function rebuildFromSlots(
  date: string,
  slots: readonly TypedDoc[],
): { rebuilt: TypedDoc[]; unmapped: string[] } {
  const rebuilt: TypedDoc[] = [];
  const unmapped: string[] = [];
  for (const slot of slots) {
    const data = dataOf(slot.fields);
    const { records } = decodeSlot(typeof data.entries === 'string' ? data.entries : undefined);
    const maps = decodeMaps(data.maps);
    for (const r of records.values()) {
      for (const kind of MAP_KINDS) {
        if (!r[kind]) continue;
        const map = maps.get(mapKey(kind, r.facts.showtime_id));
        const snap = map && rebuildSnapshot(date, r, kind, map.rows);
        // exactly the document written with this map, or it is read
        if (snap && snapshotDigest(snap.doc) === map.digest)
          rebuilt.push({ path: snap.path, fields: typedFromPlain(snap.doc as unknown as Record<string, unknown>) });
        else unmapped.push(snapshotPath(r.facts, kind));
      }
    }
  }
  return { rebuilt, unmapped };
}

/**
 * Whether a rebuilt document is the stored one. The file store keeps no value types (a whole
 * double reads back as an integer), so there numbers compare by value only.
 */
function same(store: Store, stored: TypedDoc, rebuilt: TypedDoc): boolean {
  const norm = (d: TypedDoc) =>
    store.kind === 'file' ? typedFromPlain(JSON.parse(JSON.stringify(dataOf(d.fields))) as DocData) : d.fields;
  return canonicalJson(norm(stored)) === canonicalJson(norm(rebuilt));
}

async function collectSnapshots(
  store: Store,
  date: string,
  slots: readonly TypedDoc[],
  sample: number,
): Promise<{ docs: TypedDoc[]; stats: CollectedDay['snapshots'] }> {
  const { rebuilt, unmapped } = rebuildFromSlots(date, slots);
  const read = (await Promise.all(unmapped.map((p) => store.exportDoc(p)))).filter(
    (d): d is TypedDoc => d !== undefined,
  );
  const stored = await store.count('seat_snapshots', { date });
  let fallback: string | undefined;
  const picks = pickSample(rebuilt, sample);
  if (stored !== rebuilt.length + read.length) {
    fallback = `the store holds ${stored} snapshots of ${date}, the slots account for ${rebuilt.length + read.length}`;
  } else {
    const held = await Promise.all(picks.map((d) => store.exportDoc(d.path)));
    const differs = picks.find((d, i) => !held[i] || !same(store, held[i], d));
    if (differs) fallback = `${differs.path} rebuilt from its slot differs from the stored document`;
  }
  if (fallback) {
    const all = await store.exportDocs('seat_snapshots', { where: { date } });
    return { docs: all, stats: { rebuilt: 0, read: all.length, checked: picks.length, fallback } };
  }
  return { docs: [...rebuilt, ...read], stats: { rebuilt: rebuilt.length, read: read.length, checked: picks.length } };
}
