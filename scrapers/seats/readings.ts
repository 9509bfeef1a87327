/**
 * The day's seat readings in compact form, as pure functions: one private document per half hour
 * of start times, `seat_days/{date}/slots/{HHMM}` (HHMM: the slot's start in Asia/Jakarta minutes
 * from the date's midnight, `0000`…; a show after midnight falls in `2400`, `2430`, …).
 *
 * Each document holds, for every show starting in its half hour, the show's facts and its readings
 * by kind (the morning one, the JIT one, a final one) plus whether TIX.id said it started. This is
 * both the pass's memory (which shows a mode already read, so a re-run or the next pass never asks
 * TIX.id again) and the day's exact occupancy record that the summary, the report and the health
 * check read: about 35 documents a day instead of one `seat_snapshots` document per show.
 *
 * Why half hours: a JIT pass (window ≤ 30 minutes) touches at most two of them; the morning pass
 * reads shows in start order, so a batch of readings lands in one or two; a busy half hour on a
 * national day holds ~800 shows × ~200 bytes = ~160 kB, well under Firestore's 1 MiB.
 *
 * Format of `entries`: one line per show, ordered by showtime id, 13 tab-separated fields:
 *
 *   showtime_id  HH:MM  movie_id  movie_title  theatre_id  theatre_name  city  merchant  room_category
 *   morning  jit  final  flags
 *
 * where each reading is `{unavailable}/{total}@{ISO instant}` or `-`, and flags is `X` (TIX.id
 * answered EXPIRED_EVENT_DETAIL: the show started) or `-`. Tabs and line breaks inside names are
 * written as spaces.
 */
import { createHash } from 'node:crypto';
import { localToInstant } from '../../shared/clock.js';
import type { ShowtimeTarget } from './select.js';

export type ReadingKind = 'morning' | 'jit' | 'final';
export const READING_KINDS: readonly ReadingKind[] = ['morning', 'jit', 'final'];

export interface Reading {
  unavailable: number;
  total: number;
  /** ISO instant of the capture. */
  at: string;
}

/** What a reading needs to say about its show (the contract's snapshot fields). */
export interface ShowFacts {
  showtime_id: string;
  /** Theatre-local HH:MM. */
  showtime: string;
  movie_id: string;
  movie_title: string;
  theatre_id: string;
  theatre_name: string;
  city: string;
  merchant: string;
  room_category: string;
}

export interface ShowRecord {
  facts: ShowFacts;
  morning?: Reading;
  jit?: Reading;
  final?: Reading;
  started: boolean;
}

/** A slot's records by showtime id. */
export type SlotRecords = Map<string, ShowRecord>;

const SLOT_MINUTES = 30;

function jakartaMidnightMs(date: string): number {
  return localToInstant(date, '00:00', 'Asia/Jakarta').getTime();
}

/** The slot id of a start instant on `date`: its half hour in Jakarta minutes from midnight (clamped to 0000). */
export function slotOf(date: string, startsAt: Date): string {
  const minutes = Math.max(0, Math.floor((startsAt.getTime() - jakartaMidnightMs(date)) / 60_000));
  const m = Math.floor(minutes / SLOT_MINUTES) * SLOT_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
}

/** Every slot id whose half hour meets the start window (from, to]. */
export function slotsBetween(date: string, from: Date, to: Date): string[] {
  const out: string[] = [];
  const step = SLOT_MINUTES * 60_000;
  const first = slotOf(date, new Date(from.getTime() + 1));
  const base = jakartaMidnightMs(date);
  const firstMs = base + (Number(first.slice(0, 2)) * 60 + Number(first.slice(2))) * 60_000;
  for (let t = firstMs; t <= to.getTime(); t += step) out.push(slotOf(date, new Date(t)));
  return [...new Set(out)];
}

export function factsOf(t: ShowtimeTarget): ShowFacts {
  return {
    showtime_id: t.showtime_id,
    showtime: t.showtime,
    movie_id: t.movie_id,
    movie_title: t.movie_title,
    theatre_id: t.theatre_id,
    theatre_name: t.theatre_name,
    city: t.city,
    merchant: t.merchant,
    room_category: t.room_category,
  };
}

const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

