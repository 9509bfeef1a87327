/**
 * The compact day record (readings.ts) and the day write model (budget.ts), pure.
 */
import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../shared/clock.js';
import { documentSize, MAX_DOCUMENT_BYTES } from '../../shared/store/documents.js';
import { estimateDayWrites, JIT_PASSES_PER_DAY } from '../../scrapers/seats/budget.js';
import {
  decodeSlot,
  encodeSlot,
  latestReading,
  mergeSlot,
  slotOf,
  slotsBetween,
  type ShowRecord,
  type SlotRecords,
} from '../../scrapers/seats/readings.js';

const DATE = '2026-01-19';
const facts = (id: string, title = 'AVATAR: FIRE AND ASH') => ({
  showtime_id: id,
  showtime: '19:30',
  movie_id: '9001',
  movie_title: title,
  theatre_id: '555',
  theatre_name: 'GRAND INDONESIA CGV',
  city: 'JAKARTA',
  merchant: 'CGV',
  room_category: 'REGULAR 2D',
});
const rec = (id: string, extra: Partial<ShowRecord> = {}): ShowRecord => ({
  facts: facts(id),
  started: false,
  ...extra,
});

describe('slot documents: encode/decode', () => {
  it('round-trips every field and reading kind, ordered by showtime id', () => {
    const records: SlotRecords = new Map([
      [
        '20',
        rec('20', {
          morning: { unavailable: 3, total: 100, at: '2026-01-18T23:01:02.000Z' },
          jit: { unavailable: 40, total: 100, at: '2026-01-19T12:05:00.000Z' },
        }),
      ],
      ['3', rec('3', { started: true })],
      ['100', rec('100', { final: { unavailable: 0, total: 0, at: '2026-01-19T12:25:00.000Z' } })],
    ]);
    const text = encodeSlot(records);
    expect(text.split('\n').map((l) => l.split('\t')[0])).toEqual(['100', '20', '3']);
    const back = decodeSlot(text);
    expect(back.badLines).toBe(0);
    expect(back.records).toEqual(records);
  });

  it('writes tabs and line breaks inside names as spaces, so a line stays one record', () => {
    const text = encodeSlot(new Map([['1', { facts: facts('1', 'A\tB\nC'), started: false }]]));
    expect(text.split('\n')).toHaveLength(1);
    expect(decodeSlot(text).records.get('1')!.facts.movie_title).toBe('A B C');
  });

  it('drops and counts lines that do not parse (a wrong field count, a reading above its total)', () => {
    const good = encodeSlot(
      new Map([['1', rec('1', { morning: { unavailable: 1, total: 2, at: '2026-01-19T00:00:00.000Z' } })]]),
    );
    const broken = good.replace('1/2@', '3/2@').replace(/^1/, '2');
    const { records, badLines } = decodeSlot([good, broken, 'x\ty'].join('\n'));
    expect([...records.keys()]).toEqual(['1']);
    expect(badLines).toBe(2);
  });

  it('merge keeps the kinds an update does not carry and never turns `started` off', () => {
    const stored: SlotRecords = new Map([
      ['1', rec('1', { morning: { unavailable: 1, total: 9, at: '2026-01-19T00:00:00.000Z' }, started: true })],
    ]);
    const merged = mergeSlot(
      stored,
      new Map([
        ['1', rec('1', { jit: { unavailable: 5, total: 9, at: '2026-01-19T10:00:00.000Z' } })],
        ['2', rec('2')],
      ]),
    );
    expect(merged.get('1')).toMatchObject({ morning: { unavailable: 1 }, jit: { unavailable: 5 }, started: true });
    expect(merged.has('2')).toBe(true);
    expect(stored.get('1')!.jit).toBeUndefined();
  });

  it('latest reading: the newest instant, the later kind on a tie', () => {
    const at = '2026-01-19T10:00:00.000Z';
    expect(
      latestReading(
        rec('1', {
          morning: { unavailable: 1, total: 9, at: '2026-01-19T00:00:00.000Z' },
          jit: { unavailable: 2, total: 9, at },
        }),
      )!.kind,
    ).toBe('jit');
    expect(
      latestReading(rec('1', { jit: { unavailable: 2, total: 9, at }, final: { unavailable: 3, total: 9, at } }))!
        .reading.unavailable,
    ).toBe(3);
    expect(latestReading(rec('1'))).toBeUndefined();
  });

  it('a busy half hour (1,500 shows, long names) stays far under 1 MiB', () => {
    const records: SlotRecords = new Map();
    for (let i = 0; i < 1500; i++) {
      const id = String(10_000_000 + i);
      records.set(id, {
        facts: { ...facts(id, 'X'.repeat(60)), theatre_name: 'Y'.repeat(50) },
        morning: { unavailable: 99, total: 300, at: '2026-01-18T23:59:59.000Z' },
        jit: { unavailable: 199, total: 300, at: '2026-01-19T12:59:59.000Z' },
        started: false,
      });
    }
    const bytes = documentSize(`seat_days/${DATE}/slots/1900`, {
      date: DATE,
      slot: '1900',
      updated_at: '2026-01-19T13:00:00.000Z',
      showtimes: 1500,
      entries: encodeSlot(records),
    });
    expect(bytes).toBeLessThan(MAX_DOCUMENT_BYTES / 2);
  });
});

describe('slots of start instants', () => {
  it('are the Jakarta half hours of the start, whatever the theatre zone', () => {
    expect(slotOf(DATE, localToInstant(DATE, '19:29', 'Asia/Jakarta'))).toBe('1900');
    expect(slotOf(DATE, localToInstant(DATE, '19:30', 'Asia/Jakarta'))).toBe('1930');
    // 21:10 WIT = 19:10 WIB
    expect(slotOf(DATE, localToInstant(DATE, '21:10', 'Asia/Jayapura'))).toBe('1900');
    // a WIT show at 01:00 local is 23:00 WIB of the day before: clamped to the first slot
    expect(slotOf(DATE, localToInstant(DATE, '01:00', 'Asia/Jayapura'))).toBe('0000');
    expect(slotOf(DATE, new Date(localToInstant(DATE, '23:45', 'Asia/Jakarta').getTime() + 30 * 60_000))).toBe('2400');
  });

  it('a window lists every slot a start inside it can fall in, and no other', () => {
    const from = localToInstant(DATE, '10:06', 'Asia/Jakarta');
    const to = new Date(from.getTime() + 30 * 60_000);
    expect(slotsBetween(DATE, from, to)).toEqual(['1000', '1030']);
    const aligned = localToInstant(DATE, '10:00', 'Asia/Jakarta');
    // (10:00, 10:30]: a start at 10:30 is in slot 1030, none at 10:00 exactly
    expect(slotsBetween(DATE, aligned, new Date(aligned.getTime() + 30 * 60_000))).toEqual(['1000', '1030']);
  });
});

describe('the day write model', () => {
  it('counts one JIT document per show and a few slot/run writes per pass', () => {
    const e = estimateDayWrites({ showtimes: 12_457 });
    expect(e.jit).toBeGreaterThanOrEqual(12_457);
    expect(e.jit).toBe(12_457 + 2 * JIT_PASSES_PER_DAY);
    expect(e.final).toBe(0);
    expect(e.total).toBe(e.morning + e.jit + e.final + e.bookkeeping);
    expect(e.total).toBeLessThan(15_000);
    expect(estimateDayWrites({ showtimes: 12_457, morningPasses: 4 }).total).toBeGreaterThan(e.total);
  });
});
