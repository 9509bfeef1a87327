/**
 * The schedules scraper's pure core: TIX.id schedule pages → the documents of the day.
 *
 *   pages of one movie×city ──pairDocFrom──▶ ShowtimesDoc  `schedules/{date}/showtimes/{movie}_{city}`
 *   ShowtimesDocs of a movie ──buildScheduleDoc──▶ ScheduleDoc `schedules/{date}/movies/{movie}`
 *   ShowtimesDocs of the day + stored theatres ──theatreUpserts──▶ `theatres/{id}` writes
 *   ShowtimesDocs of the day + snapshot ──withTheatreCounts──▶ `theatre_counts` in the snapshots
 *
 * The per-pair ShowtimesDoc holds everything read for that pair (every showtime id and status, the
 * cleaned theatre names and addresses); every other document is derived from the stored pair
 * documents of the day. That is what makes a failed pair keep its earlier copy, a `--city` run
 * update only its cities, and the shards of a sharded run merge into exactly one full run's output.
 *
 * Size design: the web-app document keeps only what the web app reads (theatre id, name, merchant,
 * address, rooms with category, price and HH:MM lists); showtime ids and statuses live only in the
 * per-pair documents. `sizeCheck` lets the caller refuse a document over 1 MiB loudly.
 */
import { documentSize, MAX_DOCUMENT_BYTES } from '../../shared/store/documents.js';
import { showtimesDocId } from '../../shared/store/paths.js';
import type { DocWrite } from '../../shared/store/store.js';
import type {
  ScheduleDoc,
  ShowtimeEntry,
  ShowtimesDoc,
  SnapshotDoc,
  SnapshotMovie,
  TheatreDoc,
} from '../../shared/store/documents.js';
import type { IanaZone } from '../../shared/clock.js';
import { normaliseMerchant, type ApiTheatre } from '../../shared/tix/schemas.js';

type ScheduleTheatre = ScheduleDoc['cities'][string][number];
type PairTheatre = ShowtimesDoc['theatres'][number];

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numeric id strings compared as numbers (beyond Number.MAX_SAFE_INTEGER: by length, then text). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || compareStrings(a, b);
}

// ---------------------------------------------------------------- cleaning

