/**
 * computeBoxOffice and the daily_* derivation on hand-made days: every rollup sums to the totals,
 * each movie's figures against a sum by hand, and an 8-day run with a gap day (change vs the day
 * before and the week before, cumulative, day of run, nulls for a missing day).
 */
import { describe, expect, it } from 'vitest';
import { addDaysToDate } from '../../shared/clock.js';
import { checkDocument } from '../../shared/store/documents.js';
import { dailyDocuments } from '../../scripts/box-office/daily.js';
import { asHistory, computeBoxOffice, recomputeHistory } from '../../scripts/box-office/day.js';
import { boxOfficePath, historyOf, toBoxOfficeDoc } from '../../scripts/box-office/doc.js';
import { buildShowRows } from '../../scripts/box-office/shows.js';
import type { BoxOfficeDay, HistoryDay, ShowRow } from '../../scripts/box-office/types.js';
import { dayInput, expectRollupsSumToTotals, r, type Show } from './fixtures.js';

const DATE = '2026-01-21';
const AT = '2026-01-21T18:00:00.000Z';
const M = (d: string) => `${addDaysToDate(d, -1)}T23:00:00.000Z`;

/** A varied day: 3 movies, 3 chains, 4 cities in 3 zones, premium rooms, ranges, a bad price, unread shows. */
function varied(date: string): Show[] {
  const out: Show[] = [];
  const cities = [
    { city: 'JAKARTA', zone: 'Asia/Jakarta' as const, off: 7 },
    { city: 'MEDAN', zone: 'Asia/Jakarta' as const, off: 7 },
    { city: 'MAKASSAR', zone: 'Asia/Makassar' as const, off: 8 },
    { city: 'JAYAPURA', zone: 'Asia/Jayapura' as const, off: 9 },
  ];
  const rooms = [
    { merchant: 'XXI' as const, category: '2D', price: 'Rp35.000', cap: 160 },
    { merchant: 'CGV' as const, category: 'GOLD CLASS 2D', price: 'Rp100.000 - Rp150.000', cap: 24 },
    { merchant: 'Cinépolis' as const, category: 'REGULAR 3D', price: 'Rp45.000', cap: 140 },
    { merchant: 'CGV' as const, category: 'VELVET 2D', price: 'Rp8O.000', cap: 64 },
  ];
  let n = 0;
  for (const [ci, c] of cities.entries()) {
    for (const [ri, room] of rooms.entries()) {
      for (const hour of [12, 15, 19, 21]) {
        n++;
        const movie = String(1 + ((n + ci) % 3));
        const sold = (n * 37) % (room.cap + 1);
        const morning = Math.floor(sold / 2);
        const startZ = Date.parse(`${date}T${String(hour - c.off).padStart(2, '0')}:00:00.000Z`);
        const kind = n % 5; // 0: unread, 1: morning only, 2–4: JIT (4: sold out)
        const final = kind === 4 ? room.cap : sold;
        out.push({
          id: String(1000 + n),
          movie,
          city: c.city,
          zone: c.zone,
          theatre: String(9000 + ci * 10 + ri),
          merchant: room.merchant,
          category: room.category,
          price: room.price,
          time: `${hour}:00`,
          ...(kind === 0 ? {} : { morning: r(morning, room.cap, M(date)) }),
          ...(kind >= 2 ? { jit: r(final, room.cap, new Date(startZ - 20 * 60_000).toISOString()) } : {}),
        });
      }
    }
  }
  return out;
}

