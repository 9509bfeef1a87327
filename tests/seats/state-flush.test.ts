/**
 * The day's slot documents saved in the middle of a pass (every `writeChunk` readings) must not
 * lose what workers read while that save was in flight: a JIT reading that goes missing from the
 * slots makes the next JIT pass read (and write) that show again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import type { Store } from '../../shared/store/store.js';
import type { TixClient } from '../../shared/tix/client.js';
import { openSeatsWorld, scrapeDay, type SeatsWorld } from './world.js';

const MORNING = '2026-01-19T06:00:00.000Z';

let w: SeatsWorld;
beforeAll(async () => {
  w = await openSeatsWorld({ name: 'seats-state-flush', preset: 'tiny', now: MORNING });
  await scrapeDay(w);
}, 60_000);
afterAll(async () => {
  await w?.close();
});

describe('slot documents saved during a pass', () => {
  it('keeps the readings queued while a mid-pass save was in flight', async () => {
    // A JIT window holding several shows.
    const shows = w.sim.data.showtimes;
    const window = 60;
    const inWindow = (at: number) =>
      shows.filter((s) => Date.parse(s.startsAt) > at && Date.parse(s.startsAt) <= at + window * 60_000);
    const mixed = (t: number) => {
      const d = inWindow(t);
      return (
        d.filter((s) => s.zone === 'Asia/Jakarta').length >= 2 && d.filter((s) => s.zone !== 'Asia/Jakarta').length >= 2
      );
    };
    const at = shows
      .map((s) => Date.parse(s.startsAt) - window * 60_000)
      .find((t) => t > Date.parse(MORNING) && mixed(t))!;
    expect(at).toBeDefined();
    w.sim.clock.set(new Date(at));
    const due = inWindow(at);
    // Jakarta's shows were just read by a morning pass: the JIT pass finds them unchanged since the
    // morning (and writes them all the same).
    await runSeatPass(
      { store: w.store, client: w.client, clock: w.sim.clock, log: w.log },
      { mode: 'morning', cities: ['JAKARTA'] },
    );

    // Layouts answered so far, and a way to wait until every due show has been read.
    let read = 0;
    let allRead!: () => void;
    const everyLayoutRead = new Promise<void>((resolve) => (allRead = resolve));
    const client: Pick<TixClient, 'layout' | 'stats' | 'requests'> = {
      stats: () => w.client.stats(),
      requests: () => w.client.requests(),
      layout: async (merchant, id) => {
        const layout = await w.client.layout(merchant, id);
        if (++read === due.length) allRead();
        return layout;
      },
    };
    // The first slot save finishes only after every worker has read its show (and queued it).
    let saves = 0;
    const store: Store = Object.create(w.store) as Store;
    store.transaction = async (path, fn) => {
      const result = await w.store.transaction(path, fn);
      if (path.startsWith('seat_days/') && saves++ === 0) await everyLayoutRead;
      return result;
    };

    const first = await runSeatPass(
      { store, client, clock: w.sim.clock, log: w.log },
      { mode: 'jit', windowMinutes: window, workers: 2, writeChunk: 1 },
    );
    expect(first.failed).toBe(0);
    expect(new Set(first.selectedIds)).toEqual(new Set(due.map((s) => s.id)));
    expect(first.unchanged).toBe(due.filter((s) => s.zone === 'Asia/Jakarta').length);
    expect(saves).toBeGreaterThanOrEqual(2);

    // Every show was read by this JIT pass: the next one at the same now reads none again.
    const again = await runSeatPass(
      { store: w.store, client: w.client, clock: w.sim.clock, log: w.log },
      { mode: 'jit', windowMinutes: window },
    );
    expect(again.selectedIds).toEqual([]);
  });
});

describe('a snapshot whose write failed', () => {
  it('is read again by the next JIT pass (not marked as read by JIT)', async () => {
    const shows = w.sim.data.showtimes;
    const window = 30;
    const inWindow = (at: number) =>
      shows.filter((s) => Date.parse(s.startsAt) > at && Date.parse(s.startsAt) <= at + window * 60_000);
    // A later window than the first test's, so none of its shows was read by JIT yet.
    const at = shows
      .map((s) => Date.parse(s.startsAt) - window * 60_000)
      .filter((t) => t > w.sim.clock.now().getTime() + 3 * 3_600_000)
      .find((t) => inWindow(t).length >= 2)!;
    expect(at).toBeDefined();
    w.sim.clock.set(new Date(at));
    const due = inWindow(at).map((s) => s.id);

    // Every snapshot write of this pass fails (the store refuses them); the bookkeeping works.
    const store: Store = Object.create(w.store) as Store;
    store.writeMany = async (writes) => {
      const snaps = writes.filter((x) => x.path.startsWith('seat_snapshots/'));
      const rest = await w.store.writeMany(writes.filter((x) => !x.path.startsWith('seat_snapshots/')));
      return {
        ...rest,
        failed: [...rest.failed, ...snaps.map((x) => ({ path: x.path, error: 'refused by the test' }))],
      };
    };
    const failedPass = await runSeatPass(
      { store, client: w.client, clock: w.sim.clock, log: w.log },
      { mode: 'jit', windowMinutes: window },
    );
    expect(new Set(failedPass.selectedIds)).toEqual(new Set(due));
    expect(failedPass.written).toBe(0);
    expect(failedPass.run.status).toBe('failed'); // every reading of the pass unstored: more than the 10% a partial may miss

    // The next JIT pass (the store works again) reads and writes them.
    const retry = await runSeatPass(
      { store: w.store, client: w.client, clock: w.sim.clock, log: w.log },
      { mode: 'jit', windowMinutes: window },
    );
    expect(new Set(retry.selectedIds)).toEqual(new Set(due));
    expect(retry.written).toBe(due.length);
  });
});
