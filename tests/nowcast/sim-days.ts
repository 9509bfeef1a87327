/**
 * A simulated day's box-office input straight from the simulator's world (no HTTP): the showtimes
 * documents the schedules scraper would store and the slot records the seat passes would, with each
 * reading taken from `truthOf` at its instant: the morning pass at 06:00 WIB, a JIT reading 10
 * minutes before each start, only for shows starting by `readUntil` (the day so far).
 */
import { localToInstant } from '../../shared/clock.js';
import type { ShowtimesDoc } from '../../shared/store/documents.js';
import type { ShowRecord } from '../../scrapers/seats/readings.js';
import type { DayInput } from '../../scripts/box-office/types.js';
import { truthOf, type SimWorld } from '../../scripts/tix-sim/world.js';

const JIT_BEFORE_MS = 10 * 60_000;

export interface SimReadOptions {
  /** Take JIT readings only for shows whose JIT instant is at or before this (default: every show). */
  readUntil?: Date;
  /** A chain whose morning pass failed (its shows have no 06:00 reading). */
  noMorningFor?: string;
}

/** A day read once: every show's showtimes entry and its two readings; `at(o)` builds the day's input so far. */
export interface SimDayReadings {
  date: string;
  /** The day's input with the readings taken by `o.readUntil` (every one when unset). */
  input(o?: SimReadOptions): DayInput;
  /** Movie ids the day's movies list flags as presale (sneak previews before release). */
  presale: Set<string>;
}

export function simDayReadings(world: SimWorld, date: string): SimDayReadings {
  const idx = world.dayOf(date);
  const six = localToInstant(date, '06:00', 'Asia/Jakarta');
  const docs = new Map<string, ShowtimesDoc>();
  const shows: { record: ShowRecord; jitAt: Date; merchant: string }[] = [];
  for (const s of idx.day.showtimes) {
    const city = idx.cityById.get(s.cityId)!;
    const theatre = idx.theatreById.get(s.theatreId)!;
    const movie = idx.movieById.get(s.movieId)!;
    const theatreName = theatre.name.trim().replace(/\s+/g, ' ');
    const key = `${s.movieId}_${s.cityId}`;
    const doc = docs.get(key) ?? {
      movie_id: s.movieId,
      movie_title: movie.title,
      date,
      city: city.name,
      city_id: city.id,
      zone: city.zone,
      uploaded_at: `${date}T00:00:00.000Z`,
      theatres: [],
    };
    docs.set(key, doc);
    let t = doc.theatres.find((x) => x.theatre_id === theatre.id);
    if (!t)
      doc.theatres.push(
        (t = { theatre_id: theatre.id, theatre_name: theatreName, merchant: theatre.merchant, rooms: [] }),
      );
    let room = t.rooms.find((r) => r.category === s.category && r.price === s.priceString);
    if (!room) t.rooms.push((room = { category: s.category, price: s.priceString, all_showtimes: [] }));
    room.all_showtimes.push({ time: s.displayTime, status: 1, is_available: true, showtime_id: s.id });

    const jitAt = new Date(Date.parse(s.startsAt) - JIT_BEFORE_MS);
    const read = (at: Date) => {
      const tr = truthOf(world, s.id, at)!;
      return { unavailable: tr.unavailable, total: tr.total, at: at.toISOString() };
    };
    shows.push({
      jitAt,
      merchant: theatre.merchant,
      record: {
        facts: {
          showtime_id: s.id,
          showtime: s.displayTime,
          movie_id: s.movieId,
          movie_title: movie.title,
          theatre_id: theatre.id,
          theatre_name: theatreName,
          city: city.name,
          merchant: theatre.merchant,
          room_category: s.category.trim(),
        },
        morning: read(six),
        jit: read(jitAt),
        started: false,
      },
    });
  }
  const movies = [...idx.movieById.values()].map((m) => ({
    id: m.id,
    title: m.title,
    genres: m.genres.map((g) => g.name),
    is_presale: m.weekOfRun < 1,
  }));
  return {
    date,
    presale: new Set(movies.filter((m) => m.is_presale).map((m) => m.id)),
    input(o: SimReadOptions = {}) {
      const records: ShowRecord[] = [];
      for (const sh of shows) {
        const { morning, jit, ...rest } = sh.record;
        const m = o.noMorningFor === sh.merchant ? undefined : morning;
        const j = !o.readUntil || sh.jitAt <= o.readUntil ? jit : undefined;
        if (!m && !j) continue;
        records.push({ ...rest, ...(m ? { morning: m } : {}), ...(j ? { jit: j } : {}) });
      }
      return { date, records, showtimes: [...docs.values()], movies };
    },
  };
}

/** The movies a date shows and which of them are presale (no readings: for the days before the nowcast). */
export function simMovies(world: SimWorld, date: string): { ids: string[]; presale: Set<string> } {
  const movies = [...world.dayOf(date).movieById.values()];
  return { ids: movies.map((m) => m.id), presale: new Set(movies.filter((m) => m.weekOfRun < 1).map((m) => m.id)) };
}
