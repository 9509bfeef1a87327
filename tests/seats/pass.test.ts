/**
 * Seat passes against the TIX.id simulator (tiny preset: JAKARTA WIB, MAKASSAR WITA, JAYAPURA WIT)
 * and the Firestore emulator, with the day's schedules written by the real movies and schedules
 * scrapers: morning, a repeat with no change, JIT at a fixed now in each zone, shows that started
 * under our feet, and the summary of the day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, localToInstant } from '../../shared/clock.js';
import { SeatSnapshotDoc } from '../../shared/store/documents.js';
import { readDayOccupancy } from '../helpers/day-readings.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import { buildSnapshot } from '../../scrapers/seats/snapshot.js';
import { showtimesOf } from '../../scrapers/seats/select.js';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import { runSummary } from '../../scripts/summary/run.js';
import type { SimShowtime } from '../../scripts/tix-sim/index.js';
import { emulatorHost, readRestDocument, type RestValue } from '../helpers/firestore.js';
import { openSeatsWorld, scrapeDay, type SeatsWorld } from './world.js';

// 13:00 WIB = 14:00 WITA = 15:00 WIT: the morning's first shows have started everywhere.
const MORNING = '2026-01-19T06:00:00.000Z';

let w: SeatsWorld;
let byId: Map<string, SimShowtime>;
const cityName = (id: string) => w.sim.data.cities.find((c) => c.id === id)!.name;
const theatreOf = (id: string) => w.sim.data.theatres.find((t) => t.id === id)!;
const movieOf = (id: string) => w.sim.data.movies.find((m) => m.id === id)!;

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'seats-pass', preset: 'tiny', now: MORNING });
  byId = new Map(w.sim.data.showtimes.map((s) => [s.id, s]));
  await scrapeDay(w);
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const deps = () => ({ store: w.store, client: w.client, clock: w.sim.clock, log: w.log });
const future = (at: Date) => w.sim.data.showtimes.filter((s) => Date.parse(s.startsAt) > at.getTime());
const int = (v: RestValue | undefined) => {
  expect(v).toHaveProperty('integerValue');
  return Number((v as { integerValue: string }).integerValue);
};
const str = (v: RestValue | undefined) => {
  expect(v).toHaveProperty('stringValue');
  return (v as { stringValue: string }).stringValue;
};

/** Independent truth for the summary: the reading of each showtime at its last capture. */
const lastCapture = new Map<string, Date>();

