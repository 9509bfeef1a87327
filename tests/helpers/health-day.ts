/**
 * A small day's documents for the health tests (tests/health.test.ts on the emulator,
 * tests/health-pinned.test.ts on the file store): one movie in Jakarta, shown in a few theatres
 * at the five TIMES each, and the JIT readings of its shows.
 */
import { Double } from '../../shared/store/documents.js';
import type { DocData } from '../../shared/store/store.js';

export const MOVIE = '1000000000000000001';
export const CITY = { name: 'JAKARTA', id: '3171' };
export const TIMES = ['09:00', '10:00', '13:00', '16:00', '19:00'];

/** `snapshots/{date}`: the one movie, `theatreCount` theatres in Jakarta. */
export function snapshot(date: string, theatreCount: number): DocData {
  return {
    scraped_at: '2026-01-18T23:00:00Z',
    date,
    summary: { total_cities: 1, total_movies: 1, presale_count: 0 },
    movies: [
      {
        id: MOVIE,
        title: 'A Film',
        poster: '',
        age_category: 'SU',
        country: 'ID',
        genres: [],
        merchants: ['XXI'],
        cities: ['JAKARTA'],
        is_presale: false,
        theatre_counts: { JAKARTA: theatreCount },
      },
    ],
    city_stats: { JAKARTA: 1 },
  };
}

/** Showtimes of `theatres` theatres (`20{t}`), each with the five TIMES; ids `90{theatre}{time index}`. */
export function showtimes(date: string, theatres: number): DocData {
  return {
    movie_id: MOVIE,
    movie_title: 'A Film',
    date,
    city: CITY.name,
    city_id: CITY.id,
    zone: 'Asia/Jakarta',
    uploaded_at: '2026-01-18T23:10:00Z',
    theatres: Array.from({ length: theatres }, (_, t) => ({
      theatre_id: `20${t}`,
      theatre_name: `Theatre ${t}`,
      merchant: 'XXI',
      rooms: [
        {
          category: '2D',
          price: 'Rp50.000',
          all_showtimes: TIMES.map((time, i) => ({ time, status: 1, is_available: true, showtime_id: `90${t}${i}` })),
        },
      ],
    })),
  };
}

/** A JIT reading (40 of 100 seats taken) of the show `showtimeId` at `time` in theatre 200, read at `scrapedAt`. */
export function jitReading(date: string, showtimeId: string, time: string, scrapedAt: string): DocData {
  return {
    showtime_id: showtimeId,
    showtime: time,
    date,
    movie_id: MOVIE,
    movie_title: 'A Film',
    theatre_id: '200',
    theatre_name: 'Theatre 0',
    city: 'JAKARTA',
    merchant: 'XXI',
    room_category: '2D',
    snapshot_type: 'jit',
    scraped_at: scrapedAt,
    total_seats: 100,
    unavailable_seats: 40,
    available_seats: 60,
    occupancy_pct: new Double(40),
  };
}