describe('computeBoxOffice on one day', () => {
  const built = buildShowRows(dayInput(DATE, varied(DATE), { '1': ['Horror'], '2': ['Drama', 'Romance'] }));
  const rows = built.shows;
  const day = computeBoxOffice(DATE, rows, [], AT, built.issues);
  const read = rows.filter((s) => s.admissions !== null);

  it('totals: shows, coverage and sums by hand', () => {
    const t = day.totals;
    expect(t.shows).toBe(64);
    expect(t.shows_unread).toBe(rows.filter((s) => s.last_kind === null).length);
    expect(t.shows_morning_only).toBe(rows.filter((s) => s.last_kind === 'morning').length);
    expect(t.shows_pre_show).toBe(rows.filter((s) => s.last_kind === 'jit').length);
    expect(t.shows_pre_show + t.shows_morning_only + t.shows_unread).toBe(t.shows);
    expect(t.admissions).toBe(read.reduce((a, s) => a + s.admissions!, 0));
    expect(t.seats).toBe(read.reduce((a, s) => a + s.seats_total!, 0));
    expect(t.occupancy_pct).toBe(Math.round((t.admissions / t.seats) * 1000) / 10);
    expect(t.show_share_unread).toBe(Math.round((t.shows_unread / t.shows) * 10_000) / 10_000);
    // The Velvet rooms' price "Rp8O.000" is malformed: the minimum is a lower bound, no maximum.
    expect(t.shows_without_price).toBe(read.filter((s) => s.format === 'Velvet').length);
    expect(t.gross_idr_min).toBe(read.reduce((a, s) => a + (s.gross_idr_min ?? 0), 0));
    expect(t.gross_idr_max).toBeNull();
    expect(day.issues.malformed_price).toBe(1);
  });

  it('every rollup sums to the totals', () => {
    expectRollupsSumToTotals(day, ['shows', 'seats', 'admissions', 'gross_idr_min']);
    expect(day.by_chain.map((x) => x.key).sort()).toEqual(['CGV', 'Cinépolis', 'XXI']);
    expect(day.by_island.map((x) => x.key).sort()).toEqual(['Jawa', 'Papua & Maluku', 'Sulawesi', 'Sumatera']);
    expect(day.by_format.map((x) => x.key).sort()).toEqual(['2D', '3D', 'Gold Class', 'Velvet']);
    expect(day.by_hour.map((x) => x.key)).toEqual(['12', '15', '19', '21']);
    expect(day.by_genre.map((x) => x.key).sort()).toEqual(['Drama', 'Horror', 'unknown']);
    // a chain without an unpriced show has a maximum gross
    const xxi = day.by_chain.find((x) => x.key === 'XXI')!;
    expect(xxi.gross_idr_max).toBe(xxi.gross_idr_min);
  });

  it('each movie against a sum by hand, ranked by admissions, shares adding to 1', () => {
    expect(day.movies.map((m) => m.rank)).toEqual([1, 2, 3]);
    expect(day.movies.map((m) => m.admissions)).toEqual([...day.movies.map((m) => m.admissions)].sort((a, b) => b - a));
    for (const m of day.movies) {
      const mine = rows.filter((s) => s.movie_id === m.movie_id);
      const mineRead = mine.filter((s) => s.admissions !== null);
      const adm = mineRead.reduce((a, s) => a + s.admissions!, 0);
      expect(m.shows).toBe(mine.length);
      expect(m.admissions).toBe(adm);
      expect(m.theatres).toBe(new Set(mine.map((s) => s.theatre_id)).size);
      expect(m.cities).toBe(new Set(mine.map((s) => s.city)).size);
      expect(m.sold_out_shows).toBe(mineRead.filter((s) => s.admissions === s.seats_total).length);
      expect(m.nearly_full_shows).toBe(
        mineRead.filter((s) => s.admissions! < s.seats_total! && s.admissions! >= 0.8 * s.seats_total!).length,
      );
      const walk = mineRead.filter((s) => s.walkup !== null);
      expect(m.walkup).toBe(walk.reduce((a, s) => a + s.walkup!, 0));
      expect(m.walkup_share).toBe(
        Math.round((m.walkup! / walk.reduce((a, s) => a + s.admissions!, 0)) * 10_000) / 10_000,
      );
      const priced = mineRead.filter((s) => s.price_idr_min !== null);
      expect(m.avg_price_idr).toBe(
        Math.round(
          priced.reduce((a, s) => a + (s.admissions! * (s.price_idr_min! + s.price_idr_max!)) / 2, 0) /
            priced.reduce((a, s) => a + s.admissions!, 0),
        ),
      );
      expect(m.show_share).toBe(Math.round((m.shows / 64) * 10_000) / 10_000);
      expect(m.change_day_pct).toBeNull();
      expect(m.change_week_pct).toBeNull();
      expect(m.day_of_run).toBe(1);
      expect(m.cumulative_admissions).toBe(m.admissions);
    }
    expect(day.movies.reduce((a, m) => a + m.admissions, 0)).toBe(day.totals.admissions);
    expect(day.movies.reduce((a, m) => a + m.show_share, 0)).toBeCloseTo(1, 3);
    expect(day.movies.reduce((a, m) => a + m.admission_share!, 0)).toBeCloseTo(1, 3);
  });

  it('daily_summaries and daily_admissions agree with the box office to the seat', () => {
    const daily = dailyDocuments(DATE, rows, AT);
    expect(daily.summary.total_audience).toBe(day.totals.admissions);
    expect(daily.summary.total_seats).toBe(day.totals.seats);
    expect(daily.summary.showtime_count).toBe(day.totals.shows - day.totals.shows_unread);
    for (const m of day.movies)
      expect(daily.admissions.find((a) => a.movie_id === m.movie_id)?.total_admissions ?? 0).toBe(m.admissions);
  });

  it('is a document the contract accepts, with doubles where it says', () => {
    const doc = toBoxOfficeDoc(day);
    expect(checkDocument(boxOfficePath(DATE), doc).kind).toBe('box_office');
    const back = historyOf(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>)!;
    expect(back).toEqual(asHistory(day));
  });
});

