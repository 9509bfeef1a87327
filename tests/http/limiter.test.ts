import { describe, expect, it } from 'vitest';
import { Limiter, processLimiter } from '../../shared/http/limiter.js';
import { FakeTimers, flush } from './fake-timers.js';

/** Start `n` tasks that each hold their slot until released by the test; record start times. */
function startTasks(l: Limiter, timers: FakeTimers, n: number) {
  const starts: number[] = [];
  const releases: Array<() => void> = [];
  const done = Array.from({ length: n }, (_, i) =>
    l.acquire().then((release) => {
      starts[i] = timers.now();
      releases[i] = release;
    }),
  );
  return { starts, releases, done };
}

describe('Limiter (fake clock)', () => {
  it('spaces starts evenly at 1000/rps ms, never two in one interval', async () => {
    const timers = new FakeTimers();
    const l = new Limiter({ rps: 10, concurrency: 100, timers });
    const { starts, releases } = startTasks(l, timers, 25);
    await timers.advance(3000);
    expect(starts).toHaveLength(25);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(100);
    // and it does not dawdle: the 25th starts at 2.4 s exactly
    expect(starts[24]).toBe(2400);
    // no half-open one-second window holds more than rps starts
    for (const s of starts) expect(starts.filter((t) => t >= s && t < s + 1000).length).toBeLessThanOrEqual(10);
    releases.forEach((r) => r());
  });

  it('keeps the configured rate when every timer fires late (no drift), and never more than rps in a second', async () => {
    // Real timers fire a millisecond or two late; spacing measured from the actual starts lost that
    // much per start (≈ 5% at 50 req/s: the bench's seats morning ran at 0.95 of the bound).
    class LateTimers extends FakeTimers {
      override setTimeout(fn: () => void, ms: number): unknown {
        return super.setTimeout(fn, ms + 2);
      }
    }
    const timers = new LateTimers();
    const l = new Limiter({ rps: 50, concurrency: 1000, timers });
    const { starts, releases } = startTasks(l, timers, 200);
    await timers.advance(6000);
    expect(starts).toHaveLength(200);
    // 199 intervals of 20 ms plus at most one late timer per second (the one-second window rule):
    // 3,988 ms, not 199 × 22 = 4,378 ms as when spacing was measured from each late start
    expect(starts[199]!).toBeLessThanOrEqual(199 * 20 + 4 * 3);
    for (const s of starts) expect(starts.filter((t) => t >= s && t < s + 1000).length).toBeLessThanOrEqual(50);
    releases.forEach((r) => r());
  });

  it('supports fractional rates', async () => {
    const timers = new FakeTimers();
    const l = new Limiter({ rps: 2.5, concurrency: 10, timers });
    const { starts } = startTasks(l, timers, 4);
    await timers.advance(2000);
    expect(starts).toEqual([0, 400, 800, 1200]);
  });

  it('keeps at most `concurrency` in flight and starts the next when one is released', async () => {
    const timers = new FakeTimers();
    const l = new Limiter({ rps: 1000, concurrency: 3, timers });
    const { starts, releases } = startTasks(l, timers, 5);
    await timers.advance(100);
    expect(starts.filter((s) => s !== undefined)).toHaveLength(3);
    expect(l.stats()).toMatchObject({ active: 3, waiting: 2 });
    releases[1]!();
    releases[1]!(); // a second release of the same slot is ignored
    await timers.advance(100);
    expect(starts.filter((s) => s !== undefined)).toHaveLength(4);
    expect(l.stats()).toMatchObject({ active: 3, waiting: 1 });
    releases[0]!();
    await timers.advance(100);
    expect(starts.filter((s) => s !== undefined)).toHaveLength(5);
  });

  it('restarts the grid at the actual start after a concurrency stall, so the missed slots cannot come as a burst', async () => {
    const timers = new FakeTimers();
    const l = new Limiter({ rps: 10, concurrency: 1, timers });
    const a = await l.acquire().then((r) => ({ r, at: timers.now() }));
    const second = l.acquire().then((r) => ({ r, at: timers.now() }));
    // the first request holds its slot for 350 ms; the rate slot of the second passed meanwhile
    await timers.advance(350);
    a.r();
    const b = await second;
    const third = l.acquire().then((r) => ({ r, at: timers.now() }));
    b.r();
    await timers.advance(500);
    const c = await third;
    expect(b.at).toBe(350);
    expect(c.at - b.at).toBe(100);
    c.r();
  });

  it('rejects a waiter whose signal aborts and forgets it', async () => {
    const timers = new FakeTimers();
    const l = new Limiter({ rps: 1, concurrency: 1, timers });
    const first = await l.acquire();
    const ac = new AbortController();
    const waiting = l.acquire(ac.signal);
    const other = l.acquire();
    ac.abort(new Error('breaker open'));
    await expect(waiting).rejects.toThrow('breaker open');
    expect(l.stats().waiting).toBe(1);
    first();
    await timers.advance(1000);
    const r = await other;
    expect(l.stats().active).toBe(1);
    r();
    await flush();
    expect(l.stats()).toMatchObject({ active: 0, waiting: 0, started: 2 });
  });

  it('refuses nonsense limits', () => {
    expect(() => new Limiter({ rps: 0, concurrency: 1 })).toThrow(/rps/);
    expect(() => new Limiter({ rps: 5, concurrency: 0 })).toThrow(/concurrency/);
    expect(() => new Limiter({ rps: 5, concurrency: 1.5 })).toThrow(/concurrency/);
  });

  it('reconfigure refuses nonsense limits too and keeps the ones it had', () => {
    const l = new Limiter({ rps: 5, concurrency: 2 });
    expect(() => l.reconfigure(0, 2)).toThrow(/rps/); // rps 0: every start would wait forever
    expect(() => l.reconfigure(5, 0)).toThrow(/concurrency/);
    expect([l.rps, l.concurrency]).toEqual([5, 2]);
  });

  it('processLimiter is one instance per process, reconfigured by later callers', () => {
    const a = processLimiter(7, 3);
    const b = processLimiter(9, 4);
    expect(b).toBe(a);
    expect([a.rps, a.concurrency]).toEqual([9, 4]);
  });
});
