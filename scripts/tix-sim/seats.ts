/**
 * Seat plans and seat maps: the three merchant shapes of `GET /v1/movies/{merchant}/layout`
 * and the ground truth they encode.
 *
 * Occupancy is a pure function of (seed, showtime, now): each show has a final occupancy and the
 * season's sales curve (season.ts `soldFraction`: presales by 06:00, walk-ups late); held seats are
 * taken all day. The seats taken are always the first ones in a per-show random order (the held
 * ones first), so the unavailable seats only ever grow, and a map always counts exactly the truth.
 *
 * Shapes (shared/tix/schemas.ts, the seat layouts):
 *  - XXI nested: `seat_map: [{seat_code, max_row, seat_rows: [{seat_row, status}]}]`, `max_row` =
 *    seats in the row, row `I` skipped; statuses 1 available, 5/6 unavailable; aisle entries
 *    (our choice: `seat_row: ""` with status 0 or 3) are not seats.
 *  - CGV flat: `seat_map: [{row_name, seat_no, seat_yn, seat_status, seat_grd_cd}]` + `price_group`;
 *    `seat_yn: "0"` is an aisle (its `seat_status` is 0 and means nothing); seats 1 available, 0 sold.
 *  - Cinépolis flat: `seat_map: [{row_name, seat_no, seat_status}]`, 1 available, 5/6 unavailable.
 */
import { hashString, unit } from './rng.js';
import { soldFraction } from './season.js';

export type PlanMerchant = 'xxi' | 'cgv' | 'cinepolis';

interface PlanRow {
  name: string;
  /** `true` a seat, a number an aisle with that code (XXI) / seat_yn "0" (CGV). */
  cells: (true | number)[];
  grade: string;
}

export interface SeatPlan {
  id: string;
  merchant: PlanMerchant;
  rows: PlanRow[];
  /** Number of real seats. */
  total: number;
  grades: { code: string; name: string }[];
}

const XXI_LETTERS = 'ABCDEFGHJKLMNOPQRSTUVWXYZ'; // no I
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function plan(
  id: string,
  merchant: PlanMerchant,
  rows: number,
  seats: number,
  opts: { aisleAfter?: number[]; aisleCode?: number; grade?: string; lastRowGrade?: string } = {},
): SeatPlan {
  const letters = merchant === 'xxi' ? XXI_LETTERS : LETTERS;
  const grade = opts.grade ?? 'N';
  const out: PlanRow[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: (true | number)[] = [];
    for (let s = 1; s <= seats; s++) {
      cells.push(true);
      if (opts.aisleAfter?.includes(s) && s < seats) cells.push(opts.aisleCode ?? 0);
    }
    const rowGrade = r === rows - 1 && opts.lastRowGrade ? opts.lastRowGrade : grade;
    out.push({ name: letters[r]!, cells, grade: rowGrade });
  }
  const names: Record<string, string> = { N: 'REGULAR', S: 'SWEETBOX', T: 'SATIN', G: 'GOLD CLASS' };
  const codes = [...new Set(out.map((r) => r.grade))];
  return {
    id,
    merchant,
    rows: out,
    total: rows * seats,
    grades: codes.map((code) => ({ code, name: names[code] ?? code })),
  };
}

/** Every seat plan the generator may assign. Room sizes include the real 160, 187 and 126. */
export const SEAT_PLANS: Readonly<Record<string, SeatPlan>> = Object.fromEntries(
  [
    plan('xxi-160', 'xxi', 10, 16),
    plan('xxi-187', 'xxi', 11, 17, { aisleAfter: [4], aisleCode: 0 }),
    plan('xxi-126', 'xxi', 9, 14, { aisleAfter: [7], aisleCode: 3 }),
    plan('xxi-40', 'xxi', 5, 8, { aisleAfter: [4], aisleCode: 3 }),
    plan('xxi-288', 'xxi', 12, 24, { aisleAfter: [6, 18], aisleCode: 0 }),
    plan('cgv-126', 'cgv', 9, 14, { aisleAfter: [3, 11], lastRowGrade: 'S' }),
    plan('cgv-160', 'cgv', 10, 16, { aisleAfter: [4, 12] }),
    plan('cgv-64', 'cgv', 8, 8, { aisleAfter: [4], grade: 'T' }),
    plan('cgv-24', 'cgv', 4, 6, { aisleAfter: [2, 4], grade: 'G' }),
    plan('cinepolis-140', 'cinepolis', 10, 14),
    plan('cinepolis-187', 'cinepolis', 11, 17),
    plan('cinepolis-40', 'cinepolis', 5, 8),
  ].map((p) => [p.id, p]),
);

export interface SeatTruth {
  total: number;
  available: number;
  unavailable: number;
}

/** The older, season-less curve: share of the final occupancy sold `hoursBefore` hours before the show. */
export function soldShare(hoursBefore: number): number {
  return hoursBefore <= 0 ? 1 : 1 / (1 + hoursBefore / 5);
}

