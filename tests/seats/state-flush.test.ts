/**
 * The seat state saved in the middle of a pass (every `stateFlushEvery` snapshot writes) must not
 * lose what workers noted while that save was in flight: a JIT pass's "read by JIT" flags that go
 * missing make the next JIT pass read (and perhaps write) those shows again.
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

describe('seat state saved during a pass', () => {
  it('keeps the flags noted while a mid-pass save was in flight', async () => {
    // A JIT window holding several shows.
    const shows = w.sim.data.showtimes;
    const window = 60;
    const inWindow = (at: number) => shows.filter((s) => Date.parse(s.startsAt) > at && Date.parse(s.startsAt) <= at + window * 60_000);
    const at = shows.map((s) => Date.parse(s.startsAt) - window * 60_000).find((t) => t > Date.parse(MORNING) && inWindow(t).length >= 4)!;
    expect(at).toBeDefined();
    w.sim.clock.set(new Date(at));
    const due = inWindow(at);

    // Layouts answered so far, and a way to wait until every due show has been read.
    let read = 0;
    let allRead!: () => void;
    const everyLayoutRead = new Promise<void>((resolve) => (allRead = resolve));
    const client: Pick<TixClient, 'layout' | 'stats'> = {
      stats: () => w.client.stats(),
      layout: async (merchant, id) => {
        const layout = await w.client.layout(merchant, id);
        if (++read === due.length) allRead();
        return layout;
      },
    };
    // The first state save finishes only after every worker has read its show (and noted it).
    let saves = 0;
    const store: Store = Object.create(w.store) as Store;
    store.transaction = async (path, fn) => {
      const result = await w.store.transaction(path, fn);
      if (path.startsWith('seat_state/') && saves++ === 0) await everyLayoutRead;
      return result;
    };

    const first = await runSeatPass(
      { store, client, clock: w.sim.clock, log: w.log },
      { mode: 'jit', windowMinutes: window, workers: 2, writeChunk: 1, stateFlushEvery: 1 },
    );
    expect(first.failed).toBe(0);
    expect(new Set(first.selectedIds)).toEqual(new Set(due.map((s) => s.id)));
    expect(saves).toBeGreaterThanOrEqual(2);

    // Every show was read by this JIT pass: the next one at the same now reads none again.
    const again = await runSeatPass({ store: w.store, client: w.client, clock: w.sim.clock, log: w.log }, { mode: 'jit', windowMinutes: window });
    expect(again.selectedIds).toEqual([]);
  });
});
