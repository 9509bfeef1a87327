/**
 * What a JIT pass reads from the store (the day's reads budget: docs/performance.md), against the
 * TIX.id simulator (tiny preset: JAKARTA WIB, MAKASSAR WITA, JAYAPURA WIT) and the Firestore
 * emulator, counted with the bench's measured store and the run record:
 *
 *  - a pass whose due shows the morning pass stored takes them from the window's slot documents and
 *    reads no showtimes document;
 *  - a show missing from the slots (its city's schedules stored after the morning pass) is read from
 *    its showtimes document, exactly once, and never again by the next pass;
 *  - an index of the first format, or a corrupt one, is rebuilt from the documents, not trusted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMovies } from '../../scrapers/movies/scrape.js';
import { scrapeSchedules } from '../../scrapers/schedules/scrape.js';
import { buildDayIndex, DAY_INDEX_FORMAT, decodeDayIndex, encodeDayIndex } from '../../scrapers/seats/day-index.js';
import { seatIndexPath } from '../../shared/store/paths.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import type { Store } from '../../shared/store/store.js';
import { cityByName } from '../../shared/tix/cities.js';
import { measuredStore, type MeasuredStore } from '../../scripts/bench/measured-store.js';
import type { SimShowtime } from '../../scripts/tix-sim/index.js';
import { openSeatsWorld, type SeatsWorld } from './world.js';

// 13:00 WIB: the morning pass.
const MORNING = '2026-01-19T06:00:00.000Z';
const WINDOW = 30;

let w: SeatsWorld;
let date: string;
let jayapura: string;
beforeAll(async () => {
  w = await openSeatsWorld({ name: 'seats-jit-reads', preset: 'tiny', now: MORNING });
  date = w.sim.data.date;
  jayapura = cityByName('JAYAPURA')!.id;
  const deps = { client: w.client, store: w.store, clock: w.sim.clock, log: w.log };
  await scrapeMovies(deps);
  // JAYAPURA's schedules fail in the morning: its shows are stored later, after the morning pass.
  w.sim.faults.set({ successFalse: { endpoints: ['schedules'], cityIds: [jayapura], code: 'SCHEDULE_DOWN' } });
  await scrapeSchedules(deps);
  w.sim.faults.clear();
  const morning = await runSeatPass(deps, { mode: 'morning' });
  expect(morning.failed).toBe(0);
}, 60_000);
afterAll(async () => {
  await w?.close();
});

/** The store as the pass sees it: counted (the bench's measured store), and every path it read. */
function spied(): { store: Store; measured: MeasuredStore; paths: string[] } {
  const measured = measuredStore(w.store);
  const paths: string[] = [];
  const store: Store = {
    ...measured,
    kind: measured.kind,
    get: (path) => {
      paths.push(path);
      return measured.get(path);
    },
    list: (collection, opts) => {
      paths.push(`${collection}/*`);
      return measured.list(collection, opts);
    },
  };
  return { store, measured, paths };
}

async function jitAt(at: number) {
  w.sim.clock.set(new Date(at));
  const s = spied();
  w.sim.resetStats();
  const r = await runSeatPass(
    { store: s.store, client: w.client, clock: w.sim.clock, log: w.log },
    { mode: 'jit', windowMinutes: WINDOW },
  );
  const showtimesPaths = s.paths.filter((p) => p.startsWith(`schedules/${date}/showtimes/`));
  return { r, reads: s.measured.measure().reads, showtimesPaths, layouts: w.sim.stats().byEndpoint.layout ?? 0 };
}

const dueAt = (at: number, keep: (s: SimShowtime) => boolean = () => true) =>
  w.sim.data.showtimes.filter(
    (s) => Date.parse(s.startsAt) > at && Date.parse(s.startsAt) <= at + WINDOW * 60_000 && keep(s),
  );
const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
const docOf = (s: SimShowtime) => `${s.movieId}_${s.cityId}`;
const storedDocs = async () =>
  (await w.store.list(`schedules/${date}/showtimes`)).map((d) => ({ id: d.id, doc: ShowtimesDoc.parse(d.data) }));

