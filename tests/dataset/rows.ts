/**
 * Hand-made rows of the box office's types (scripts/box-office/types.ts) for the writer's unit
 * tests: a small day with every kind of value the dataset must keep (nulls where unknown, a price
 * range, a show never read, a morning-only show, genres lists, an empty one). The end-to-end
 * tests use the real loader and computation instead.
 */
import type { MovieDayRow, ReadingRow, ShowRow } from '../../scripts/box-office/types.js';
import type { TableRows } from '../../scripts/dataset/schema.js';

export function showRow(date: string, id: string, over: Partial<ShowRow> = {}): ShowRow {
  return {
    date,
    showtime_id: id,
    movie_id: 'm1',
    movie_title: 'KERETA MALAM',
    theatre_id: 't1',
    theatre_name: 'GRAND INDONESIA XXI',
    merchant: 'XXI',
    city: 'JAKARTA',
    province: 'DKI Jakarta',
    island_group: 'Jawa',
    room_category: '2D',
    format: '2D',
    start_local: '19:00',
    start_at: `${date}T12:00:00.000Z`,
    seats_total: 200,
    unavailable_morning: 20,
    unavailable_last: 150,
    last_kind: 'jit',
    admissions: 150,
    walkup: 130,
    price_idr_min: 50000,
    price_idr_max: 50000,
    gross_idr_min: 7_500_000,
    gross_idr_max: 7_500_000,
    genres: ['Horror'],
    ...over,
  };
}

export function movieRow(over: Partial<MovieDayRow> = {}): MovieDayRow {
  return {
    movie_id: 'm1',
    title: 'KERETA MALAM',
    rank: 1,
    shows: 3,
    theatres: 2,
    cities: 2,
    seats: 550,
    admissions: 320,
    occupancy_pct: 58.18,
    gross_idr_min: 14_000_000,
    gross_idr_max: 15_600_000,
    avg_price_idr: 45313,
    show_share: 0.75,
    admission_share: 0.8,
    sold_out_shows: 1,
    nearly_full_shows: 1,
    walkup: 130,
    walkup_share: 0.4,
    change_day_pct: null,
    change_week_pct: -12.5,
    cumulative_admissions: 5320,
    cumulative_gross_idr_min: 240_000_000,
    cumulative_gross_idr_max: 260_000_000,
    day_of_run: 8,
    genres: ['Horror'],
    ...over,
  };
}

/** A small day: 4 shows of 2 movies (one read twice, one morning-only, one unread, one with a price range). */
export function smallDay(date: string): TableRows {
  const shows: ShowRow[] = [
    showRow(date, 's1'),
    showRow(date, 's2', {
      theatre_id: 't2',
      theatre_name: 'CGV PVJ',
      merchant: 'CGV',
      city: 'BANDUNG',
      province: 'Jawa Barat',
      room_category: 'GOLD CLASS 2D',
      format: 'Gold Class',
      start_local: '21:15',
      start_at: `${date}T14:15:00.000Z`,
      seats_total: 150,
      unavailable_morning: 150,
      unavailable_last: 150,
      last_kind: 'final',
      admissions: 150,
      walkup: 0,
      price_idr_min: 46000,
      price_idr_max: 51000,
      gross_idr_min: 6_900_000,
      gross_idr_max: 7_650_000,
    }),
    showRow(date, 's3', {
      movie_id: 'm2',
      movie_title: "MIDNIGHT AT MARLOW'S",
      start_local: '13:00',
      start_at: `${date}T06:00:00.000Z`,
      unavailable_last: 20,
      last_kind: 'morning',
      admissions: 20,
      walkup: null,
      gross_idr_min: 1_000_000,
      gross_idr_max: 1_000_000,
      genres: [],
    }),
    showRow(date, 's4', {
      movie_id: 'm2',
      movie_title: "MIDNIGHT AT MARLOW'S",
      province: null,
      island_group: null,
      room_category: null,
      format: 'unknown',
      seats_total: null,
      unavailable_morning: null,
      unavailable_last: null,
      last_kind: null,
      admissions: null,
      walkup: null,
      price_idr_min: null,
      price_idr_max: null,
      gross_idr_min: null,
      gross_idr_max: null,
      genres: [],
    }),
  ];
  const readings: ReadingRow[] = [
    {
      date,
      showtime_id: 's1',
      kind: 'morning',
      read_at: `${date}T00:00:05.000Z`,
      seats_total: 200,
      seats_unavailable: 20,
    },
    {
      date,
      showtime_id: 's1',
      kind: 'jit',
      read_at: `${date}T11:52:00.000Z`,
      seats_total: 200,
      seats_unavailable: 150,
    },
    {
      date,
      showtime_id: 's2',
      kind: 'morning',
      read_at: `${date}T00:00:07.000Z`,
      seats_total: 150,
      seats_unavailable: 150,
    },
    {
      date,
      showtime_id: 's2',
      kind: 'final',
      read_at: `${date}T14:05:00.000Z`,
      seats_total: 150,
      seats_unavailable: 150,
    },
    {
      date,
      showtime_id: 's3',
      kind: 'morning',
      read_at: `${date}T00:00:09.000Z`,
      seats_total: 200,
      seats_unavailable: 20,
    },
  ];
  const movie_days = [
    { date, ...movieRow() },
    {
      date,
      ...movieRow({
        movie_id: 'm2',
        title: "MIDNIGHT AT MARLOW'S",
        rank: 2,
        shows: 2,
        theatres: 1,
        cities: 1,
        seats: 200,
        admissions: 20,
        gross_idr_min: null,
        gross_idr_max: null,
        avg_price_idr: null,
        walkup: null,
        walkup_share: null,
        change_week_pct: null,
        day_of_run: 1,
        cumulative_admissions: 20,
        genres: [],
      }),
    },
  ];
  return { readings, shows, movie_days };
}
