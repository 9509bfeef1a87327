/**
 * An access token revoked in the middle of a seat pass: the layouts in flight get 401, the token
 * manager refreshes once (one call to /v1/users/refresh), and the pass completes without a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import type { TixClient } from '../../shared/tix/client.js';
import { openSeatsWorld, scrapeDay, type SeatsWorld } from './world.js';

let w: SeatsWorld;

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'seats-token', preset: 'tiny', now: '2026-01-19T06:00:00.000Z', concurrency: 8 });
  await scrapeDay(w);
}, 60_000);
afterAll(async () => {
  await w?.close();
});

describe('token revoked mid-pass', () => {
  it('is refreshed once and the pass completes', async () => {
    const refreshesBefore = w.manager.stats().refreshes;
    w.sim.resetStats();
    let calls = 0;
    let revokedAt = -1;
    const client: Pick<TixClient, 'layout' | 'stats' | 'requests'> = {
      async layout(merchant, id) {
        calls++;
        if (calls === 25) {
          // Every access token issued so far answers 401 from now on (the simulator's fault switch).
          w.sim.faults.set({ revokeAccess: true });
          revokedAt = calls;
        }
        return w.client.layout(merchant, id);
      },
      stats: () => w.client.stats(),
      requests: () => w.client.requests(),
    };
    const r = await runSeatPass({ store: w.store, client, clock: w.sim.clock, log: w.log }, { mode: 'morning' });

    expect(revokedAt).toBe(25);
    expect(r.selected).toBeGreaterThan(50);
    expect(r.failed).toBe(0);
    expect(r.success).toBe(r.selected);
    expect(r.written).toBe(r.selected);
    expect(r.run.status).toBe('success');
    expect(w.manager.stats().refreshes - refreshesBefore).toBe(1);
    const stats = w.sim.stats();
    expect(stats.refreshes).toBe(1);
    // Some layouts were really refused with 401 before the refresh …
    expect(stats.byEndpointStatus.layout?.['401'] ?? 0).toBeGreaterThan(0);
    // … and every showtime still got its 200.
    expect(stats.byEndpointStatus.layout?.['200']).toBe(r.selected);
  });
});
