import { describe, expect, it } from 'vitest';
import { Double, SeatSnapshotDoc, checkDocument } from '../../shared/store/documents.js';
import { decodeState, encodeState, mergeState, occupancyChanged, type SeatState } from '../../scrapers/seats/state.js';
import { buildSnapshot, estimateDayWrites, snapshotPath } from '../../scrapers/seats/snapshot.js';
import type { ShowtimeTarget } from '../../scrapers/seats/select.js';
import type { Occupancy } from '../../scrapers/seats/occupancy.js';

describe('seat state encoding', () => {
  it('round-trips counts and flags', () => {
    const state: SeatState = new Map([
      ['2003100339967967232', { unavailable: 160, total: 160, jit: true, final: true, started: false }],
      ['1900000000000000001', { unavailable: 0, total: 187, jit: false, final: false, started: false }],
      ['1900000000000000002', { unavailable: -1, total: -1, jit: false, final: false, started: true }],
      ['1900000000000000003', { unavailable: 3, total: 126, jit: true, final: true, started: true }],
      ['1900000000000000004', { unavailable: 3, total: 126, jit: true, final: false, started: false }],
    ]);
    const text = encodeState(state);
    expect(text.split('\n')).toHaveLength(5);
    const back = decodeState(text);
    expect(back.badLines).toBe(0);
    expect(back.state).toEqual(state);
  });

  it('drops lines it cannot read and counts them', () => {
    const { state, badLines } = decodeState('1 2 3 -\ngarbage\n4 5 x F\n\n7 8 9 JFX\n8 1 1 Q');
    expect([...state.keys()]).toEqual(['1', '7']);
    expect(state.get('7')).toEqual({ unavailable: 8, total: 9, jit: true, final: true, started: true });
    expect(badLines).toBe(3);
    expect(decodeState(undefined).state.size).toBe(0);
  });

  it('merges: new counts win, flags only turn on, other lines are kept', () => {
    const stored: SeatState = new Map([
      ['1', { unavailable: 5, total: 100, jit: false, final: true, started: false }],
      ['2', { unavailable: 7, total: 100, jit: true, final: false, started: false }],
    ]);
    const updates: SeatState = new Map([
      ['1', { unavailable: 9, total: 100, jit: true, final: false, started: false }],
      ['2', { unavailable: -1, total: -1, jit: false, final: false, started: true }],
      ['3', { unavailable: 1, total: 50, jit: false, final: false, started: false }],
    ]);
    const merged = mergeState(stored, updates);
    expect(merged.get('1')).toEqual({ unavailable: 9, total: 100, jit: true, final: true, started: false });
    expect(merged.get('2')).toEqual({ unavailable: 7, total: 100, jit: true, final: false, started: true });
    expect(merged.get('3')).toEqual({ unavailable: 1, total: 50, jit: false, final: false, started: false });
    expect(stored.get('1')!.unavailable).toBe(5); // inputs untouched
  });

  it('a national day stays far below 1 MiB', () => {
    const state: SeatState = new Map();
    for (let i = 0; i < 12_500; i++) state.set(String(1_900_000_000_000_000_000n + BigInt(i)), { unavailable: 123, total: 187, jit: true, final: true, started: true });
    expect(Buffer.byteLength(encodeState(state))).toBeLessThan(500_000);
  });

  it('a reading is a change unless unavailable and total both equal the last written ones', () => {
    const prev = { unavailable: 10, total: 160, jit: false, final: false, started: false };
    expect(occupancyChanged(undefined, 10, 160)).toBe(true);
    expect(occupancyChanged(prev, 10, 160)).toBe(false);
    expect(occupancyChanged(prev, 11, 160)).toBe(true);
    expect(occupancyChanged(prev, 10, 161)).toBe(true);
    expect(occupancyChanged({ ...prev, unavailable: -1, total: -1 }, 0, 0)).toBe(true);
  });
});

describe('seat snapshot document', () => {
  const target: ShowtimeTarget = {
    showtime_id: '2003100339967967232',
    showtime: '13:35',
    date: '2026-01-19',
    startsAt: new Date('2026-01-19T04:35:00.000Z'),
    zone: 'Asia/Jayapura',
    status: 1,
    movie_id: '1000000000000000001',
    movie_title: 'A MOVIE',
    city: 'AMBON',
    city_id: '973818519810478080',
    theatre_id: '973818519885975552',
    theatre_name: 'AMBON CITY XXI',
    merchant: 'XXI',
    room_category: '2D',
  };
  const occ: Occupancy = { total: 3, available: 1, unavailable: 2, occupancy_pct: 66.7, rows: [{ row: 'A', seats: 'AU_U' }] };
  // 2026-01-18T23:05:00Z is 06:05 in Jakarta (the day after in UTC terms: the id uses Jakarta time).
  const at = new Date('2026-01-18T23:05:00.000Z');

  it('is named by showtime, mode and the Jakarta HHMM of capture', () => {
    expect(snapshotPath(target.showtime_id, 'morning', at)).toBe('seat_snapshots/2003100339967967232_morning_0605');
    expect(snapshotPath(target.showtime_id, 'jit', new Date('2026-01-19T04:20:00Z'))).toBe('seat_snapshots/2003100339967967232_jit_1120');
  });

  it('fills every contract field and passes the output schema', () => {
    const doc = buildSnapshot(target, occ, 'morning', at);
    expect(SeatSnapshotDoc.parse(doc)).toEqual(doc);
    expect(checkDocument(snapshotPath(target.showtime_id, 'morning', at), doc).kind).toBe('seat_snapshot');
    expect(doc).toMatchObject({
      movie_id: target.movie_id,
      room_category: '2D',
      snapshot_type: 'morning',
      theatre_id: target.theatre_id,
      city: 'AMBON',
      merchant: 'XXI',
      scraped_at: '2026-01-18T23:05:00.000Z',
      total_seats: 3,
      unavailable_seats: 2,
      available_seats: 1,
      occupancy_pct: new Double(66.7),
      seat_rows: [{ row: 'A', seats: 'AU_U' }],
    });
    expect(Object.values(doc).every((v) => v !== null && v !== undefined && v !== '')).toBe(true);
  });
});

describe('day write estimate', () => {
  it('adds morning, one JIT read per showtime and the final reads when changed, and two bookkeeping writes per pass', () => {
    // Final with every JIT pass (every 15 minutes): its 5-minute window sees a third of the shows.
    // passes: 1 morning + 16 h × 4 JIT + 16 h × 4 final = 129 → 258 + 1 (index)
    const e = estimateDayWrites({ showtimes: 1200, changedShare: 0.5 });
    expect(e).toEqual({ morning: 1200, jit: 600, final: 200, bookkeeping: 259, total: 2259, withinFreeTier: true });
    const everyShow = estimateDayWrites({ showtimes: 1200, changedShare: 0.5, finalEveryMinutes: 5 });
    expect(everyShow.final).toBe(600);
    expect(everyShow.bookkeeping).toBe(2 * (1 + 64 + 192) + 1);
    const noFinal = estimateDayWrites({ showtimes: 1200, changedShare: 0.5, finalEveryMinutes: 0 });
    expect(noFinal.final).toBe(0);
    expect(noFinal.bookkeeping).toBe(2 * 65 + 1);
    const worst = estimateDayWrites({ showtimes: 12_300, changedShare: 1, finalEveryMinutes: 5 });
    expect(worst.total).toBe(3 * 12_300 + 2 * 257 + 1);
    expect(worst.withinFreeTier).toBe(false);
  });
});
