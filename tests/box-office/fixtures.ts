/**
 * Hand-made box-office inputs: showtimes documents and slot records built from a short list of
 * shows, so a test states each show's facts, price and readings in one line; and the check that
 * every rollup of a day sums to its totals.
 */
import { expect } from 'vitest';
import type { IanaZone } from '../../shared/clock.js';
import type { ShowtimesDoc } from '../../shared/store/documents.js';
import { cityByName } from '../../shared/tix/cities.js';
import type { Reading, ShowRecord } from '../../scrapers/seats/readings.js';
import type { BoxOfficeDay, DayInput } from '../../scripts/box-office/types.js';

export interface Show {
  id: string;
  movie: string;
  title?: string;
  city?: string;
  zone?: IanaZone;
  theatre?: string;
  theatreName?: string;
  merchant?: 'XXI' | 'CGV' | 'Cinépolis';
  category?: string;
  price?: string;
  time: string;
  morning?: Reading;
  jit?: Reading;
  final?: Reading;
  /** Read but not in the schedules. */
  unscheduled?: boolean;
  /** The title its slot record carries (default: title). */
  readTitle?: string;
}

export const r = (unavailable: number, total: number, at: string): Reading => ({ unavailable, total, at });

function theatreOf(s: Show) {
  return {
    id: s.theatre ?? '9001',
    name: s.theatreName ?? `${s.city ?? 'JAKARTA'} ${s.theatre ?? '9001'} ${s.merchant ?? 'XXI'}`,
    merchant: s.merchant ?? 'XXI',
  };
}

/** One showtimes document per movie and city, theatres and rooms grouped as TIX.id groups them. */
export function showtimesDocs(date: string, shows: readonly Show[]): ShowtimesDoc[] {
  const docs = new Map<string, ShowtimesDoc>();
  for (const s of shows.filter((x) => !x.unscheduled)) {
    const city = s.city ?? 'JAKARTA';
    const cityId = cityByName(city)?.id ?? '1';
    const key = `${s.movie}_${cityId}`;
    const doc = docs.get(key) ?? {
      movie_id: s.movie,
      movie_title: s.title ?? `MOVIE ${s.movie}`,
      date,
      city,
      city_id: cityId,
      zone: s.zone ?? 'Asia/Jakarta',
      uploaded_at: `${date}T00:00:00.000Z`,
      theatres: [],
    };
    docs.set(key, doc);
    const t = theatreOf(s);
    let theatre = doc.theatres.find((x) => x.theatre_id === t.id);
    if (!theatre)
      doc.theatres.push((theatre = { theatre_id: t.id, theatre_name: t.name, merchant: t.merchant, rooms: [] }));
    const category = s.category ?? '2D';
    const price = s.price ?? 'Rp35.000';
    let room = theatre.rooms.find((x) => x.category === category && x.price === price);
    if (!room) theatre.rooms.push((room = { category, price, all_showtimes: [] }));
    room.all_showtimes.push({ time: s.time, status: 1, is_available: true, showtime_id: s.id });
  }
  return [...docs.values()];
}

export function records(shows: readonly Show[]): ShowRecord[] {
  return shows
    .filter((s) => s.morning || s.jit || s.final)
    .map((s) => {
      const t = theatreOf(s);
      return {
        facts: {
          showtime_id: s.id,
          showtime: s.time,
          movie_id: s.movie,
          movie_title: s.readTitle ?? s.title ?? `MOVIE ${s.movie}`,
          theatre_id: t.id,
          theatre_name: t.name,
          city: s.city ?? 'JAKARTA',
          merchant: t.merchant,
          room_category: (s.category ?? '2D').trim(),
        },
        ...(s.morning ? { morning: s.morning } : {}),
        ...(s.jit ? { jit: s.jit } : {}),
        ...(s.final ? { final: s.final } : {}),
        started: false,
      };
    });
}

export function dayInput(date: string, shows: readonly Show[], genres: Record<string, string[]> = {}): DayInput {
  return {
    date,
    records: records(shows),
    showtimes: showtimesDocs(date, shows),
    movies: Object.entries(genres).map(([id, g]) => ({ id, title: `MOVIE ${id}`, genres: g })),
  };
}

/** Every rollup of a day's box office. */
export const ROLLUPS = ['by_chain', 'by_city', 'by_province', 'by_island', 'by_format', 'by_hour', 'by_genre'] as const;

type Summed = 'shows' | 'seats' | 'admissions' | 'gross_idr_min' | 'gross_idr_max';

/** Each rollup's `fields`, summed over its rows (a null gross adds nothing), equal the day's totals. */
export function expectRollupsSumToTotals(day: BoxOfficeDay, fields: readonly Summed[]): void {
  for (const key of ROLLUPS)
    for (const k of fields)
      expect(
        day[key].reduce((a, x) => a + (x[k] ?? 0), 0),
        `${key}.${k}`,
      ).toBe(day.totals[k]);
}