/** A pass instant after `after` whose window holds shows of every zone (of the cities stored). */
function instantWith(
  after: number,
  zones: string[],
  keep: (s: SimShowtime) => boolean = () => true,
  minShows = 1,
): number {
  const morning = Date.parse(MORNING);
  for (const s of [...w.sim.data.showtimes].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const at = Date.parse(s.startsAt) - WINDOW * 60_000;
    if (at <= Math.max(after, morning)) continue;
    const due = dueAt(at, keep);
    if (due.length >= minShows && zones.every((z) => due.some((x) => x.zone === z))) return at;
  }
  throw new Error(`no window after ${new Date(after).toISOString()} holds shows of ${zones.join(', ')}`);
}

let lastPass = 0;

type Docs = Awaited<ReturnType<typeof storedDocs>>;
/** The first format of the index: `{doc_id} {m1},{m2},…`, each document's distinct start minutes. */
const firstFormat = (all: Docs, minutes: (m: number[]) => string) =>
  [...buildDayIndex(date, all)]
    .map(([id, shows]) => `${id} ${minutes([...new Set(shows.map((x) => x.minute))])}`)
    .join('\n');

describe("a JIT pass reads the day index and the window's slots, not the showtimes documents", () => {
  it('with every due show stored by the morning pass: no showtimes document read, every due show read once', async () => {
    // a window of at least four stored shows (the season's tiny day has thin windows early on)
    const at = instantWith(0, ['Asia/Jakarta', 'Asia/Makassar'], (s) => s.cityId !== jayapura, 4);
    const expected = dueAt(at, (s) => s.cityId !== jayapura); // JAYAPURA is not stored yet
    expect(expected.length).toBeGreaterThan(3);
    const { r, reads, showtimesPaths, layouts } = await jitAt(at);
    expect(r.failed).toBe(0);
    expect(r.selectedIds.sort()).toEqual(ids(expected));
    expect(layouts).toBe(expected.length);
    expect(showtimesPaths).toEqual([]);
    expect(r.documentsRead).toBe(0);
    expect(r.run.document.documents_read).toBe(0);
    // The index, the ≤ 2 slots of the window, one transaction per slot written, the run records.
    expect(reads).toBeLessThanOrEqual(1 + 2 + 2 + 4);
    // Snapshots carry the facts the documents would have given (compared with a pass over documents below).
    for (const s of expected) {
      const snap = r.snapshots.get(`seat_snapshots/${s.id}_jit_${s.displayTime.padStart(5, '0').replace(':', '')}`);
      expect(snap, s.id).toMatchObject({
        showtime_id: s.id,
        date,
        movie_id: s.movieId,
        merchant: s.merchant,
        unavailable_seats: w.sim.seatTruth(s.id)!.unavailable,
      });
    }
    lastPass = at;
  });

  it('a show missing from the slots (its city stored after the morning) is read from its document exactly once', async () => {
    // JAYAPURA's schedules are stored now; the schedules scraper deletes the index.
    expect(
      (
        await scrapeSchedules(
          { client: w.client, store: w.store, clock: w.sim.clock, log: w.log },
          { cities: [cityByName('JAYAPURA')!] },
        )
      ).summary.status,
    ).toBe('success');
    expect(await w.store.get(seatIndexPath(date))).toBeUndefined();

    // The next pass rebuilds the index from every document (one list).
    const rebuildAt = instantWith(lastPass + WINDOW * 60_000, ['Asia/Jakarta', 'Asia/Jayapura']);
    const all = await storedDocs();
    const rebuild = await jitAt(rebuildAt);
    expect(rebuild.r.failed).toBe(0);
    expect(rebuild.r.documentsRead).toBe(all.length);
    expect(rebuild.r.selectedIds.sort()).toEqual(ids(dueAt(rebuildAt)));
    const index = await w.store.get(seatIndexPath(date));
    expect(index?.format).toBe(DAY_INDEX_FORMAT);
    expect(decodeDayIndex(index)).toEqual(buildDayIndex(date, all));

    // A later pass: its JAYAPURA shows are in no slot (the morning never saw them); the others are.
    const at = instantWith(rebuildAt + WINDOW * 60_000, ['Asia/Jakarta', 'Asia/Jayapura']);
    const expected = dueAt(at);
    const missing = expected.filter((s) => s.cityId === jayapura);
    expect(missing.length).toBeGreaterThan(0);
    const { r, showtimesPaths, layouts } = await jitAt(at);
    expect(r.failed).toBe(0);
    expect(r.selectedIds.sort()).toEqual(ids(expected));
    expect(new Set(r.selectedIds).size).toBe(r.selectedIds.length);
    expect(layouts).toBe(expected.length);
    const missingDocs = [...new Set(missing.map(docOf))].sort();
    expect(showtimesPaths.sort()).toEqual(missingDocs.map((id) => `schedules/${date}/showtimes/${id}`));
    expect(r.documentsRead).toBe(missingDocs.length);
    expect(r.run.document.documents_read).toBe(missingDocs.length);
    for (const s of missing)
      expect(
        r.snapshots.get(`seat_snapshots/${s.id}_jit_${s.displayTime.padStart(5, '0').replace(':', '')}`)?.city,
      ).toBe('JAYAPURA');

    // The next pass, its window overlapping: the shows just read are in the slots now; none is read again.
    const next = await jitAt(at + 10 * 60_000);
    expect(next.r.failed).toBe(0);
    for (const s of expected) expect(next.r.selectedIds).not.toContain(s.id);
    expect(next.r.selectedIds.sort()).toEqual(ids(dueAt(at + 10 * 60_000).filter((s) => !expected.includes(s))));
    const newMissing = dueAt(at + 10 * 60_000).filter((s) => s.cityId === jayapura && !expected.includes(s));
    expect(next.showtimesPaths.sort()).toEqual(
      [...new Set(newMissing.map(docOf))].sort().map((id) => `schedules/${date}/showtimes/${id}`),
    );
    lastPass = at + 10 * 60_000;
  });

  for (const c of [
    {
      name: 'of the first format (start minutes, no show ids)',
      index: (all: Docs) => ({ entries: firstFormat(all, (m) => m.join(',')) }),
    },
    // Lines without starts parse in either format: only the missing `format` field tells.
    {
      name: 'of the first format whose lines also parse in the current one',
      index: (all: Docs) => ({ entries: firstFormat(all, () => '') }),
    },
    { name: 'corrupt', index: () => ({ format: DAY_INDEX_FORMAT, entries: '1_2 99@x' }) },
    {
      name: "of the current format but hiding the day's shows, with a bad line",
      index: () => ({ format: DAY_INDEX_FORMAT, entries: '1_2 5@600#0123abcd\n1_3 5@60O#0123abcd' }),
    },
    { name: 'of format 2 (show ids, no facts digest)', index: () => ({ format: 2, entries: '1_2 5@600' }) },
  ]) {
    it(`an index ${c.name} is rebuilt from the documents, not trusted`, async () => {
      const all = await storedDocs();
      await w.store.set(seatIndexPath(date), {
        date,
        updated_at: MORNING,
        documents: 1,
        showtimes: 1,
        ...c.index(all),
      });
      const at = instantWith(lastPass + WINDOW * 60_000, ['Asia/Jakarta']);
      const { r } = await jitAt(at);
      expect(r.failed).toBe(0);
      expect(r.documentsRead).toBe(all.length);
      expect(r.selectedIds.sort()).toEqual(ids(dueAt(at)));
      const index = await w.store.get(seatIndexPath(date));
      expect(index).toMatchObject({ format: DAY_INDEX_FORMAT, entries: encodeDayIndex(buildDayIndex(date, all)) });
      lastPass = at;
    });
  }
});