describe('an 11-day run with a gap day', () => {
  const FIRST = '2026-01-14'; // a Wednesday
  const dates = Array.from({ length: 11 }, (_, i) => addDaysToDate(FIRST, i));
  const GAP = dates[3]!; // no data that day
  /** Movie 1 plays every day with 100 × (day + 1) admissions; movie 2 opens on day 2. */
  function dayShows(date: string, i: number): ShowRow[] {
    const shows: Show[] = [
      {
        id: `${i}01`,
        movie: '1',
        time: '19:00',
        jit: r(100 * (i + 1), 1000, `${date}T11:30:00.000Z`),
        price: 'Rp40.000',
      },
    ];
    if (i >= 2)
      shows.push({
        id: `${i}02`,
        movie: '2',
        time: '19:00',
        theatre: '9002',
        jit: r(10 * i, 1000, `${date}T11:30:00.000Z`),
        price: 'Rp50.000 - Rp60.000',
      });
    return buildShowRows(dayInput(date, shows)).shows;
  }
  const days = new Map<string, BoxOfficeDay>();
  for (const [i, date] of dates.entries()) {
    if (date === GAP) continue;
    const history: HistoryDay[] = [...days.values()].filter((d) => d.date >= addDaysToDate(date, -8)).map(asHistory);
    days.set(date, computeBoxOffice(date, dayShows(date, i), history, AT));
  }
  const movie = (d: string, id: string) => days.get(dates[Number(d)]!)?.movies.find((m) => m.movie_id === id);

  it('change vs the day before, null after the gap and on the first day', () => {
    expect(movie('0', '1')!.change_day_pct).toBeNull();
    expect(movie('1', '1')!.change_day_pct).toBe(100); // 200 vs 100
    expect(movie('2', '1')!.change_day_pct).toBe(50); // 300 vs 200
    expect(movie('4', '1')!.change_day_pct).toBeNull(); // the day before is the gap
    expect(movie('5', '1')!.change_day_pct).toBe(20); // 600 vs 500
    expect(movie('2', '2')!.change_day_pct).toBeNull(); // opening day
  });

  it('change is null, not -100 %, for a movie none of whose shows was read that day', () => {
    const date = dates[8]!; // the day before and the week before are both present
    const unread = buildShowRows(dayInput(date, [{ id: 'u1', movie: '1', time: '19:00', price: 'Rp40.000' }])).shows;
    const history = [...days.values()].filter((d) => d.date < date && d.date >= addDaysToDate(date, -8)).map(asHistory);
    const m = computeBoxOffice(date, unread, history, AT).movies[0]!;
    expect(m).toMatchObject({
      movie_id: '1',
      admissions: 0,
      occupancy_pct: null,
      change_day_pct: null,
      change_week_pct: null,
    });
  });

  it('change vs the same weekday a week before', () => {
    for (const d of ['0', '1', '2', '4', '5', '6']) expect(movie(d, '1')?.change_week_pct ?? null).toBeNull();
    expect(movie('7', '1')!.change_week_pct).toBe(700); // 800 vs 100
    expect(movie('8', '1')!.change_week_pct).toBe(350); // 900 vs 200
    expect(movie('10', '1')!.change_week_pct).toBeNull(); // a week before is the gap
    expect(movie('8', '2')!.change_week_pct).toBeNull(); // not playing a week before
    expect(movie('9', '2')!.change_week_pct).toBe(350); // 90 vs 20
  });

  it('cumulative figures sum the days present; day of run counts calendar days', () => {
    const present = dates.map((d, i) => ({ d, i })).filter((x) => x.d !== GAP);
    for (const { d, i } of present) {
      const m1 = days.get(d)!.movies.find((m) => m.movie_id === '1')!;
      const expected = present.filter((x) => x.i <= i).reduce((a, x) => a + 100 * (x.i + 1), 0);
      expect(m1.cumulative_admissions, d).toBe(expected);
      expect(m1.cumulative_gross_idr_min).toBe(expected * 40000);
      expect(m1.day_of_run).toBe(i + 1);
    }
    const m2 = movie('10', '2')!;
    expect(m2.day_of_run).toBe(9);
    expect(m2.cumulative_admissions).toBe([2, 4, 5, 6, 7, 8, 9, 10].reduce((a, i) => a + 10 * i, 0));
    expect(m2.cumulative_gross_idr_max).toBe(m2.cumulative_admissions * 60000);
    expect(days.get(dates[10]!)!.runs.find((x) => x.movie_id === '2')).toMatchObject({ first_date: dates[2], days: 8 });
  });

  it('--recompute-from: a changed earlier day flows into the later days only when recomputed', () => {
    const i = 5;
    const changed = computeBoxOffice(
      dates[i]!,
      dayShows(dates[i]!, i).map((s) => ({ ...s, admissions: s.admissions! + 1 })),
      [...days.values()].filter((d) => d.date < dates[i]!).map(asHistory),
      AT,
    );
    const next = days.get(dates[i + 1]!)!;
    const history = [...days.values()]
      .filter((d) => d.date < dates[i]!)
      .map(asHistory)
      .concat(asHistory(changed));
    const redone = recomputeHistory(next, history, AT);
    const m1 = redone.movies.find((m) => m.movie_id === '1')!;
    expect(m1.cumulative_admissions).toBe(next.movies.find((m) => m.movie_id === '1')!.cumulative_admissions + 1);
    expect(m1.admissions).toBe(700);
    expect(m1.change_day_pct).toBe(Math.round(((700 - 601) / 601) * 1000) / 10);
  });
});
