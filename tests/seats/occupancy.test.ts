import { describe, expect, it } from 'vitest';
import { CgvLayout, CinepolisLayout, LayoutResponse, XxiLayout } from '../../shared/tix/schemas.js';
import { SeatRows } from '../../shared/store/documents.js';
import { occupancyPct, parseCgv, parseCinepolis, parseLayout, parseXxi } from '../../scrapers/seats/occupancy.js';

/** Rows A–K without I, as TIX.id sends them (the letter I is skipped). */
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K'];

/**
 * A structure exactly like a captured XXI layout of a sold-out 160-seat room: ten rows of sixteen,
 * every seat status 5 or 6, wrapped in the API envelope and parsed by the client's own schema.
 */
function soldOutXxiResponse(): unknown {
  return {
    success: true,
    data: {
      seat_map: LETTERS.map((letter, r) => ({
        seat_code: letter,
        max_row: 16,
        seat_rows: Array.from({ length: 16 }, (_, i) => ({
          seat_row: `${letter}${i + 1}`,
          status: (r * 16 + i) % 3 === 0 ? 5 : 6,
        })),
      })),
    },
  };
}

describe('XXI nested layout', () => {
  it('counts a sold-out 160-seat room (ten rows A–K without I) as 100% unavailable', () => {
    const parsed = LayoutResponse.xxi.parse(soldOutXxiResponse());
    const occ = parseLayout({ merchant: 'xxi', data: parsed.data });
    expect(occ.total).toBe(160);
    expect(occ.unavailable).toBe(160);
    expect(occ.available).toBe(0);
    expect(occ.occupancy_pct).toBe(100);
    expect(occ.rows.map((r) => r.row)).toEqual(LETTERS);
    expect(occ.rows.every((r) => r.seats === 'U'.repeat(16))).toBe(true);
    expect(SeatRows.safeParse(occ.rows).success).toBe(true);
  });

  it('reads 1 as available, 5 and 6 as unavailable, and any other code as not a seat', () => {
    const layout = XxiLayout.parse({
      seat_map: [
        {
          seat_code: 'A',
          max_row: 6,
          seat_rows: [1, 5, 6, 0, 1, 1].map((status, i) => ({ seat_row: `A${i + 1}`, status })),
        },
        {
          seat_code: 'B',
          max_row: 5,
          seat_rows: [2, 1, 3, 7, 6, 99].map((status, i) => ({ seat_row: `B${i + 1}`, status })),
        },
      ],
    });
    const occ = parseXxi(layout);
    expect(occ.rows).toEqual([
      { row: 'A', seats: 'AUU_AA' },
      { row: 'B', seats: '_A__U_' },
    ]);
    // available: 1s = A1, A5, A6, B2 → 4; unavailable: A2, A3, B5 → 3
    expect(occ.available).toBe(4);
    expect(occ.unavailable).toBe(3);
    expect(occ.total).toBe(7);
    expect(occ.occupancy_pct).toBe(42.9); // 3/7 = 42.857… → one decimal
  });

  it('an empty map has no seats and 0% occupancy, never NaN', () => {
    const occ = parseXxi(XxiLayout.parse({ seat_map: [] }));
    expect(occ).toEqual({ total: 0, available: 0, unavailable: 0, occupancy_pct: 0, rows: [] });
    const aislesOnly = parseXxi(
      XxiLayout.parse({ seat_map: [{ seat_code: 'A', max_row: 0, seat_rows: [{ seat_row: 'A1', status: 0 }] }] }),
    );
    expect(aislesOnly.total).toBe(0);
    expect(aislesOnly.occupancy_pct).toBe(0);
    expect(aislesOnly.rows).toEqual([{ row: 'A', seats: '_' }]);
  });
});

