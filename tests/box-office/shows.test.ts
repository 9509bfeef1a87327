/** buildShowRows on hand-made days: which reading counts, prices, formats, regions, and every issue named. */
import { describe, expect, it } from 'vitest';
import { buildShowRows } from '../../scripts/box-office/shows.js';
import { dayInput, r, type Show } from './fixtures.js';

const DATE = '2026-01-21';
// 19:00 WIB = 12:00Z; the morning pass at 06:00 WIB = 23:00Z the day before.
const MORNING = '2026-01-20T23:00:00.000Z';

const shows: Show[] = [
  // morning + JIT before start: the JIT counts, walk-up = 90 − 40
  {
    id: '101',
    movie: '1',
    time: '19:00',
    morning: r(40, 160, MORNING),
    jit: r(90, 160, '2026-01-21T11:40:00.000Z'),
    price: 'Rp46.000 - Rp51.000',
  },
  // morning only
  { id: '102', movie: '1', time: '21:00', morning: r(10, 126, MORNING) },
  // a final reading taken after the start (19:00 WITA = 11:00Z) is not admissions: the morning counts
  {
    id: '103',
    movie: '2',
    time: '19:00',
    city: 'MAKASSAR',
    zone: 'Asia/Makassar',
    theatre: '9002',
    morning: r(5, 100, MORNING),
    final: r(100, 100, '2026-01-21T12:30:00.000Z'),
  },
  // read only after the start: unread
  { id: '104', movie: '2', time: '10:00', jit: r(187, 187, '2026-01-21T04:00:00.000Z') },
  // never read
  { id: '105', movie: '2', time: '22:00' },
  // read, not in the schedules (facts from the slot record, no price)
  {
    id: '106',
    movie: '3',
    time: '20:00',
    unscheduled: true,
    jit: r(30, 64, '2026-01-21T12:50:00.000Z'),
    morning: r(0, 64, MORNING),
  },
  // a malformed price (twice: named once) and a room without a category
  {
    id: '107',
    movie: '3',
    time: '18:00',
    price: 'Rp35,000',
    theatre: '9003',
    jit: r(12, 40, '2026-01-21T10:45:00.000Z'),
  },
  {
    id: '108',
    movie: '3',
    time: '18:30',
    price: 'Rp35,000',
    theatre: '9003',
    category: '',
    jit: r(7, 40, '2026-01-21T11:15:00.000Z'),
  },
  // renamed: the slot record says another title than the schedules
  {
    id: '109',
    movie: '1',
    time: '13:00',
    readTitle: 'MOVIE 1 (3D)',
    category: 'IMAX 3D',
    price: 'Rp60.000',
    jit: r(288, 288, '2026-01-21T05:50:00.000Z'),
  },
];

describe('buildShowRows', () => {
  const {
    shows: rows,
    readings,
    issues,
  } = buildShowRows(dayInput(DATE, shows, { '1': ['Action', 'Drama'], '2': ['Horror'] }));
  const row = (id: string) => rows.find((x) => x.showtime_id === id)!;

  it('has one row per scheduled or read show, ordered by id', () => {
    expect(rows.map((x) => x.showtime_id)).toEqual(['101', '102', '103', '104', '105', '106', '107', '108', '109']);
    expect(readings).toHaveLength(1 + 1 + 2 + 1 + 0 + 2 + 1 + 1 + 1 + 1);
  });

  it('counts the last reading before the local start', () => {
    expect(row('101')).toMatchObject({
      last_kind: 'jit',
      seats_total: 160,
      unavailable_morning: 40,
      unavailable_last: 90,
      admissions: 90,
      walkup: 50,
    });
    expect(row('101')).toMatchObject({
      price_idr_min: 46000,
      price_idr_max: 51000,
      gross_idr_min: 90 * 46000,
      gross_idr_max: 90 * 51000,
    });
    expect(row('102')).toMatchObject({
      last_kind: 'morning',
      admissions: 10,
      walkup: null,
      gross_idr_min: 350000,
      gross_idr_max: 350000,
    });
    expect(row('103')).toMatchObject({
      last_kind: 'morning',
      admissions: 5,
      start_at: '2026-01-21T11:00:00.000Z',
      province: 'Sulawesi Selatan',
      island_group: 'Sulawesi',
    });
    expect(row('104')).toMatchObject({ last_kind: null, admissions: null, seats_total: null, gross_idr_min: null });
    expect(row('105')).toMatchObject({ last_kind: null, admissions: null, price_idr_min: 35000 });
  });

  it('keeps a show read but no longer scheduled, without a price', () => {
    expect(row('106')).toMatchObject({
      admissions: 30,
      walkup: 30,
      price_idr_min: null,
      gross_idr_min: null,
      movie_id: '3',
    });
  });

  it('formats, regions, genres and one title per movie', () => {
    expect(row('109')).toMatchObject({
      format: 'IMAX',
      room_category: 'IMAX 3D',
      movie_title: 'MOVIE 1',
      genres: ['Action', 'Drama'],
    });
    expect(row('108')).toMatchObject({ format: 'unknown', room_category: null });
    expect(row('101')).toMatchObject({
      format: '2D',
      province: 'DKI Jakarta',
      island_group: 'Jawa',
      start_local: '19:00',
      start_at: '2026-01-21T12:00:00.000Z',
      merchant: 'XXI',
    });
    expect(row('107').genres).toEqual([]);
  });

  it('names every issue, once per cause and subject', () => {
    const by = (kind: string) => issues.filter((i) => i.kind === kind).map((i) => i.subject);
    expect(by('reading_after_start')).toEqual(['104']);
    expect(by('show_unread')).toEqual(['105']);
    expect(by('reading_not_scheduled')).toEqual(['106']);
    expect(by('malformed_price')).toEqual(['"Rp35,000"']);
    expect(by('room_without_category')).toEqual(['theatre 9003']);
    expect(by('movie_renamed')).toEqual(['1']);
    expect(issues.find((i) => i.kind === 'movie_renamed')!.detail).toContain('MOVIE 1 (3D)');
    expect(issues).toHaveLength(6);
  });
});
