import { describe, expect, it } from 'vitest';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import { cityByName, cityZone } from '../../shared/tix/cities.js';
import { selectShowtimes, showtimesOf, type ShowtimeTarget } from '../../scrapers/seats/select.js';

const DATE = '2026-01-19';
let nextId = 1_900_000_000_000_000_000n;
const newId = () => String(nextId++);

/** A valid showtimes document for one city with one theatre and one room holding `times`. */
function doc(
  cityName: string,
  times: string[],
  zoneOverride?: ShowtimesDoc['zone'],
): { doc: ShowtimesDoc; ids: Record<string, string> } {
  const city = cityByName(cityName)!;
  const ids: Record<string, string> = {};
  const all = times.map((time) => {
    const id = newId();
    ids[time] = id;
    return { time, status: 1, is_available: true, showtime_id: id };
  });
  const data = ShowtimesDoc.parse({
    movie_id: '1000000000000000001',
    movie_title: 'A MOVIE',
    date: DATE,
    city: city.name,
    city_id: city.id,
    zone: zoneOverride ?? cityZone(city.name),
    uploaded_at: '2026-01-18T23:00:00.000Z',
    theatres: [
      {
        theatre_id: newId(),
        theatre_name: `${city.name} XXI`,
        merchant: 'XXI',
        rooms: [{ category: '2D', price: 'Rp50.000', all_showtimes: all }],
      },
    ],
  });
  return { doc: data, ids };
}

const ids = (s: ShowtimeTarget[]) => s.map((x) => x.showtime_id).sort();

// 11:00Z = 18:00 WIB (Jakarta) = 19:00 WITA (Makassar) = 20:00 WIT (Jayapura).
const NOW = new Date('2026-01-19T11:00:00.000Z');

describe('time zones of the test cities', () => {
  it('Makassar is WITA and Jayapura is WIT', () => {
    expect(cityZone('MAKASSAR')).toBe('Asia/Makassar');
    expect(cityZone('JAYAPURA')).toBe('Asia/Jayapura');
  });
});

describe("jit selection at the window edges, judged in each theatre's zone", () => {
  const wita = doc('MAKASSAR', ['18:55', '19:00', '19:01', '19:20', '19:21', '20:00']);
  const wit = doc('JAYAPURA', ['19:59', '20:00', '20:01', '20:20', '20:21']);
  const wib = doc('JAKARTA', ['18:00', '18:20', '18:21']);
  const all = showtimesOf([wita.doc, wit.doc, wib.doc]);

  it('picks start ∈ (now, now + 20 min]: just inside in, just outside and already started out', () => {
    const picked = selectShowtimes(all, { mode: 'jit', now: NOW, windowMinutes: 20 });
    expect(ids(picked)).toEqual(
      [wita.ids['19:01']!, wita.ids['19:20']!, wit.ids['20:01']!, wit.ids['20:20']!, wib.ids['18:20']!].sort(),
    );
  });

  it('leaves out what a JIT pass already read (the windows of successive passes overlap)', () => {
    const jitTaken = new Set([wita.ids['19:01']!, wit.ids['20:20']!]);
    const picked = selectShowtimes(all, { mode: 'jit', now: NOW, windowMinutes: 20, jitTaken });
    expect(ids(picked)).toEqual([wita.ids['19:20']!, wit.ids['20:01']!, wib.ids['18:20']!].sort());
    // The final pass still reads them.
    expect(selectShowtimes(all, { mode: 'final', now: NOW, jitTaken }).map((s) => s.showtime_id)).toContain(
      wita.ids['19:01'],
    );
  });

  it('a window of 21 minutes takes in the showtimes one minute outside', () => {
    const picked = selectShowtimes(all, { mode: 'jit', now: NOW, windowMinutes: 21 });
    expect(picked.map((s) => s.showtime_id)).toContain(wita.ids['19:21']);
    expect(picked.map((s) => s.showtime_id)).toContain(wit.ids['20:21']);
    expect(picked.map((s) => s.showtime_id)).toContain(wib.ids['18:21']);
    expect(picked).toHaveLength(8);
  });

  it('Jakarta time would have given the wrong answer', () => {
    // The same wall-clock times read as WIB: what the earlier implementation did.
    const witaAsWib = doc('MAKASSAR', ['18:10', '19:10'], 'Asia/Jakarta');
    const witAsWib = doc('JAYAPURA', ['18:10', '20:10'], 'Asia/Jakarta');
    const wrong = selectShowtimes(showtimesOf([witaAsWib.doc, witAsWib.doc]), {
      mode: 'jit',
      now: NOW,
      windowMinutes: 20,
    });
    // In Jakarta time the 18:10 shows look due and the 19:10 / 20:10 shows look an hour or two away …
    expect(ids(wrong)).toEqual([witaAsWib.ids['18:10']!, witAsWib.ids['18:10']!].sort());

    // … but in their own zones 18:10 WITA started 50 minutes ago and 18:10 WIT nearly two hours ago,
    // while 19:10 WITA and 20:10 WIT start in ten minutes.
    const witaOwn = doc('MAKASSAR', ['18:10', '19:10']);
    const witOwn = doc('JAYAPURA', ['18:10', '20:10']);
    const right = selectShowtimes(showtimesOf([witaOwn.doc, witOwn.doc]), { mode: 'jit', now: NOW, windowMinutes: 20 });
    expect(ids(right)).toEqual([witaOwn.ids['19:10']!, witOwn.ids['20:10']!].sort());
  });
});

