/**
 * Seat passes against the TIX.id simulator (tiny preset: JAKARTA WIB, MAKASSAR WITA, JAYAPURA WIT)
 * and the Firestore emulator, with the day's schedules written by the real movies and schedules
 * scrapers: morning, a repeat with no change, JIT at a fixed now in each zone, shows that started
 * under our feet, and the summary of the day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, jakartaHHMM, jakartaDate, localToInstant } from '../../shared/clock.js';
import { SeatSnapshotDoc } from '../../shared/store/documents.js';
import { runSeatPass, statePath } from '../../scrapers/seats/scrape.js';
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
  it('writes one snapshot per future showtime, each equal to the simulator\'s seats, every field of the right type', async () => {
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
    for (const s of expected) lastCapture.set(s.id, now);

    const stored = await w.store.list('seat_snapshots', { where: { date: jakartaDate(now) } });
    expect(stored).toHaveLength(expected.length);
    const hhmm = jakartaHHMM(now);
    for (const show of expected) {
      const doc = stored.find((d) => d.id === `${show.id}_morning_${hhmm}`);
      expect(doc, `snapshot of ${show.id}`).toBeDefined();
      const snap = SeatSnapshotDoc.parse(doc!.data);
      const truth = w.sim.seatTruth(show.id)!;
      expect([snap.total_seats, snap.unavailable_seats, snap.available_seats]).toEqual([truth.total, truth.unavailable, truth.available]);
      expect(Math.abs(Number(snap.occupancy_pct) - (truth.unavailable / truth.total) * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
      const theatre = theatreOf(show.theatreId);
      expect(snap).toMatchObject({
        showtime_id: show.id,
        showtime: show.displayTime.padStart(5, '0'),
        movie_id: show.movieId,
        theatre_id: show.theatreId,
        city: cityName(show.cityId),
        merchant: show.merchant,
        room_category: show.category.trim(),
        snapshot_type: 'morning',
      });
      expect(snap.theatre_name).toBe(theatre.name.trim().replace(/\s+/g, ' '));
      const baseTitle = (t: string) => t.replace(/ \(3D\)$/, '');
      expect(baseTitle(snap.movie_title)).toBe(baseTitle(movieOf(show.movieId).title));
      // The drawable layout agrees with the counts.
      const cells = snap.seat_rows!.map((r) => r.seats).join('');
      expect([...cells].filter((c) => c === 'U').length).toBe(truth.unavailable);
      expect([...cells].filter((c) => c === 'A').length).toBe(truth.available);
    }

    // Firestore value types, read back through REST as the admin does (a few of each merchant).
    const host = emulatorHost();
    // occupancy_pct is a doubleValue even when whole (0 early in the day, 100 when sold out)
    const whole = stored.find((d) => Number.isInteger(d.data.occupancy_pct));
    expect(whole, 'a snapshot with a whole percentage').toBeDefined();
    expect((await readRestDocument(host, w.project, whole!.path))!.occupancy_pct).toHaveProperty('doubleValue');
    const sample = ['XXI', 'CGV', 'Cinépolis'].map((m) => expected.find((s) => s.merchant === m)!);
    for (const show of sample) {
      const f = (await readRestDocument(host, w.project, `seat_snapshots/${show.id}_morning_${hhmm}`))!;
      for (const k of ['showtime_id', 'showtime', 'date', 'movie_id', 'movie_title', 'theatre_id', 'theatre_name', 'city', 'merchant', 'room_category', 'snapshot_type', 'scraped_at']) {
        expect(str(f[k]).length, k).toBeGreaterThan(0);
      }
      expect(str(f.scraped_at)).toMatch(/Z$/);
      expect(str(f.merchant)).toBe(show.merchant);
      for (const k of ['total_seats', 'unavailable_seats', 'available_seats']) int(f[k]);
      expect(f.occupancy_pct).toHaveProperty('doubleValue');
      const rows = (f.seat_rows as { arrayValue: { values: { mapValue: { fields: Record<string, RestValue> } }[] } }).arrayValue.values;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        str(row.mapValue.fields.row);
        expect(str(row.mapValue.fields.seats)).toMatch(/^[AU_]+$/);
      }
    }

    // The run record the admin's JIT panel reads.
    const run = (await readRestDocument(host, w.project, r.run.path))!;
    expect(str(run.run_type)).toBe('seats');
    expect(str(run.status)).toBe('success');
    expect(int(run.showtimes_scraped)).toBe(expected.length);
    expect(int(run.showtimes_success)).toBe(expected.length);
    expect(int(run.writes_estimate_day)).toBe(r.estimate.total);
  });

  it('a second pass with nothing changed writes nothing (no snapshot, no state)', async () => {
    const before = await w.store.get(statePath(jakartaDate(w.sim.clock.now())));
    const count = (await w.store.list('seat_snapshots')).length;
    const r = await runSeatPass(deps(), { mode: 'morning' });
    expect(r.selected).toBeGreaterThan(0);
    expect(r.success).toBe(r.selected);
    expect(r.written).toBe(0);
    expect(r.unchanged).toBe(r.selected);
    expect(r.bookkeepingWrites).toBe(0);
    expect((await w.store.list('seat_snapshots')).length).toBe(count);
    expect(await w.store.get(statePath(jakartaDate(w.sim.clock.now())))).toEqual(before);
  });
});

describe('seats jit pass', () => {
  it('picks exactly the showtimes due in each time zone at a fixed now', async () => {
    // A now whose 20-minute window ends exactly on a WIT show and also holds a WITA show.
    const shows = w.sim.data.showtimes;
    const inWindow = (at: number) => shows.filter((s) => Date.parse(s.startsAt) > at && Date.parse(s.startsAt) <= at + 20 * 60_000);
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
    const r = await runSeatPass(deps(), { mode: 'jit' });
    expect(r.failed).toBe(0);
    for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const) {
      const want = expected.filter((s) => s.zone === zone).map((s) => s.id).sort();
      const got = r.selectedIds.filter((id) => byId.get(id)!.zone === zone).sort();
      expect(got, zone).toEqual(want);
      expect(want.length, zone).toBeGreaterThan(0);
    }
    // The show exactly at the window's end is in; the theatre-local time is what decided.
    const edge = expected.find((s) => Date.parse(s.startsAt) === at! + 20 * 60_000 && s.zone === 'Asia/Jayapura')!;
    expect(r.selectedIds).toContain(edge.id);
    expect(localToInstant(w.sim.data.date, edge.displayTime, 'Asia/Jayapura').getTime()).toBe(at! + 20 * 60_000);
    // Read as Jakarta time, the same HH:MM would be two hours later: outside the window.
    expect(localToInstant(w.sim.data.date, edge.displayTime, 'Asia/Jakarta').getTime()).toBeGreaterThan(at! + 20 * 60_000);

    // Only changed readings were written, and each equals the truth at this now.
    expect(r.written + r.unchanged).toBe(expected.length);
    for (const [path, doc] of r.snapshots) {
      expect(path).toBe(`seat_snapshots/${doc.showtime_id}_jit_${jakartaHHMM(new Date(at!))}`);
      expect(doc.unavailable_seats).toBe(w.sim.seatTruth(doc.showtime_id)!.unavailable);
    }
    for (const s of expected) lastCapture.set(s.id, new Date(at!));

    // The next JIT pass (15 minutes later, its window overlapping this one) does not read them again.
    w.sim.clock.set(new Date(at! + 15 * 60_000));
    const next = await runSeatPass(deps(), { mode: 'jit' });
    expect(next.failed).toBe(0);
    for (const s of expected) expect(next.selectedIds).not.toContain(s.id);
    const nextExpected = inWindow(at! + 15 * 60_000).filter((s) => !expected.includes(s));
    expect(new Set(next.selectedIds)).toEqual(new Set(nextExpected.map((s) => s.id)));
    for (const s of nextExpected) lastCapture.set(s.id, new Date(at! + 15 * 60_000));
  });

  it('a show that started under our feet (401 EXPIRED_EVENT_DETAIL) is skipped, not failed, and not asked again', async () => {
    // TIX.id's clock is 5 minutes ahead of ours: a final pass (next 5 minutes by our clock) asks only
    // for shows that have started there.
    const show = w.sim.data.showtimes.find((s) => Date.parse(s.startsAt) > Date.parse(MORNING) + 3_600_000 && s.zone === 'Asia/Makassar')!;
    const start = Date.parse(show.startsAt);
    w.sim.clock.set(new Date(start + 60_000));
    const ours = new FixedClock(new Date(start - 4 * 60_000));
    const startedThere = w.sim.data.showtimes.filter((s) => Date.parse(s.startsAt) > start - 4 * 60_000 && Date.parse(s.startsAt) <= start + 60_000);
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
  it('totals equal an independent sum of the simulator\'s seats at each showtime\'s last capture', async () => {
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
