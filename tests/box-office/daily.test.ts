/**
 * daily_summaries and daily_admissions, derived from the box office's ShowRows
 * (scripts/box-office/daily.ts): the seat snapshots below become slot records, then ShowRows
 * (shows.ts), as the summary job builds them from the store.
 */
import { describe, expect, it } from 'vitest';
import { cityZone } from '../../shared/tix/cities.js';
import { localToInstant } from '../../shared/clock.js';
import {
  checkDocument,
  documentSize,
  Double,
  MAX_DOCUMENT_BYTES,
  type SeatSnapshotDoc,
} from '../../shared/store/documents.js';
import { slotsOf } from '../helpers/snapshot-slots.js';
import { admissionsPath, summaryPath } from '../../shared/store/paths.js';
import { dailyDocuments } from '../../scripts/box-office/daily.js';
import { buildShowRows } from '../../scripts/box-office/shows.js';
import type { ShowRow } from '../../scripts/box-office/types.js';

const DATE = '2026-01-19';
const MODES = ['morning', 'jit', 'final'] as const;

/** A small deterministic PRNG so the data is varied but the test repeatable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Each date's snapshots as slot records (one per show, readings by kind), then that date's ShowRows. */
function rowsOf(snapshots: readonly SeatSnapshotDoc[]): ShowRow[] {
  return [...slotsOf(snapshots)].flatMap(
    ([date, records]) => buildShowRows({ date, records: [...records.values()], showtimes: [], movies: [] }).shows,
  );
}

/** The summary of the snapshots, through ShowRows. */
function documentsOf(date: string, snapshots: readonly SeatSnapshotDoc[], generatedAt: string) {
  return dailyDocuments(date, rowsOf(snapshots), generatedAt);
}

/**
 * Snapshots of many showtimes, each read one to three times before it starts, with growing sales
 * (every reading lands before the show's local start: a reading after it is never admissions, see
 * the last test).
 */