/** Trimmed and single-spaced (TIX.id names carry trailing and double spaces: `"PONDOK INDAH 1 XXI "`). */
export function cleanName(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * XXI addresses arrive as `"Mall Lt. 3\r\nJl. Thamrin No. 10,\r\nJakarta 10230\r\n\r\n "`. The web
 * app puts the address in an ordinary HTML element, where line breaks collapse into spaces anyway,
 * so the address is stored as one line: each line trimmed, blank lines dropped, the lines joined
 * with ", " (or just a space when a line already ends in punctuation), inner runs of spaces
 * collapsed. Nothing else is changed.
 */
export function cleanAddress(s: string): string {
  const lines = s
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
  let out = '';
  for (const line of lines) {
    if (!out) out = line;
    else out += /[,;:.\-–]$/.test(out) ? ` ${line}` : `, ${line}`;
  }
  return out;
}

/** `9:05` → `09:05`. Throws on anything that is not a time of day. */
export function padTime(t: string): string {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`not an HH:MM time: ${JSON.stringify(t)}`);
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

// ---------------------------------------------------------------- one pair

export interface PairRef {
  movie: Pick<SnapshotMovie, 'id' | 'title'>;
  city: { id: string; name: string; zone: IanaZone };
  date: string;
  uploadedAt: string;
}

export interface PairResult {
  doc: ShowtimesDoc;
  /** Things dropped (unknown merchant, bad time), with the theatre named. */
  warnings: string[];
}

/**
 * Every theatre of one movie×city from its schedule pages, as the stored pair document: names and
 * addresses cleaned, merchants normalised, categories and prices trimmed, each showtime once (by
 * id) with its zero-padded theatre-local time and status, sorted by time. A theatre repeated on two
 * pages (the list shifted while paging) is kept once, with the showtimes of both copies.
 */
export function pairDocFrom(ref: PairRef, theatres: readonly ApiTheatre[]): PairResult {
  const warnings: string[] = [];
  const byId = new Map<string, PairTheatre>();
  for (const t of theatres) {
    const name = cleanName(t.name);
    const merchant = normaliseMerchant(t.merchant.merchant_name);
    if (!merchant) {
      warnings.push(
        `${ref.city.name}: theatre ${t.id} (${name}): unknown merchant ${JSON.stringify(t.merchant.merchant_name)}, theatre dropped`,
      );
      continue;
    }
    const rooms: PairTheatre['rooms'] = [];
    for (const g of t.price_groups) {
      const all: ShowtimeEntry[] = [];
      for (const s of g.show_time) {
        let time: string;
        try {
          time = padTime(s.display_time);
        } catch (err) {
          warnings.push(
            `${ref.city.name}: theatre ${t.id} showtime ${s.id}: ${(err as Error).message}, showtime dropped`,
          );
          continue;
        }
        all.push({ time, status: s.status, is_available: s.status === 1, showtime_id: s.id });
      }
      rooms.push({ category: cleanName(g.category), price: cleanName(g.price_string), all_showtimes: all });
    }
    const seen = byId.get(t.id);
    if (seen) {
      warnings.push(`${ref.city.name}: theatre ${t.id} (${name}) appeared on two pages; merged`);
      for (const room of rooms) {
        const same = seen.rooms.find((r) => r.category === room.category && r.price === room.price);
        if (same) same.all_showtimes.push(...room.all_showtimes);
        else seen.rooms.push(room);
      }
    } else {
      byId.set(t.id, { theatre_id: t.id, theatre_name: name, merchant, address: cleanAddress(t.address), rooms });
    }
  }
  const out = [...byId.values()].sort(
    (a, b) => compareStrings(a.theatre_name, b.theatre_name) || compareIds(a.theatre_id, b.theatre_id),
  );
  for (const t of out) {
    for (const r of t.rooms) {
      const unique = new Map(r.all_showtimes.map((s) => [s.showtime_id, s]));
      r.all_showtimes = [...unique.values()].sort(
        (a, b) => compareStrings(a.time, b.time) || compareIds(a.showtime_id, b.showtime_id),
      );
    }
  }
  return {
    doc: {
      movie_id: ref.movie.id,
      movie_title: ref.movie.title,
      date: ref.date,
      city: ref.city.name,
      city_id: ref.city.id,
      zone: ref.city.zone,
      uploaded_at: ref.uploadedAt,
      theatres: out,
    },
    warnings,
  };
}

export function showtimeCount(doc: ShowtimesDoc): number {
  return doc.theatres.reduce((n, t) => n + t.rooms.reduce((m, r) => m + r.all_showtimes.length, 0), 0);
}

// ---------------------------------------------------------------- one movie

/**
 * The document the web app reads for one movie: `cities[CITY][]` with each theatre's rooms and
 * their bookable (status 1) and past/closed (any other status) HH:MM times, sorted. Two showtimes
 * at the same time in one room (two auditoriums) stay two entries, as TIX.id lists them.
 * `missingCities` are cities of the snapshot that have no pair document at all (recorded, not hidden).
 */
export function buildScheduleDoc(input: {
  movie: SnapshotMovie;
  date: string;
  uploadedAt: string;
  pairs: readonly ShowtimesDoc[];
  missingCities?: readonly string[];
}): ScheduleDoc {
  const cities: Record<string, ScheduleTheatre[]> = {};
  const pairs = [...input.pairs].sort((a, b) => compareStrings(a.city, b.city));
  let count = 0;
  for (const pair of pairs) {
    cities[pair.city] = pair.theatres.map((t) => ({
      theatre_id: t.theatre_id,
      theatre_name: t.theatre_name,
      merchant: t.merchant,
      address: t.address ?? '',
      rooms: t.rooms.map((r) => {
        count += r.all_showtimes.length;
        const times = (status1: boolean) =>
          r.all_showtimes
            .filter((s) => (s.status === 1) === status1)
            .map((s) => s.time)
            .sort(compareStrings);
        return { category: r.category, price: r.price, showtimes: times(true), past_showtimes: times(false) };
      }),
    }));
  }
  const doc: ScheduleDoc = {
    movie_id: input.movie.id,
    title: input.movie.title,
    poster: input.movie.poster,
    age_category: input.movie.age_category,
    date: input.date,
    uploaded_at: input.uploadedAt,
    genres: [...input.movie.genres],
    merchants: [...input.movie.merchants],
    is_presale: input.movie.is_presale,
    cities,
    showtime_docs: pairs.map((p) => showtimesDocId(p.movie_id, p.city_id)).sort(compareStrings),
    showtime_count: count,
  };
  const missing = [...new Set(input.missingCities ?? [])].filter((c) => !(c in cities)).sort(compareStrings);
  if (missing.length) doc.missing_cities = missing;
  return doc;
}

/** Firestore's size of a document at a path, and whether it fits. */
export function sizeCheck(path: string, doc: object): { bytes: number; fits: boolean } {
  const bytes = documentSize(path, doc as unknown as Record<string, unknown>);
  return { bytes, fits: bytes <= MAX_DOCUMENT_BYTES };
}

// ---------------------------------------------------------------- theatres

/** What one day's pair documents say about each theatre (first city alphabetically when a theatre shows up in two). */
export interface SeenTheatre {
  theatre_id: string;
  name: string;
  merchant: TheatreDoc['merchant'];
  city: string;
  address: string;
  room_types: string[];
}

export function theatresSeen(pairs: readonly ShowtimesDoc[]): Map<string, SeenTheatre> {
  const out = new Map<string, SeenTheatre>();
  const sorted = [...pairs].sort((a, b) => compareStrings(a.city, b.city) || compareIds(a.movie_id, b.movie_id));
  for (const pair of sorted) {
    for (const t of pair.theatres) {
      let seen = out.get(t.theatre_id);
      if (!seen) {
        seen = {
          theatre_id: t.theatre_id,
          name: t.theatre_name,
          merchant: t.merchant,
          city: pair.city,
          address: t.address ?? '',
          room_types: [],
        };
        out.set(t.theatre_id, seen);
      }
      if (!seen.address && t.address) seen.address = t.address;
      for (const r of t.rooms)
        if (r.category && !seen.room_types.includes(r.category)) seen.room_types.push(r.category);
    }
  }
  for (const t of out.values()) t.room_types.sort(compareStrings);
  return out;
}

/**
 * `theatres/{id}` writes for the theatres seen today. A known theatre is merged: only the fields
 * this scraper owns are written (`merge: true`), so `lat`, `lng`, `place_id` and `created_at` set by
 * anyone are never touched; `room_types` is the union of the stored and today's categories; an
 * address TIX.id left empty does not erase a stored one; `updated_at` moves only when something
 * changed, `last_seen` always. A new theatre is written whole, with null coordinates.
 */
export function theatreUpserts(
  seen: ReadonlyMap<string, SeenTheatre>,
  existing: ReadonlyMap<string, Partial<TheatreDoc>>,
  now: string,
): DocWrite[] {
  const writes: DocWrite[] = [];
  const ids = [...seen.keys()].sort(compareIds);
  for (const id of ids) {
    const t = seen.get(id)!;
    const old = existing.get(id);
    const path = `theatres/${id}`;
    if (!old) {
      const doc: TheatreDoc = {
        theatre_id: id,
        name: t.name,
        merchant: t.merchant,
        city: t.city,
        address: t.address || null,
        lat: null,
        lng: null,
        place_id: null,
        room_types: t.room_types,
        last_seen: now,
        created_at: now,
        updated_at: now,
      };
      writes.push({ path, data: doc });
      continue;
    }
    const roomTypes = [...new Set([...(old.room_types ?? []), ...t.room_types])].sort(compareStrings);
    const address = t.address || old.address || null;
    const changed =
      old.name !== t.name ||
      old.merchant !== t.merchant ||
      old.city !== t.city ||
      (old.address ?? null) !== address ||
      (old.room_types ?? []).join('\n') !== roomTypes.join('\n') ||
      !old.created_at ||
      !old.updated_at;
    const data: Partial<TheatreDoc> = {
      theatre_id: id,
      name: t.name,
      merchant: t.merchant,
      city: t.city,
      address,
      room_types: roomTypes,
      last_seen: now,
      updated_at: changed ? now : old.updated_at!,
    };
    if (!old.created_at) data.created_at = now;
    for (const field of ['lat', 'lng', 'place_id'] as const) if (!(field in old)) data[field] = null;
    writes.push({ path, data, merge: true });
  }
  return writes;
}

// ---------------------------------------------------------------- snapshots

/** Theatres per city of each movie, from the pair documents. */
export function theatreCountsOf(pairs: readonly ShowtimesDoc[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const p of pairs) {
    const counts = out.get(p.movie_id) ?? {};
    counts[p.city] = new Set(p.theatres.map((t) => t.theatre_id)).size;
    out.set(p.movie_id, counts);
  }
  return out;
}

/**
 * The snapshot with each movie's `theatre_counts` set from the day's pair documents (cities the
 * movie shows in only, sorted; a city without a pair document keeps the count it had) and its
 * `summary` recomputed. Everything else is left as the movies scraper wrote it.
 */
export function withTheatreCounts(
  snapshot: SnapshotDoc,
  counts: ReadonlyMap<string, Record<string, number>>,
): SnapshotDoc {
  const movies = snapshot.movies.map((m) => {
    const fresh = counts.get(m.id) ?? {};
    const theatreCounts: Record<string, number> = {};
    for (const city of [...m.cities].sort(compareStrings)) {
      const n = fresh[city] ?? m.theatre_counts[city];
      if (n !== undefined) theatreCounts[city] = n;
    }
    return { ...m, theatre_counts: theatreCounts };
  });
  return {
    ...snapshot,
    movies,
    summary: {
      total_cities: new Set(movies.flatMap((m) => m.cities)).size,
      total_movies: movies.length,
      presale_count: movies.filter((m) => m.is_presale).length,
    },
  };
}
