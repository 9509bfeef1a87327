import { describe, expect, it } from 'vitest';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import { cityByName, cityZone } from '../../shared/tix/cities.js';
import { buildDayIndex, decodeDayIndex, dueDocuments, encodeDayIndex } from '../../scrapers/seats/day-index.js';
import { selectShowtimes, showtimesOf } from '../../scrapers/seats/select.js';

const DATE = '2026-01-19';
let n = 0;

function doc(movie: string, cityName: string, times: string[]): { id: string; doc: ShowtimesDoc } {
  const city = cityByName(cityName)!;
  return {
    id: `${movie}_${city.id}`,
    doc: ShowtimesDoc.parse({
      movie_id: movie,
      movie_title: 'M',
      date: DATE,
      city: city.name,
      city_id: city.id,
      zone: cityZone(city.name),
      uploaded_at: '2026-01-18T23:00:00.000Z',
      theatres: [
        {
          theatre_id: '1',
          theatre_name: 'T',
          merchant: 'CGV',
          rooms: [{ category: 'REGULAR 2D', price: 'Rp1', all_showtimes: times.map((time) => ({ time, status: 1, is_available: true, showtime_id: String(++n) })) }],
        },
      ],
    }),
  };
}

describe('day index', () => {
  const docs = [
    doc('11', 'JAKARTA', ['12:00', '19:00', '12:00']),
    doc('11', 'MAKASSAR', ['19:10']),
    doc('22', 'JAYAPURA', ['00:30', '20:20']),
    doc('22', 'BANDUNG', []),
  ];
  const index = buildDayIndex(DATE, docs);

  it('holds each document\'s distinct start instants as minutes from the date\'s UTC midnight', () => {
    expect(index.get(docs[0]!.id)).toEqual([5 * 60, 12 * 60]); // 12:00 WIB = 05:00Z, 19:00 WIB = 12:00Z
    expect(index.get(docs[1]!.id)).toEqual([11 * 60 + 10]); // 19:10 WITA = 11:10Z
    expect(index.get(docs[2]!.id)).toEqual([-(8 * 60 + 30), 11 * 60 + 20]); // 00:30 WIT = 15:30Z the day before
    expect(index.get(docs[3]!.id)).toEqual([]);
  });

  it('round-trips through its text form and refuses a corrupt one', () => {
    expect(decodeDayIndex(encodeDayIndex(index))).toEqual(index);
    expect(decodeDayIndex('1_2 5,x')).toBeUndefined();
    expect(decodeDayIndex(undefined)).toBeUndefined();
  });

  it('names exactly the documents holding a show the selection would pick', () => {
    const now = new Date('2026-01-19T11:00:00.000Z');
    const to = new Date(now.getTime() + 20 * 60_000);
    const due = dueDocuments(DATE, index, now, to);
    const picked = selectShowtimes(showtimesOf(docs.map((d) => d.doc)), { mode: 'jit', now });
    const fromPicked = [...new Set(picked.map((s) => `${s.movie_id}_${s.city_id}`))].sort();
    expect(due).toEqual(fromPicked);
    expect(due).toEqual([docs[1]!.id, docs[2]!.id].sort());
    // Edges: a show exactly at `now` is not due; one exactly at `to` is.
    expect(dueDocuments(DATE, index, new Date('2026-01-19T11:10:00.000Z'), new Date('2026-01-19T11:20:00.000Z'))).toEqual([docs[2]!.id]);
  });
});