function makeSnapshots(seed: number): SeatSnapshotDoc[] {
  const r = rng(seed);
  const out: SeatSnapshotDoc[] = [];
  const cities = ['JAKARTA', 'MAKASSAR', 'JAYAPURA', 'KUALA KAPUAS'];
  const movies = ['1000000000000000001', '1000000000000000002', '1000000000000000003'];
  for (let i = 0; i < 120; i++) {
    const total = [126, 160, 187][Math.floor(r() * 3)]!;
    const city = cities[Math.floor(r() * cities.length)]!;
    const theatre = Math.floor(r() * 9);
    const reads = 1 + Math.floor(r() * 3);
    let sold = Math.floor(r() * 20);
    const showtime = `${String(10 + (i % 13)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
    const start = localToInstant(DATE, showtime, cityZone(city)).getTime();
    for (let k = 0; k < reads; k++) {
      sold = Math.min(total, sold + Math.floor(r() * 40));
      const minutesBefore = (reads - k) * 50 + Math.floor(r() * 40);
      out.push({
        showtime_id: String(2_000_000_000_000_000_000n + BigInt(i)),
        showtime,
        date: DATE,
        movie_id: movies[i % movies.length]!,
        movie_title: `MOVIE ${i % movies.length}`,
        theatre_id: String(3_000_000_000_000_000_000n + BigInt(theatre)),
        theatre_name: `${city} ${theatre} XXI`,
        city,
        merchant: 'XXI',
        room_category: '2D',
        snapshot_type: MODES[Math.min(k, 2)]!,
        scraped_at: new Date(start - minutesBefore * 60_000).toISOString(),
        total_seats: total,
        unavailable_seats: sold,
        available_seats: total - sold,
        occupancy_pct: Math.round((sold / total) * 1000) / 10,
      });
    }
  }
  // A snapshot of another day must not count.
  out.push({
    ...out[0]!,
    showtime_id: '2999999999999999999',
    date: '2026-01-18',
    unavailable_seats: 99,
    total_seats: 100,
    available_seats: 1,
  });
  return out;
}

describe('daily summary', () => {
  const snaps = makeSnapshots(7);
  const generated = '2026-01-19T17:00:00.000Z';
  const day = documentsOf(DATE, snaps, generated);

  it('totals the latest snapshot of each showtime, equal to an independent sum', () => {
    // Independent: sort every snapshot of the day by time, let later ones overwrite earlier ones.
    const sorted = snaps
      .filter((s) => s.date === DATE)
      .sort((a, b) => Date.parse(a.scraped_at) - Date.parse(b.scraped_at));
    const last: Record<string, SeatSnapshotDoc> = {};
    for (const s of sorted) last[s.showtime_id] = s;
    const shows = Object.values(last);
    let aud = 0;
    let cap = 0;
    let avail = 0;
    for (const s of shows) {
      aud += s.unavailable_seats;
      cap += s.total_seats;
      avail += s.total_seats - s.unavailable_seats;
    }
    expect(shows.length).toBe(120);
    expect(day.summary.total_audience).toBe(aud);
    expect(day.summary.total_seats).toBe(cap);
    expect(day.summary.total_available).toBe(avail);
    expect(day.summary.occupancy_pct).toBeInstanceOf(Double);
    expect(day.summary.occupancy_pct.value).toBeCloseTo((aud / cap) * 100, 1);
    expect(day.summary.showtime_count).toBe(120);
    expect(day.summary.movie_count).toBe(new Set(shows.map((s) => s.movie_id)).size);
    expect(day.summary.theatre_count).toBe(new Set(shows.map((s) => s.theatre_id)).size);
    expect(day.summary.city_count).toBe(new Set(shows.map((s) => s.city)).size);
    expect(day.summary.generated_at).toBe(generated);

    // Per movie: admissions add up to the movie's total and all movies to the day's audience.
    let fromMovies = 0;
    for (const m of day.admissions) {
      const mine = shows.filter((s) => s.movie_id === m.movie_id);
      expect(m.total_admissions).toBe(mine.reduce((n, s) => n + s.unavailable_seats, 0));
      expect(m.showtimes).toHaveLength(mine.length);
      expect(m.showtimes.reduce((n, s) => n + s.admissions, 0)).toBe(m.total_admissions);
      fromMovies += m.total_admissions;
    }
    expect(fromMovies).toBe(aud);
  });

  it('writes documents the contract accepts, with every occupancy_pct a Double', () => {
    expect(checkDocument(summaryPath(DATE), day.summary as unknown as Record<string, unknown>).kind).toBe(
      'daily_summary',
    );
    for (const m of day.admissions) {
      expect(checkDocument(admissionsPath(DATE, m.movie_id), m as unknown as Record<string, unknown>).kind).toBe(
        'daily_admissions',
      );
      for (const s of m.showtimes) {
        expect(s.occupancy_pct).toBeInstanceOf(Double);
        expect(s.occupancy_pct.value).toBe(Math.round((s.admissions / s.capacity) * 1000) / 10);
      }
    }
    expect(day.truncated).toEqual([]);
  });

  it('a movie with more showtimes than one document holds keeps its most-attended ones and its whole total', () => {
    const big: SeatSnapshotDoc[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...snaps[0]!,
      showtime_id: String(6_000_000_000_000_000_000n + BigInt(i)),
      movie_id: '1000000000000000009',
      theatre_name: `KUALA KAPUAS ${i % 50} CINEPOLIS GRAND MALL`,
      city: 'KUALA KAPUAS',
      total_seats: 187,
      unavailable_seats: i % 150,
      available_seats: 187 - (i % 150),
    }));
    const day = documentsOf(DATE, big, generated);
    const doc = day.admissions[0]!;
    const dropped = day.truncated[0]!.dropped;
    expect(dropped).toBeGreaterThan(0);
    expect(doc.showtimes.length + dropped).toBe(10_000);
    expect(doc.total_admissions).toBe(big.reduce((n, s) => n + s.unavailable_seats, 0));
    const path = admissionsPath(DATE, doc.movie_id);
    expect(checkDocument(path, doc as unknown as Record<string, unknown>).bytes).toBeLessThanOrEqual(
      MAX_DOCUMENT_BYTES,
    );
    // Only the least attended went: every kept showtime has at least as many admissions as any dropped one.
    const keptMin = Math.min(...doc.showtimes.map((s) => s.admissions));
    const keptCount = new Map<number, number>();
    for (const s of doc.showtimes) keptCount.set(s.admissions, (keptCount.get(s.admissions) ?? 0) + 1);
    const allCount = new Map<number, number>();
    for (const s of big) allCount.set(s.unavailable_seats, (allCount.get(s.unavailable_seats) ?? 0) + 1);
    for (const [adm, n] of allCount) if (adm > keptMin) expect(keptCount.get(adm)).toBe(n);
    // And no more than needed: with one more showtime it would not fit.
    const oneMore = { ...doc, showtimes: [...doc.showtimes, doc.showtimes[0]!] };
    expect(documentSize(path, oneMore as unknown as Record<string, unknown>)).toBeGreaterThan(MAX_DOCUMENT_BYTES);
  });

  it('a reading taken after the show started is not admissions: the last one before the start counts', () => {
    const base = snaps[0]!;
    const start = localToInstant(DATE, base.showtime, cityZone(base.city)).getTime();
    const jit = {
      ...base,
      snapshot_type: 'jit' as const,
      scraped_at: new Date(start - 20 * 60_000).toISOString(),
      unavailable_seats: 50,
      available_seats: base.total_seats - 50,
    };
    // read 90 minutes after the start, every seat shows unavailable
    const late = {
      ...base,
      snapshot_type: 'final' as const,
      scraped_at: new Date(start + 90 * 60_000).toISOString(),
      unavailable_seats: base.total_seats,
      available_seats: 0,
    };
    const one = documentsOf(DATE, [jit, late], generated);
    expect(one.summary.total_audience).toBe(50);
    expect(one.admissions[0]!.showtimes[0]!.admissions).toBe(50);
    // only read after the start: not counted at all
    expect(documentsOf(DATE, [late], generated).summary.showtime_count).toBe(0);
  });

  it('an empty day is all zeros, never NaN', () => {
    const empty = documentsOf(DATE, [], generated);
    expect(empty.summary.total_seats).toBe(0);
    expect(empty.summary.occupancy_pct.value).toBe(0);
    expect(empty.admissions).toEqual([]);
  });
});
