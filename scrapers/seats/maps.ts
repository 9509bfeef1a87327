/**
 * The seat maps of a slot's JIT and final readings, kept beside the readings in the slot document
 * (`seat_days/{date}/slots/{HHMM}`, field `maps`), so the retention archive can rebuild the day's
 * `seat_snapshots` documents from ~35 slot reads instead of reading ~12,000 snapshots
 * (scripts/retention/collect.ts; it checks the rebuilt documents against the store before trusting
 * them). Pure functions.
 *
 * Format of `maps`: base64 of gzip of UTF-8 text, one line per reading, sorted:
 *
 *   {kind} TAB {showtime_id} TAB {digest} TAB {JSON of the seat_rows array}
 *
 * where digest is `snapshotDigest` (snapshot.ts) of the snapshot document as written: the archive
 * trusts a rebuilt document only when its digest is this one (a record whose facts or reading
 * changed since, or a map left out of a full slot, is read instead).
 *
 * Seat maps of one hall repeat the same few characters, so a busy slot's ~800 maps (~1.5 MB as
 * JSON) take ~10% of that compressed. A map is kept only for a reading whose snapshot document
 * the slot can rebuild exactly (facts without tabs or line breaks, which the slot's text format
 * would turn into spaces): see `rebuildable`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ShowFacts } from './readings.js';

export type MapKind = 'jit' | 'final';
export interface SeatRowText {
  row: string;
  seats: string;
}
export interface SlotMap {
  /** `snapshotDigest` of the snapshot document written with this map. */
  digest: string;
  rows: SeatRowText[];
}
/** Seat maps by `{kind}\t{showtime_id}`. */
export type SlotMaps = Map<string, SlotMap>;

export const mapKey = (kind: MapKind, showtimeId: string) => `${kind}\t${showtimeId}`;

/** True when every fact survives the slot's tab-separated text unchanged. */
export function rebuildable(f: ShowFacts): boolean {
  return Object.values(f).every((v) => !/[\t\r\n]/.test(v));
}

export function encodeMaps(maps: SlotMaps): string | undefined {
  if (maps.size === 0) return undefined;
  const text = [...maps.keys()]
    .sort()
    .map((k) => `${k}\t${maps.get(k)!.digest}\t${JSON.stringify(maps.get(k)!.rows)}`)
    .join('\n');
  return gzipSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64');
}

/** Decode; a field that does not decode, or a line that does not parse, is dropped (its snapshot is then read, not rebuilt). */
export function decodeMaps(field: unknown): SlotMaps {
  const maps: SlotMaps = new Map();
  if (typeof field !== 'string' || field === '') return maps;
  let text: string;
  try {
    text = gunzipSync(Buffer.from(field, 'base64')).toString('utf8');
  } catch {
    return maps;
  }
  for (const line of text.split('\n')) {
    const m = /^(jit|final)\t(\d+)\t([0-9a-f]{32})\t(.*)$/.exec(line);
    if (!m) continue;
    try {
      const rows = JSON.parse(m[4]!) as unknown;
      if (Array.isArray(rows) && rows.every((r) => r && typeof r.row === 'string' && typeof r.seats === 'string')) {
        maps.set(mapKey(m[1] as MapKind, m[2]!), {
          digest: m[3]!,
          rows: (rows as SeatRowText[]).map((r) => ({ row: r.row, seats: r.seats })),
        });
      }
    } catch {
      // dropped: read, not rebuilt
    }
  }
  return maps;
}

/** Stored maps with updates laid over them (an update replaces the map of its key). */
export function mergeMaps(stored: SlotMaps, updates: SlotMaps): SlotMaps {
  const out: SlotMaps = new Map(stored);
  for (const [k, v] of updates) out.set(k, v);
  return out;
}
