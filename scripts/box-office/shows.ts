/**
 * One row per scheduled show (`ShowRow`) and one per reading (`ReadingRow`), as a pure function of
 * the day's input (`DayInput`, read by load.ts): the schedules say which shows exist, their theatre,
 * room category and listed price; the slot records say what was read; the movies list gives genres.
 *
 * The reading that counts is the show's **last reading before its local start** (on equal instants
 * the later kind: final > jit > morning). A reading taken at or after the start is never admissions
 * (a map read after the start may show every seat unavailable); a show read only after its start
 * counts as unread. Admissions = unavailable seats of that reading (sold and held cannot be told
 * apart on TIX.id). Walk-up = that reading − the morning one, when the last is a JIT or final
 * reading and a morning reading exists.
 *
 * Problems are returned as issues (one per show or price), never thrown: a malformed price leaves
 * the show's gross null, a room without a category has the format `unknown`, a show read but no
 * longer in the schedules keeps its reading (facts from its slot record, no price), a movie whose
 * title differs between schedules and readings takes the schedules' title.
 */
import { localToInstant, type IanaZone } from '../../shared/clock.js';
import type { ShowtimesDoc } from '../../shared/store/documents.js';
import { cityZone } from '../../shared/tix/cities.js';
import { READING_KINDS, type ReadingKind, type ShowRecord } from '../../scrapers/seats/readings.js';
import { formatOf, isKnownCategory } from './format.js';
import { parsePrice } from './price.js';
import { regionOf } from './regions.js';
import type { DayInput, DayIssue, ReadingRow, ShowRow } from './types.js';

/** A show as the schedules list it: the identity its row carries over, and what the row is worked out from. */
interface Scheduled extends Pick<
  ShowRow,
  'showtime_id' | 'movie_id' | 'movie_title' | 'theatre_id' | 'theatre_name' | 'merchant' | 'city' | 'start_local'
> {
  zone: IanaZone;
  room_category: string;
  price: string;
}