describe('seats morning pass', () => {
  it("stores one exact reading per future showtime in the day's slot documents, and no per-show document", async () => {
    const now = w.sim.clock.now();
    const expected = future(now);
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.length).toBeLessThan(w.sim.data.showtimes.length); // some shows already started

    const r = await runSeatPass(deps(), { mode: 'morning' });
    expect(r.failed).toBe(0);
    expect(r.started).toBe(0);
    expect(r.selected).toBe(expected.length);
    expect(new Set(r.selectedIds)).toEqual(new Set(expected.map((s) => s.id)));
    expect(r.written).toBe(expected.length);
    expect(r.snapshots.size).toBe(0);
    for (const s of expected) lastCapture.set(s.id, now);

    expect(await w.store.list('seat_snapshots')).toHaveLength(0);
    const slots = await w.store.list(`seat_days/${w.sim.data.date}/slots`);
    expect(slots.length).toBeGreaterThan(3);
    expect(r.bookkeepingWrites).toBeLessThanOrEqual(slots.length + Math.ceil(expected.length / 250) + 2);

    const readings = await readDayOccupancy(w.store, w.sim.data.date);
    expect(readings).toHaveLength(expected.length);
    const byShow = new Map(readings.map((x) => [x.showtime_id, x]));
    for (const show of expected) {
      const snap = byShow.get(show.id);
      expect(snap, `reading of ${show.id}`).toBeDefined();
      const truth = w.sim.seatTruth(show.id)!;
      expect([snap!.total_seats, snap!.unavailable_seats, snap!.available_seats]).toEqual([
        truth.total,
        truth.unavailable,
        truth.available,
      ]);
      expect(Math.abs(snap!.occupancy_pct - (truth.unavailable / truth.total) * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
      const theatre = theatreOf(show.theatreId);
      expect(snap).toMatchObject({
        showtime_id: show.id,
        showtime: show.displayTime.padStart(5, '0'),
        date: w.sim.data.date,
        movie_id: show.movieId,
        theatre_id: show.theatreId,
        city: cityName(show.cityId),
        merchant: show.merchant,
        room_category: show.category.trim(),
        snapshot_type: 'morning',
        scraped_at: now.toISOString(),
      });
      expect(snap!.theatre_name).toBe(theatre.name.trim().replace(/\s+/g, ' '));
      const baseTitle = (t: string) => t.replace(/ \(3D\)$/, '');
      expect(baseTitle(snap!.movie_title)).toBe(baseTitle(movieOf(show.movieId).title));
    }

    // The run record the admin's JIT panel reads.
    const host = emulatorHost();
    const run = (await readRestDocument(host, w.project, r.run.path))!;
    expect(str(run.run_type)).toBe('seats');
    expect(str(run.status)).toBe('success');
    expect(int(run.showtimes_scraped)).toBe(expected.length);
    expect(int(run.showtimes_success)).toBe(expected.length);
    expect(int(run.writes_estimate_day)).toBe(r.estimate!.total);
  });

  it('a morning re-run asks TIX.id for nothing already stored and writes nothing', async () => {
    const slots = await w.store.list(`seat_days/${w.sim.data.date}/slots`);
    w.sim.resetStats();
    const r = await runSeatPass(deps(), { mode: 'morning' });
    expect(r.selected).toBe(0);
    expect(r.written).toBe(0);
    expect(r.bookkeepingWrites).toBe(0);
    expect(w.sim.stats().byEndpointStatus.layout).toBeUndefined();
    expect(await w.store.list(`seat_days/${w.sim.data.date}/slots`)).toEqual(slots);
  });
});

describe('seats jit pass', () => {
  it('picks exactly the showtimes due in each time zone at a fixed now', async () => {
    // A now whose 20-minute window ends exactly on a WIT show and also holds a WITA show.
    const shows = w.sim.data.showtimes;
    const inWindow = (at: number) =>
      shows.filter((s) => Date.parse(s.startsAt) > at && Date.parse(s.startsAt) <= at + 20 * 60_000);
    const morning = Date.parse(MORNING);
    const candidates = shows
      .filter((s) => s.zone === 'Asia/Jayapura' && Date.parse(s.startsAt) - 20 * 60_000 > morning)
      .map((s) => Date.parse(s.startsAt) - 20 * 60_000);
    const at = candidates.find((t) => {
      const due = inWindow(t);
      return due.some((s) => s.zone === 'Asia/Makassar') && due.some((s) => s.zone === 'Asia/Jakarta');
    });
    expect(at, 'a window holding WIB, WITA and WIT shows').toBeDefined();
    w.sim.clock.set(new Date(at!));

    const expected = inWindow(at!);
    const r = await runSeatPass(deps(), { mode: 'jit', windowMinutes: 20 });
    expect(r.failed).toBe(0);
    for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const) {
      const want = expected
        .filter((s) => s.zone === zone)
        .map((s) => s.id)
        .sort();
      const got = r.selectedIds.filter((id) => byId.get(id)!.zone === zone).sort();
      expect(got, zone).toEqual(want);
      expect(want.length, zone).toBeGreaterThan(0);
    }
    // The show exactly at the window's end is in; the theatre-local time is what decided.
    const edge = expected.find((s) => Date.parse(s.startsAt) === at! + 20 * 60_000 && s.zone === 'Asia/Jayapura')!;
    expect(r.selectedIds).toContain(edge.id);
    expect(localToInstant(w.sim.data.date, edge.displayTime, 'Asia/Jayapura').getTime()).toBe(at! + 20 * 60_000);
    // Read as Jakarta time, the same HH:MM would be two hours later: outside the window.
    expect(localToInstant(w.sim.data.date, edge.displayTime, 'Asia/Jakarta').getTime()).toBeGreaterThan(
      at! + 20 * 60_000,
    );

    // Every reading is a contract snapshot document (changed since the morning or not), with an id
    // from the show's own start, and its reading is in the day's slots too.
    expect(r.written).toBe(expected.length);
    expect(r.snapshots.size).toBe(expected.length);
    const stored = await w.store.list('seat_snapshots');
    const host = emulatorHost();
    for (const show of expected) {
      const path = `seat_snapshots/${show.id}_jit_${show.displayTime.padStart(5, '0').replace(':', '')}`;
      const doc = stored.find((d) => d.path === path);
      expect(doc, path).toBeDefined();
      const snap = SeatSnapshotDoc.parse(doc!.data);
      expect(snap.unavailable_seats).toBe(w.sim.seatTruth(show.id)!.unavailable);
      expect(snap).toMatchObject({
        snapshot_type: 'jit',
        scraped_at: new Date(at!).toISOString(),
        movie_id: show.movieId,
        merchant: show.merchant,
      });
      const cells = snap.seat_rows!.map((x) => x.seats).join('');
      expect([...cells].filter((c) => c === 'U').length).toBe(snap.unavailable_seats);
    }
    expect(stored).toHaveLength(expected.length);
    const readings = new Map((await readDayOccupancy(w.store, w.sim.data.date)).map((x) => [x.showtime_id, x]));
    for (const show of expected)
      expect(readings.get(show.id)).toMatchObject({
        snapshot_type: 'jit',
        unavailable_seats: w.sim.seatTruth(show.id)!.unavailable,
      });

    // Firestore value types, read back through REST as the admin does.
    const sample = stored[0]!;
    const f = (await readRestDocument(host, w.project, sample.path))!;
    for (const k of [
      'showtime_id',
      'showtime',
      'date',
      'movie_id',
      'movie_title',
      'theatre_id',
      'theatre_name',
      'city',
      'merchant',
      'room_category',
      'snapshot_type',
      'scraped_at',
    ]) {
      expect(str(f[k]).length, k).toBeGreaterThan(0);
    }
    expect(str(f.scraped_at)).toMatch(/Z$/);
    for (const k of ['total_seats', 'unavailable_seats', 'available_seats']) int(f[k]);
    expect(f.occupancy_pct).toHaveProperty('doubleValue');
    const rows = (f.seat_rows as { arrayValue: { values: { mapValue: { fields: Record<string, RestValue> } }[] } })
      .arrayValue.values;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(str(row.mapValue.fields.seats)).toMatch(/^[AU_]+$/);
    // occupancy_pct is a doubleValue even when whole (0 early in the day, 100 when sold out)
    const docs = (await w.store.list(`schedules/${w.sim.data.date}/showtimes`)).map((d) => ShowtimesDoc.parse(d.data));
    const target = showtimesOf(docs).find((t) => t.showtime_id === expected[0]!.id)!;
    const whole = buildSnapshot(
      target,
      { total: 100, available: 100, unavailable: 0, occupancy_pct: 0, rows: [] },
      'final',
      new Date(at!),
    );
    await w.store.set('seat_snapshots/1_final_0000', { ...whole, showtime_id: '1' } as never);
    expect((await readRestDocument(host, w.project, 'seat_snapshots/1_final_0000'))!.occupancy_pct).toHaveProperty(
      'doubleValue',
    );
    await w.store.delete('seat_snapshots/1_final_0000');
    for (const s of expected) lastCapture.set(s.id, new Date(at!));

    // The next JIT pass (15 minutes later, its window overlapping this one) does not read them again.
    w.sim.clock.set(new Date(at! + 15 * 60_000));
    const next = await runSeatPass(deps(), { mode: 'jit', windowMinutes: 20 });
    expect(next.failed).toBe(0);
    for (const s of expected) expect(next.selectedIds).not.toContain(s.id);
    const nextExpected = inWindow(at! + 15 * 60_000).filter((s) => !expected.includes(s));
    expect(new Set(next.selectedIds)).toEqual(new Set(nextExpected.map((s) => s.id)));
    for (const s of nextExpected) lastCapture.set(s.id, new Date(at! + 15 * 60_000));
  });

  it('a show that started under our feet (401 EXPIRED_EVENT_DETAIL) is skipped, not failed, and not asked again', async () => {
    // TIX.id's clock is 5 minutes ahead of ours: a final pass (next 5 minutes by our clock) asks only
    // for shows that have started there.
    const show = w.sim.data.showtimes.find(
      (s) => Date.parse(s.startsAt) > Date.parse(MORNING) + 3_600_000 && s.zone === 'Asia/Makassar',
    )!;
    const start = Date.parse(show.startsAt);
    w.sim.clock.set(new Date(start + 60_000));
    const ours = new FixedClock(new Date(start - 4 * 60_000));
    const startedThere = w.sim.data.showtimes.filter(
      (s) => Date.parse(s.startsAt) > start - 4 * 60_000 && Date.parse(s.startsAt) <= start + 60_000,
    );
    expect(startedThere.map((s) => s.id)).toContain(show.id);
    await w.manager.getAccessToken(); // hours have passed on TIX.id's clock: the token's own renewal happens here
    const refreshesBefore = w.manager.stats().refreshes;
    w.sim.resetStats();
    const r = await runSeatPass({ ...deps(), clock: ours }, { mode: 'final' });
    expect(r.selected).toBe(startedThere.length);
    expect(r.started).toBe(startedThere.length);
    expect(r.failed).toBe(0);
    expect(r.written).toBe(0);
    expect(r.run.status).toBe('success');
    expect(w.manager.stats().refreshes).toBe(refreshesBefore); // no token refresh for EXPIRED_EVENT_DETAIL
    expect(w.sim.stats().refreshes).toBe(0);
    expect(w.sim.stats().byEndpointStatus.layout).toEqual({ '401': startedThere.length });
    expect((r.run.document.skipped as Record<string, number>).showtime).toBe(startedThere.length);

    const again = await runSeatPass({ ...deps(), clock: ours }, { mode: 'final' });
    expect(again.selected).toBe(0);
    expect(again.started).toBe(0);
  });
});

describe('daily summary after the passes', () => {
  it("totals equal an independent sum of the simulator's seats at each showtime's last capture", async () => {
    const result = await runSummary({ store: w.store, clock: w.sim.clock, log: w.log }, { date: w.sim.data.date });
    let audience = 0;
    let seats = 0;
    for (const [id, at] of lastCapture) {
      const t = w.sim.seatTruth(id, at)!;
      audience += t.unavailable;
      seats += t.total;
    }
    expect(result.day.summary.showtime_count).toBe(lastCapture.size);
    expect(result.day.summary.total_audience).toBe(audience);
    expect(result.day.summary.total_seats).toBe(seats);
    const rest = (await readRestDocument(emulatorHost(), w.project, `daily_summaries/${w.sim.data.date}`))!;
    expect(int(rest.total_audience)).toBe(audience);
    expect(rest.occupancy_pct).toHaveProperty('doubleValue');
  });
});