describe('morning and final', () => {
  const wita = doc('MAKASSAR', ['10:00', '19:00', '19:05', '19:06', '23:59']);
  const wit = doc('JAYAPURA', ['20:00', '20:05', '20:06']);
  const all = showtimesOf([wita.doc, wit.doc]);

  it('morning takes every showtime that has not started (start > now) and is not stored yet', () => {
    const picked = selectShowtimes(all, { mode: 'morning', now: NOW });
    expect(ids(picked)).toEqual(
      [wita.ids['19:05']!, wita.ids['19:06']!, wita.ids['23:59']!, wit.ids['20:05']!, wit.ids['20:06']!].sort(),
    );
    // a re-run leaves out the shows whose morning reading is stored
    const morningTaken = new Set([wita.ids['19:06']!, wit.ids['20:05']!]);
    expect(ids(selectShowtimes(all, { mode: 'morning', now: NOW, morningTaken }))).toEqual(
      [wita.ids['19:05']!, wita.ids['23:59']!, wit.ids['20:06']!].sort(),
    );
  });

  it('final takes start ∈ (now, now + 5 min] without a final snapshot', () => {
    expect(ids(selectShowtimes(all, { mode: 'final', now: NOW }))).toEqual(
      [wita.ids['19:05']!, wit.ids['20:05']!].sort(),
    );
    const taken = new Set([wita.ids['19:05']!]);
    expect(ids(selectShowtimes(all, { mode: 'final', now: NOW, finalTaken: taken }))).toEqual([wit.ids['20:05']!]);
  });

  it('never selects a showtime TIX.id already reported as started, in any mode', () => {
    const started = new Set([wita.ids['19:05']!, wit.ids['20:06']!]);
    for (const mode of ['morning', 'jit', 'final'] as const) {
      const picked = ids(selectShowtimes(all, { mode, now: NOW, started }));
      expect(picked).not.toContain(wita.ids['19:05']);
      expect(picked).not.toContain(wit.ids['20:06']);
    }
    expect(ids(selectShowtimes(all, { mode: 'morning', now: NOW, started }))).toHaveLength(3);
  });
});

describe('showtimesOf', () => {
  it('flattens every room, carries the snapshot fields, dedupes ids and orders by start', () => {
    const a = doc('MAKASSAR', ['21:00', '19:30']);
    const b = doc('JAKARTA', ['19:00']);
    const dup = structuredClone(a.doc);
    const all = showtimesOf([a.doc, b.doc, dup]);
    expect(all).toHaveLength(3);
    // 19:30 WITA = 11:30Z < 19:00 WIB = 12:00Z < 21:00 WITA = 13:00Z
    expect(all.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-01-19T11:30:00.000Z',
      '2026-01-19T12:00:00.000Z',
      '2026-01-19T13:00:00.000Z',
    ]);
    const first = all[0]!;
    expect(first).toMatchObject({
      showtime_id: a.ids['19:30'],
      showtime: '19:30',
      date: DATE,
      city: 'MAKASSAR',
      zone: 'Asia/Makassar',
      merchant: 'XXI',
      room_category: '2D',
      movie_id: '1000000000000000001',
    });
  });
});
