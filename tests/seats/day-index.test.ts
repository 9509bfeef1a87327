import { describe, expect, it } from 'vitest';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import { cityByName, cityZone } from '../../shared/tix/cities.js';
import {
  buildDayIndex,
  DAY_INDEX_FORMAT,
  decodeDayIndex,
  dueShows,
  encodeDayIndex,
  indexedShows,
} from '../../scrapers/seats/day-index.js';
import { factsOf, type ShowRecord } from '../../scrapers/seats/readings.js';
import { selectShowtimes, showtimesOf } from '../../scrapers/seats/select.js';
import { documentsOf, windowShows } from '../../scrapers/seats/window.js';

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
          rooms: [
            {
              category: 'REGULAR 2D',
              price: 'Rp1',
              all_showtimes: times.map((time) => ({ time, status: 1, is_available: true, showtime_id: String(++n) })),
            },
          ],
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

  const minutes = (id: string) => index.get(id)!.map((s) => s.minute);
  const stored = (entries: string) => ({ format: DAY_INDEX_FORMAT, entries });

  it("holds each document's shows, each id once, with their start instants as minutes from the date's UTC midnight", () => {
    expect(minutes(docs[0]!.id)).toEqual([5 * 60, 5 * 60, 12 * 60]); // 12:00 WIB = 05:00Z (two shows), 19:00 WIB = 12:00Z
    expect(index.get(docs[0]!.id)!.map((s) => s.showtime_id)).toEqual(
      showtimesOf([docs[0]!.doc]).map((s) => s.showtime_id),
    );
    expect(minutes(docs[1]!.id)).toEqual([11 * 60 + 10]); // 19:10 WITA = 11:10Z
    expect(minutes(docs[2]!.id)).toEqual([-(8 * 60 + 30), 11 * 60 + 20]); // 00:30 WIT = 15:30Z the day before
    expect(minutes(docs[3]!.id)).toEqual([]);
    expect(indexedShows(index)).toBe(6);
  });

  it('round-trips through its text form and refuses a corrupt one or the first format', () => {
    expect(decodeDayIndex(stored(encodeDayIndex(index)))).toEqual(index);
    expect(decodeDayIndex(stored('1_2 5@x'))).toBeUndefined();
    expect(decodeDayIndex(stored('1_2 5@10#0123abcd\n1_2 6@10#0123abcd'))).toBeUndefined(); // a document twice
    expect(decodeDayIndex(stored('1_2 5@10#0123abcd'))).toEqual(
      new Map([['1_2', [{ showtime_id: '5', minute: 10, facts: '0123abcd' }]]]),
    );
    // format 2 (no facts digest) is rebuilt, not trusted
    expect(decodeDayIndex({ format: 2, entries: '1_2 5@10' })).toBeUndefined();
    expect(decodeDayIndex(stored('1_2 5@10'))).toBeUndefined();
    expect(decodeDayIndex(undefined)).toBeUndefined();
    // The first format (start minutes, no show ids, no `format` field) is not trusted, even when
    // its lines would parse (a day of documents without shows).
    expect(decodeDayIndex({ entries: '1_2 300,720' })).toBeUndefined();
    expect(decodeDayIndex({ entries: '1_2 ' })).toBeUndefined();
    expect(decodeDayIndex({ format: 1, entries: encodeDayIndex(index) })).toBeUndefined();
    expect(decodeDayIndex(stored('1_2 '))).toEqual(new Map([['1_2', []]]));
  });

  it('names exactly the shows the selection would pick, with their documents', () => {
    const now = new Date('2026-01-19T11:00:00.000Z');
    const to = new Date(now.getTime() + 20 * 60_000);
    const due = dueShows(DATE, index, now, to);
    const picked = selectShowtimes(showtimesOf(docs.map((d) => d.doc)), { mode: 'jit', now });
    expect(due.map((d) => d.showtime_id)).toEqual(picked.map((s) => s.showtime_id));
    expect(due.map((d) => d.startsAt.getTime())).toEqual(picked.map((s) => s.startsAt.getTime()));
    expect(due.map((d) => d.doc_id)).toEqual(picked.map((s) => `${s.movie_id}_${s.city_id}`));
    expect(new Set(due.map((d) => d.doc_id))).toEqual(new Set([docs[1]!.id, docs[2]!.id]));
    // Edges: a show exactly at `now` is not due; one exactly at `to` is.
    expect(
      dueShows(DATE, index, new Date('2026-01-19T11:10:00.000Z'), new Date('2026-01-19T11:20:00.000Z')).map(
        (d) => d.doc_id,
      ),
    ).toEqual([docs[2]!.id]);
    // Morning (no end): every show after now, each once.
    expect(dueShows(DATE, index, new Date('2026-01-18T00:00:00.000Z'), undefined)).toHaveLength(6);
  });
});

describe("the window's shows from the slot records", () => {
  const jakarta = doc('33', 'JAKARTA', ['19:00', '19:20']);
  const makassar = doc('33', 'MAKASSAR', ['19:10']);
  const index = buildDayIndex(DATE, [jakarta, makassar]);
  const due = dueShows(DATE, index, new Date('2026-01-19T11:00:00.000Z'), new Date('2026-01-19T12:30:00.000Z'));
  const targets = showtimesOf([jakarta.doc, makassar.doc]);
  const record = (t: (typeof targets)[number], facts: Partial<ShowRecord['facts']> = {}): [string, ShowRecord] => [
    t.showtime_id,
    { facts: { ...factsOf(t), ...facts }, started: false },
  ];

  it('takes a show that agrees with the index from its record, with the facts its document gives', () => {
    const { fromSlots, missing } = windowShows(DATE, due, new Map(targets.map((t) => record(t))));
    expect(missing).toEqual([]);
    expect(fromSlots).toEqual(targets.map(({ status: _status, ...t }) => t));
  });

  it('reads from the document a show without a record, moved since the morning, or with facts that do not fit', () => {
    const [a, b, c] = targets as [(typeof targets)[number], (typeof targets)[number], (typeof targets)[number]];
    expect(due.map((d) => d.showtime_id)).toEqual([a.showtime_id, b.showtime_id, c.showtime_id]); // 11:10Z WITA, 12:00Z, 12:20Z
    const cases: [string, Map<string, ShowRecord>][] = [
      ['no record', new Map([record(b), record(c)])],
      ['moved (another HH:MM)', new Map([record(a, { showtime: '19:40' }), record(b), record(c)])],
      ['another movie', new Map([record(a, { movie_id: '34' }), record(b), record(c)])],
      ['unknown merchant', new Map([record(a, { merchant: 'IMAX' }), record(b), record(c)])],
      ['read as another zone', new Map([record(a, { city: 'JAKARTA' }), record(b), record(c)])],
      // a later schedules run renamed the film, the theatre or the room: the document's facts win
      ['renamed film', new Map([record(a, { movie_title: `${a.movie_title} (NEW TITLE)` }), record(b), record(c)])],
      ['renamed theatre', new Map([record(a, { theatre_name: 'ELSEWHERE' }), record(b), record(c)])],
      ['another room', new Map([record(a, { room_category: 'IMAX' }), record(b), record(c)])],
    ];
    for (const [name, records] of cases) {
      const { fromSlots, missing } = windowShows(DATE, due, records);
      expect(
        missing.map((d) => d.showtime_id),
        name,
      ).toEqual([a.showtime_id]);
      expect(
        fromSlots.map((t) => t.showtime_id),
        name,
      ).toEqual([b.showtime_id, c.showtime_id]);
      expect(documentsOf(missing), name).toEqual([makassar.id]);
    }
  });
});
