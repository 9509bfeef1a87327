/**
 * The one sum behind every figure: `aggregate` folds a set of ShowRows (a day, a movie, a chain, a
 * province…) into counts, and the row makers below turn it into the published shapes. The totals,
 * every movie, every rollup and daily_summaries / daily_admissions (daily.ts) all come from it, so
 * they agree to the seat.
 *
 * Rules:
 *  - `shows` counts scheduled shows, read or not; `seats` and `admissions` only shows with a
 *    reading before start (`admissions !== null`); occupancy = admissions ÷ seats.
 *  - Gross: `gross_idr_min` sums admissions × the lowest listed price over read shows with a
 *    parseable price (always a lower bound); `gross_idr_max` sums × the highest, and is null when
 *    a read show with admissions has no parseable price (no upper bound is known). Both null when
 *    no show was read.
 *  - Sold out: no seat left; nearly full: 80% or more but not sold out.
 */
import { occupancyPct } from '../../scrapers/seats/occupancy.js';
import type { RollupRow, ShowRow } from './types.js';

export const NEARLY_FULL = 0.8;

export interface Agg {
  shows: number;
  read: number;
  pre_show: number;
  morning_only: number;
  unread: number;
  seats: number;
  seats_pre_show: number;
  seats_morning_only: number;
  admissions: number;
  gross_min: number;
  gross_max: number;
  /** A read show with admissions and no price: no upper bound. */
  unpriced_admitted: number;
  /** Read shows without a price. */
  without_price: number;
  priced_admissions: number;
  /** Σ admissions × (min + max) over priced read shows (twice the midpoint gross). */
  priced_mid2: number;
  sold_out: number;
  nearly_full: number;
  walkup_shows: number;
  walkup: number;
  walkup_admissions: number;
  theatres: Set<string>;
  cities: Set<string>;
}

function emptyAgg(): Agg {
  return {
    shows: 0,
    read: 0,
    pre_show: 0,
    morning_only: 0,
    unread: 0,
    seats: 0,
    seats_pre_show: 0,
    seats_morning_only: 0,
    admissions: 0,
    gross_min: 0,
    gross_max: 0,
    unpriced_admitted: 0,
    without_price: 0,
    priced_admissions: 0,
    priced_mid2: 0,
    sold_out: 0,
    nearly_full: 0,
    walkup_shows: 0,
    walkup: 0,
    walkup_admissions: 0,
    theatres: new Set(),
    cities: new Set(),
  };
}

function addRead(a: Agg, r: ShowRow, admissions: number, seats: number): void {
  a.read++;
  a.seats += seats;
  a.admissions += admissions;
  if (r.last_kind === 'morning') {
    a.morning_only++;
    a.seats_morning_only += seats;
  } else {
    a.pre_show++;
    a.seats_pre_show += seats;
  }
  if (r.price_idr_min !== null && r.price_idr_max !== null) {
    a.gross_min += admissions * r.price_idr_min;
    a.gross_max += admissions * r.price_idr_max;
    a.priced_admissions += admissions;
    a.priced_mid2 += admissions * (r.price_idr_min + r.price_idr_max);
  } else {
    a.without_price++;
    if (admissions > 0) a.unpriced_admitted++;
  }
  if (seats > 0 && admissions >= seats) a.sold_out++;
  else if (seats > 0 && admissions >= NEARLY_FULL * seats) a.nearly_full++;
  if (r.walkup !== null) {
    a.walkup_shows++;
    a.walkup += r.walkup;
    a.walkup_admissions += admissions;
  }
}

export function aggregate(rows: Iterable<ShowRow>): Agg {
  const a = emptyAgg();
  for (const r of rows) {
    a.shows++;
    a.theatres.add(r.theatre_id);
    a.cities.add(r.city);
    if (r.admissions === null || r.seats_total === null) a.unread++;
    else addRead(a, r, r.admissions, r.seats_total);
  }
  return a;
}

export function occupancyOf(a: Agg): number | null {
  return a.read > 0 ? occupancyPct(a.admissions, a.seats) : null;
}

export function grossOf(a: Agg): { gross_idr_min: number | null; gross_idr_max: number | null } {
  if (a.read === 0) return { gross_idr_min: null, gross_idr_max: null };
  return { gross_idr_min: a.gross_min, gross_idr_max: a.unpriced_admitted > 0 ? null : a.gross_max };
}

/** A ratio rounded to 4 decimals, null when the denominator is 0. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

export function walkupOf(a: Agg): { walkup: number | null; walkup_share: number | null } {
  return a.walkup_shows > 0
    ? { walkup: a.walkup, walkup_share: share(a.walkup, a.walkup_admissions) }
    : { walkup: null, walkup_share: null };
}

export function avgPriceOf(a: Agg): number | null {
  return a.priced_admissions > 0 ? Math.round(a.priced_mid2 / 2 / a.priced_admissions) : null;
}

/** Group rows by a key (a row may fall under one key only, so every rollup sums to the totals). */
export function groupBy(rows: readonly ShowRow[], keyOf: (r: ShowRow) => string): Map<string, ShowRow[]> {
  const out = new Map<string, ShowRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function rollupRow(key: string, a: Agg): RollupRow {
  return {
    key,
    shows: a.shows,
    seats: a.seats,
    admissions: a.admissions,
    occupancy_pct: occupancyOf(a),
    ...grossOf(a),
  };
}

/** A rollup by `keyOf`, most admissions first (ties by key), or by key when `byKey`. */
export function rollup(rows: readonly ShowRow[], keyOf: (r: ShowRow) => string, byKey = false): RollupRow[] {
  const out = [...groupBy(rows, keyOf)].map(([k, list]) => rollupRow(k, aggregate(list)));
  const keyCmp = (x: RollupRow, y: RollupRow) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  return out.sort((x, y) => (byKey ? keyCmp(x, y) : y.admissions - x.admissions || keyCmp(x, y)));
}