export interface ShowSeats {
  id: string;
  seatPlan: string;
  /** Share of the sellable seats (seats − held) sold at the start. */
  finalOccupancy: number;
  startsAtMs: number;
  /** Theatre-local `HH:MM` of the start (places 06:00 local for the season's curve). */
  displayTime?: string;
  /** The season's curve (season.ts `soldFraction`); without it, the older `soldShare` curve. */
  presold?: number;
  lateness?: number;
  held?: number;
}

/** A show's seats at an instant: sold, held back, and both together as TIX.id shows them (unavailable). */
export interface SeatState extends SeatTruth {
  sold: number;
  held: number;
}

/** 06:00 theatre-local of the show's day, from its start instant and its local start time. */
function sixAmOf(show: ShowSeats): number {
  const [hh, mm] = (show.displayTime ?? '06:00').split(':').map(Number) as [number, number];
  return show.startsAtMs - (hh * 60 + mm - 360) * 60_000;
}

/** The ground truth of a show's seats at `nowMs`: never fewer as time goes on, the final figure from the start on. */
export function seatState(show: ShowSeats, nowMs: number): SeatState {
  const p = SEAT_PLANS[show.seatPlan];
  if (!p) throw new Error(`unknown seat plan ${show.seatPlan}`);
  const held = Math.min(p.total, show.held ?? 0);
  const sellable = p.total - held;
  const finalSold = Math.round(sellable * show.finalOccupancy);
  const fraction =
    show.presold === undefined
      ? soldShare((show.startsAtMs - nowMs) / 3_600_000)
      : soldFraction({ presold: show.presold, lateness: show.lateness ?? 2 }, sixAmOf(show), show.startsAtMs, nowMs);
  const sold = Math.min(sellable, Math.round(finalSold * fraction));
  const unavailable = held + sold;
  return { total: p.total, available: p.total - unavailable, unavailable, sold, held };
}

/** The ground truth of a show's seats at `nowMs` as a seat map shows it. */
export function seatTruth(show: ShowSeats, nowMs: number): SeatTruth {
  const { total, available, unavailable } = seatState(show, nowMs);
  return { total, available, unavailable };
}

/** For each seat index (0..total-1, reading order), whether it is taken, and whether as 5 or 6. */
function takenSeats(seed: number, show: ShowSeats, unavailable: number): { taken: boolean[]; held: boolean[] } {
  const p = SEAT_PLANS[show.seatPlan]!;
  const h = hashString(show.id);
  // A per-show random order of the seats; the first `unavailable` of it are taken.
  const keys = Array.from({ length: p.total }, (_, i) => ({ i, k: unit(seed, h, i) }));
  keys.sort((a, b) => a.k - b.k);
  const taken = new Array<boolean>(p.total).fill(false);
  for (let n = 0; n < unavailable; n++) taken[keys[n]!.i] = true;
  const held = Array.from({ length: p.total }, (_, i) => unit(seed, h, i, 7) >= 0.7);
  return { taken, held };
}

/** The `data` of the layout answer for a show at `nowMs`, in its merchant's shape. */
export function renderLayout(seed: number, show: ShowSeats, nowMs: number): Record<string, unknown> {
  const p = SEAT_PLANS[show.seatPlan]!;
  const truth = seatTruth(show, nowMs);
  const { taken, held } = takenSeats(seed, show, truth.unavailable);
  let idx = 0;
  const unavailableCode = (i: number) => (held[i] ? 6 : 5);
  if (p.merchant === 'xxi') {
    return {
      seat_map: p.rows.map((row) => {
        let no = 0;
        const seatRows = row.cells.map((c) => {
          if (c === true) {
            no++;
            const i = idx++;
            return { seat_row: `${row.name}${no}`, status: taken[i] ? unavailableCode(i) : 1 };
          }
          return { seat_row: '', status: c };
        });
        return { seat_code: row.name, max_row: no, seat_rows: seatRows };
      }),
    };
  }
  if (p.merchant === 'cgv') {
    const seatMap: Record<string, unknown>[] = [];
    for (const row of p.rows) {
      let no = 0;
      for (const c of row.cells) {
        if (c === true) {
          no++;
          const i = idx++;
          seatMap.push({
            row_name: row.name,
            seat_no: String(no),
            seat_yn: '1',
            seat_status: taken[i] ? 0 : 1,
            seat_grd_cd: row.grade,
          });
        } else {
          seatMap.push({ row_name: row.name, seat_no: '', seat_yn: '0', seat_status: 0, seat_grd_cd: '' });
        }
      }
    }
    return { seat_map: seatMap, price_group: p.grades.map((g) => ({ seat_grd_cd: g.code, seat_grd_nm: g.name })) };
  }
  const seatMap: Record<string, unknown>[] = [];
  for (const row of p.rows) {
    let no = 0;
    for (const c of row.cells) {
      if (c !== true) continue;
      no++;
      const i = idx++;
      seatMap.push({ row_name: row.name, seat_no: String(no), seat_status: taken[i] ? unavailableCode(i) : 1 });
    }
  }
  return { seat_map: seatMap };
}