export interface ShowRows {
  shows: ShowRow[];
  readings: ReadingRow[];
  issues: DayIssue[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every show of the showtimes documents, each id once (the first document listing it wins). */
function scheduledShows(docs: readonly ShowtimesDoc[]): Map<string, Scheduled> {
  const out = new Map<string, Scheduled>();
  for (const doc of docs) {
    for (const t of doc.theatres) {
      for (const room of t.rooms) {
        for (const s of room.all_showtimes) {
          if (out.has(s.showtime_id)) continue;
          out.set(s.showtime_id, {
            showtime_id: s.showtime_id,
            movie_id: doc.movie_id,
            movie_title: doc.movie_title,
            theatre_id: t.theatre_id,
            theatre_name: t.theatre_name,
            merchant: t.merchant,
            city: doc.city,
            zone: doc.zone,
            room_category: room.category,
            price: room.price,
            start_local: s.time,
          });
        }
      }
    }
  }
  return out;
}

/** A show known only from its slot record (read, then dropped from the schedules). */
function fromRecord(r: ShowRecord): Scheduled {
  const f = r.facts;
  return {
    showtime_id: f.showtime_id,
    movie_id: f.movie_id,
    movie_title: f.movie_title,
    theatre_id: f.theatre_id,
    theatre_name: f.theatre_name,
    merchant: f.merchant,
    city: f.city,
    zone: cityZone(f.city),
    room_category: f.room_category,
    price: '',
    start_local: f.showtime,
  };
}

/** The last reading strictly before `startMs` (ties: the later kind), or undefined. */
export function lastBeforeStart(
  r: ShowRecord | undefined,
  startMs: number,
): { kind: ReadingKind; unavailable: number; total: number } | undefined {
  let best: { kind: ReadingKind; at: string; unavailable: number; total: number } | undefined;
  for (const kind of READING_KINDS) {
    const reading = r?.[kind];
    if (!reading || Date.parse(reading.at) >= startMs) continue;
    if (!best || reading.at >= best.at) best = { kind, ...reading };
  }
  return best && { kind: best.kind, unavailable: best.unavailable, total: best.total };
}

/**
 * One title per movie: the schedules' (the showtimes document read last wins), else the latest
 * reading's. Every other title seen is a `movie_renamed` issue.
 */
function movieTitles(
  scheduled: Map<string, Scheduled>,
  records: readonly ShowRecord[],
  issues: DayIssue[],
): Map<string, string> {
  const fromSchedules = new Map<string, string>();
  for (const s of scheduled.values()) fromSchedules.set(s.movie_id, s.movie_title);
  const seen = new Map<string, { title: string; at: string }[]>();
  for (const r of records) {
    const at = READING_KINDS.map((k) => r[k]?.at ?? '').reduce((a, b) => (b > a ? b : a), '');
    const list = seen.get(r.facts.movie_id) ?? [];
    list.push({ title: r.facts.movie_title, at });
    seen.set(r.facts.movie_id, list);
  }
  const titles = new Map(fromSchedules);
  for (const [movie, list] of seen) {
    if (!titles.has(movie)) titles.set(movie, list.reduce((a, b) => (b.at > a.at ? b : a)).title);
    const chosen = titles.get(movie)!;
    const others = [...new Set(list.map((x) => x.title))].filter((t) => t !== chosen);
    if (others.length)
      issues.push({
        kind: 'movie_renamed',
        subject: movie,
        detail: `read as ${others.map((t) => JSON.stringify(t)).join(', ')}; counted as ${JSON.stringify(chosen)}`,
      });
  }
  return titles;
}

interface RowContext {
  date: string;
  titles: Map<string, string>;
  genres: Map<string, string[]>;
  issues: DayIssue[];
  /** Issues named once per subject (a price string, a category, a city), not once per show. */
  noted: Set<string>;
}

function noteOnce(ctx: RowContext, issue: DayIssue): void {
  const key = `${issue.kind}\u0000${issue.subject}`;
  if (ctx.noted.has(key)) return;
  ctx.noted.add(key);
  ctx.issues.push(issue);
}

function readingPart(s: Scheduled, record: ShowRecord | undefined, startMs: number, ctx: RowContext) {
  const last = lastBeforeStart(record, startMs);
  const morningAt = record?.morning ? Date.parse(record.morning.at) : Infinity;
  const morning = record?.morning && morningAt < startMs ? record.morning.unavailable : null;
  if (!last) {
    const after = record && READING_KINDS.some((k) => record[k]);
    ctx.issues.push(
      after
        ? {
            kind: 'reading_after_start',
            subject: s.showtime_id,
            detail: 'every reading was taken at or after the local start: not admissions, the show counts as unread',
          }
        : { kind: 'show_unread', subject: s.showtime_id, detail: 'no reading' },
    );
    return {
      seats_total: null,
      unavailable_morning: morning,
      unavailable_last: null,
      last_kind: null,
      admissions: null,
      walkup: null,
    };
  }
  const walkup = last.kind !== 'morning' && morning !== null ? last.unavailable - morning : null;
  return {
    seats_total: last.total,
    unavailable_morning: morning,
    unavailable_last: last.unavailable,
    last_kind: last.kind,
    admissions: last.unavailable,
    walkup,
  };
}

function pricePart(s: Scheduled, admissions: number | null, scheduled: boolean, ctx: RowContext) {
  const price = scheduled ? parsePrice(s.price) : null;
  if (scheduled && !price) {
    noteOnce(ctx, {
      kind: 'malformed_price',
      subject: JSON.stringify(s.price),
      detail: `room ${JSON.stringify(s.room_category)} of theatre ${s.theatre_id}: not "Rp35.000" or "Rp46.000 - Rp51.000"; gross left out`,
    });
  }
  return {
    price_idr_min: price?.min ?? null,
    price_idr_max: price?.max ?? null,
    gross_idr_min: price && admissions !== null ? admissions * price.min : null,
    gross_idr_max: price && admissions !== null ? admissions * price.max : null,
  };
}

function categoryOf(s: Scheduled, ctx: RowContext): string | null {
  const c = s.room_category.trim();
  if (!c)
    noteOnce(ctx, {
      kind: 'room_without_category',
      subject: `theatre ${s.theatre_id}`,
      detail: 'a room without a category: its shows have the format unknown',
    });
  else if (!isKnownCategory(c))
    noteOnce(ctx, {
      kind: 'unknown_room_category',
      subject: c,
      detail: 'no format rule knows this category: format unknown',
    });
  return c || null;
}

function showRow(s: Scheduled, record: ShowRecord | undefined, scheduled: boolean, ctx: RowContext): ShowRow {
  const start = localToInstant(ctx.date, s.start_local, s.zone);
  const region = regionOf(s.city);
  if (!region)
    noteOnce(ctx, {
      kind: 'unknown_city',
      subject: s.city,
      detail: 'not one of the 83 TIX.id cities: province and island group unknown',
    });
  const reading = readingPart(s, record, start.getTime(), ctx);
  const room_category = categoryOf(s, ctx);
  return {
    date: ctx.date,
    showtime_id: s.showtime_id,
    movie_id: s.movie_id,
    movie_title: ctx.titles.get(s.movie_id) ?? s.movie_title,
    theatre_id: s.theatre_id,
    theatre_name: s.theatre_name,
    merchant: s.merchant,
    city: s.city,
    province: region?.province ?? null,
    island_group: region?.island_group ?? null,
    room_category,
    format: formatOf(room_category, s.theatre_name),
    start_local: s.start_local,
    start_at: start.toISOString(),
    ...reading,
    ...pricePart(s, reading.admissions, scheduled, ctx),
    genres: ctx.genres.get(s.movie_id) ?? [],
  };
}

function readingRows(date: string, records: readonly ShowRecord[]): ReadingRow[] {
  const out: ReadingRow[] = [];
  for (const r of records) {
    for (const kind of READING_KINDS) {
      const x = r[kind];
      if (x)
        out.push({
          date,
          showtime_id: r.facts.showtime_id,
          kind,
          read_at: x.at,
          seats_total: x.total,
          seats_unavailable: x.unavailable,
        });
    }
  }
  return out.sort((a, b) => byId(a.showtime_id, b.showtime_id) || byId(a.read_at, b.read_at));
}

/** The day's shows (every scheduled show, read or not, plus shows read but no longer scheduled), readings and issues. */
export function buildShowRows(input: DayInput): ShowRows {
  const issues: DayIssue[] = [];
  const scheduled = scheduledShows(input.showtimes);
  const records = new Map(input.records.map((r) => [r.facts.showtime_id, r]));
  const ctx: RowContext = {
    date: input.date,
    titles: movieTitles(scheduled, input.records, issues),
    genres: new Map(input.movies.map((m) => [m.id, m.genres])),
    issues,
    noted: new Set(),
  };
  const ids = [...new Set([...scheduled.keys(), ...records.keys()])].sort(byId);
  const shows = ids.map((id) => {
    const s = scheduled.get(id);
    if (!s)
      issues.push({
        kind: 'reading_not_scheduled',
        subject: id,
        detail: 'read, but not in the schedules: facts from its slot record, price unknown',
      });
    return showRow(s ?? fromRecord(records.get(id)!), records.get(id), s !== undefined, ctx);
  });
  return { shows, readings: readingRows(input.date, input.records), issues };
}