describe('CGV flat layout', () => {
  it('treats seat_yn "0" as an aisle and, for real seats, 1 as available and 0 as sold; rows grouped in order', () => {
    // Two rows of 4 seats with an aisle in the middle, given interleaved (row B's first position arrives
    // before row A ends) to show that grouping keeps first-appearance order of rows and of positions.
    const raw = {
      seat_map: [
        { row_name: 'A', seat_yn: '1', seat_status: 1, seat_grd_cd: '01' },
        { row_name: 'A', seat_yn: '1', seat_status: 0, seat_grd_cd: '01' },
        { row_name: 'B', seat_yn: '1', seat_status: '0', seat_grd_cd: '01' },
        { row_name: 'A', seat_yn: '0', seat_status: 0, seat_grd_cd: '01' },
        { row_name: 'A', seat_yn: '1', seat_status: 1, seat_grd_cd: '01' },
        { row_name: 'A', seat_yn: '1', seat_status: 1, seat_grd_cd: '01' },
        { row_name: 'B', seat_yn: '1', seat_status: 0, seat_grd_cd: '02' },
        { row_name: 'B', seat_yn: '0', seat_status: 1, seat_grd_cd: '02' },
        { row_name: 'B', seat_yn: '1', seat_status: 1, seat_grd_cd: '02' },
        { row_name: 'B', seat_yn: '1', seat_status: 0, seat_grd_cd: '02' },
      ],
      price_group: [
        { seat_grd_cd: '01', seat_grd_nm: 'REGULAR' },
        { seat_grd_cd: '02', seat_grd_nm: 'SWEETBOX' },
      ],
    };
    const occ = parseCgv(CgvLayout.parse(raw));
    expect(occ.rows).toEqual([
      { row: 'A', seats: 'AU_AA' },
      { row: 'B', seats: 'UU_AU' },
    ]);
    expect(occ.total).toBe(8);
    expect(occ.available).toBe(4);
    expect(occ.unavailable).toBe(4);
    expect(occ.occupancy_pct).toBe(50);
  });

  it('an aisle never counts whatever its seat_status, and an unknown status of a real seat is unavailable', () => {
    const occ = parseCgv(
      CgvLayout.parse({
        seat_map: [
          { row_name: 'A', seat_yn: '0', seat_status: 1 },
          { row_name: 'A', seat_yn: '1', seat_status: 3 },
          { row_name: 'A', seat_yn: '1', seat_status: 1 },
        ],
      }),
    );
    expect(occ.rows).toEqual([{ row: 'A', seats: '_UA' }]);
    expect([occ.total, occ.available, occ.unavailable]).toEqual([2, 1, 1]);
  });

  it('an empty map has no seats', () => {
    expect(parseCgv(CgvLayout.parse({ seat_map: [] }))).toEqual({
      total: 0,
      available: 0,
      unavailable: 0,
      occupancy_pct: 0,
      rows: [],
    });
  });
});

describe('Cinépolis flat layout', () => {
  it('reads XXI codes per position, grouped by row', () => {
    const statuses: Record<string, number[]> = { A: [1, 1, 5, 6], B: [6, 0, 1, 4] };
    const seat_map = Object.entries(statuses).flatMap(([row_name, codes]) =>
      codes.map((seat_status, i) => ({ row_name, seat_no: i + 1, seat_status })),
    );
    const occ = parseCinepolis(CinepolisLayout.parse({ seat_map }));
    expect(occ.rows).toEqual([
      { row: 'A', seats: 'AAUU' },
      { row: 'B', seats: 'U_A_' },
    ]);
    expect([occ.total, occ.available, occ.unavailable]).toEqual([6, 3, 3]);
    expect(occ.occupancy_pct).toBe(50);
    expect(parseLayout({ merchant: 'cinepolis', data: CinepolisLayout.parse({ seat_map }) })).toEqual(occ);
  });

  it('an empty map has no seats', () => {
    expect(parseCinepolis(CinepolisLayout.parse({ seat_map: [] })).total).toBe(0);
  });
});

describe('occupancy percentage', () => {
  it('is 0–100 with one decimal', () => {
    expect(occupancyPct(0, 160)).toBe(0);
    expect(occupancyPct(1, 3)).toBe(33.3);
    expect(occupancyPct(2, 3)).toBe(66.7);
    expect(occupancyPct(187, 187)).toBe(100);
    expect(occupancyPct(1, 8)).toBe(12.5);
    expect(occupancyPct(5, 0)).toBe(0);
  });
});
