/**
 * The seat-occupancy rule, as a pure function of a parsed TIX.id layout (../../shared/tix/schemas.ts).
 *
 * Three shapes, chosen by merchant:
 *  - XXI, nested: `seat_map: [{seat_code, max_row, seat_rows: [{seat_row, status}]}]`.
 *    status 1 = available; 5 and 6 = unavailable (sold and held cannot be told apart);
 *    any other code is not a seat (aisle, gap). `max_row` is the row's seat count despite its name;
 *    it is not used for counting (the statuses are the truth). Row letter I does not exist.
 *  - CGV, flat: `seat_map: [{row_name, seat_yn, seat_status}]`. `seat_yn: "0"` is an aisle or gap,
 *    not a seat. For a real seat (`seat_yn: "1"`) `seat_status` 1 = available and 0 = sold; any
 *    other status of a real seat counts as unavailable (the seat exists but cannot be bought).
 *  - Cinépolis, flat: `seat_map: [{row_name, seat_no, seat_status}]` with XXI's codes
 *    (1 available, 5/6 unavailable, anything else not a seat).
 *
 * Occupancy = unavailable ÷ (available + unavailable), as a percentage 0–100 rounded to one
 * decimal (half away from zero); 0 for a map without seats.
 *
 * The drawable layout (`rows`) keeps every position in the order TIX.id sends it: one character
 * per position, `A` available, `U` unavailable, `_` not a seat. Flat shapes are grouped by
 * `row_name` in order of first appearance.
 */
import type { CgvLayout, CinepolisLayout, Layout, XxiLayout } from '../../shared/tix/schemas.js';

export type SeatState = 'A' | 'U' | '_';

export interface SeatRow {
  row: string;
  /** One character per position: A available, U unavailable, _ not a seat. */
  seats: string;
}

export interface Occupancy {
  total: number;
  available: number;
  unavailable: number;
  /** unavailable ÷ total × 100, rounded to one decimal; 0 when there are no seats. */
  occupancy_pct: number;
  rows: SeatRow[];
}

/** XXI and Cinépolis status codes. */
export function xxiSeatState(status: number): SeatState {
  if (status === 1) return 'A';
  if (status === 5 || status === 6) return 'U';
  return '_';
}

/** CGV: `seat_yn` says whether the position is a seat at all; then 1 = available, else unavailable. */
export function cgvSeatState(seatYn: '0' | '1', seatStatus: number): SeatState {
  if (seatYn !== '1') return '_';
  return seatStatus === 1 ? 'A' : 'U';
}

/** A percentage 0–100 with one decimal. */
export function occupancyPct(unavailable: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((unavailable / total) * 1000) / 10;
}

function fromRows(rows: SeatRow[]): Occupancy {
  let available = 0;
  let unavailable = 0;
  for (const r of rows) {
    for (const ch of r.seats) {
      if (ch === 'A') available++;
      else if (ch === 'U') unavailable++;
    }
  }
  const total = available + unavailable;
  return { total, available, unavailable, occupancy_pct: occupancyPct(unavailable, total), rows };
}

/** Group flat positions by row name, in order of first appearance. */
function groupFlat<T extends { row_name: string }>(seats: readonly T[], state: (s: T) => SeatState): SeatRow[] {
  const rows = new Map<string, string[]>();
  for (const s of seats) {
    const name = s.row_name.trim();
    let row = rows.get(name);
    if (!row) rows.set(name, (row = []));
    row.push(state(s));
  }
  return [...rows].map(([row, states]) => ({ row, seats: states.join('') }));
}

export function parseXxi(layout: XxiLayout): Occupancy {
  return fromRows(
    layout.seat_map.map((r) => ({
      row: r.seat_code.trim(),
      seats: r.seat_rows.map((s) => xxiSeatState(s.status)).join(''),
    })),
  );
}

export function parseCgv(layout: CgvLayout): Occupancy {
  return fromRows(groupFlat(layout.seat_map, (s) => cgvSeatState(s.seat_yn, s.seat_status)));
}

export function parseCinepolis(layout: CinepolisLayout): Occupancy {
  return fromRows(groupFlat(layout.seat_map, (s) => xxiSeatState(s.seat_status)));
}

/** The occupancy of any layout the client returns. */
export function parseLayout(layout: Layout): Occupancy {
  switch (layout.merchant) {
    case 'xxi':
      return parseXxi(layout.data);
    case 'cgv':
      return parseCgv(layout.data);
    case 'cinepolis':
      return parseCinepolis(layout.data);
  }
}