/** A show's facts in the order of a slot line's first nine fields (and of its digest). */
const FACT_FIELDS: readonly (keyof ShowFacts)[] = [
  'showtime_id',
  'showtime',
  'movie_id',
  'movie_title',
  'theatre_id',
  'theatre_name',
  'city',
  'merchant',
  'room_category',
];

/**
 * 8 hex digits of SHA-256 of a show's facts as a slot line keeps them: the day index carries it
 * (day-index.ts), so a JIT pass takes a show from its slot record only while the record's facts
 * are still the schedules' (a later schedules run that renamed a film or a room makes the pass
 * read the show's showtimes document instead).
 */
export function factsDigest(f: ShowFacts): string {
  return createHash('sha256')
    .update(FACT_FIELDS.map((k) => clean(f[k])).join('\t'))
    .digest('hex')
    .slice(0, 8);
}

function encodeReading(r: Reading | undefined): string {
  return r ? `${r.unavailable}/${r.total}@${r.at}` : '-';
}

const READING = /^(\d+)\/(\d+)@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)$/;

function decodeReading(text: string): Reading | undefined | null {
  if (text === '-') return undefined;
  const m = READING.exec(text);
  if (!m) return null;
  const r = { unavailable: Number(m[1]), total: Number(m[2]), at: m[3]! };
  return r.unavailable <= r.total ? r : null;
}

export function encodeSlot(records: SlotRecords): string {
  return [...records.keys()]
    .sort()
    .map((id) => {
      const r = records.get(id)!;
      return [
        ...FACT_FIELDS.map((k) => clean(r.facts[k])),
        encodeReading(r.morning),
        encodeReading(r.jit),
        encodeReading(r.final),
        r.started ? 'X' : '-',
      ].join('\t');
    })
    .join('\n');
}

/** Decode; a line that does not parse is dropped and counted (its show is read again, never invented). */
export function decodeSlot(text: string | undefined): { records: SlotRecords; badLines: number } {
  const records: SlotRecords = new Map();
  let badLines = 0;
  for (const line of (text ?? '').split('\n')) {
    if (!line) continue;
    const f = line.split('\t');
    const readings = f.length === 13 ? [decodeReading(f[9]!), decodeReading(f[10]!), decodeReading(f[11]!)] : [];
    if (
      f.length !== 13 ||
      !/^\d+$/.test(f[0]!) ||
      !/^\d{2}:\d{2}$/.test(f[1]!) ||
      readings.includes(null) ||
      !/^[X-]$/.test(f[12]!)
    ) {
      badLines++;
      continue;
    }
    const [morning, jit, final] = readings as (Reading | undefined)[];
    records.set(f[0]!, {
      facts: Object.fromEntries(FACT_FIELDS.map((k, i) => [k, f[i]!])) as Record<keyof ShowFacts, string>,
      ...(morning ? { morning } : {}),
      ...(jit ? { jit } : {}),
      ...(final ? { final } : {}),
      started: f[12] === 'X',
    });
  }
  return { records, badLines };
}

/**
 * Merge updates into stored records (read inside a transaction, so concurrent passes and shards
 * keep each other's lines): an update's facts and readings replace the stored ones it has; `started`
 * only ever turns on.
 */
export function mergeSlot(stored: SlotRecords, updates: SlotRecords): SlotRecords {
  const out: SlotRecords = new Map(stored);
  for (const [id, u] of updates) {
    const s = out.get(id);
    if (!s) {
      out.set(id, { ...u });
      continue;
    }
    out.set(id, {
      facts: u.facts,
      ...((u.morning ?? s.morning) ? { morning: u.morning ?? s.morning } : {}),
      ...((u.jit ?? s.jit) ? { jit: u.jit ?? s.jit } : {}),
      ...((u.final ?? s.final) ? { final: u.final ?? s.final } : {}),
      started: s.started || u.started,
    });
  }
  return out;
}

/** The show's latest reading and its kind (on equal instants the later kind: final > jit > morning). */
export function latestReading(r: ShowRecord): { kind: ReadingKind; reading: Reading } | undefined {
  let best: { kind: ReadingKind; reading: Reading } | undefined;
  for (const kind of READING_KINDS) {
    const reading = r[kind];
    if (reading && (!best || reading.at >= best.reading.at)) best = { kind, reading };
  }
  return best;
}
