/**
 * `npm run demo -- --days N`: days of the simulator's season one after the other, pinned, so two
 * runs with the same seed write the same figures; each day's admissions are the simulator's truth at
 * the instant of each show's JIT reading.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DemoClock, jitTicks, mergeRecords } from '../scripts/demo/days.js';
import { parseDemoArgs, runDemo, runLines } from '../scripts/demo.js';
import type { StepRecord } from '../scripts/pipeline/outcome.js';
import { FileStore } from '../shared/store/file-store.js';
import { createWorld, truthOf } from '../scripts/tix-sim/world.js';

const MIN = 60_000;

describe('demo days, pure parts', () => {
  it('JIT ticks every 30 minutes put every show in exactly one pass window, and no pass is empty', () => {
    const from = Date.parse('2026-03-02T06:00:00+07:00');
    const starts = [
      from + 95 * MIN,
      from + 120 * MIN,
      from + 121 * MIN,
      from + 600 * MIN,
      from - 10 * MIN,
      from + 30 * MIN,
    ];
    const ticks = jitTicks(starts, from);
    for (const s of starts.filter((x) => x > from))
      expect(
        ticks.filter((t) => t < s && s <= t + 30 * MIN),
        String(s),
      ).toHaveLength(1);
    for (const t of ticks) expect(starts.some((s) => t < s && s <= t + 30 * MIN)).toBe(true);
    expect(jitTicks([], from)).toEqual([]);
  });

  it('merges a day of passes into one record: worst status, sums', () => {
    const rec = (status: StepRecord['status'], n: number): StepRecord => ({
      step: 'seats-jit',
      status,
      durationMs: n,
      requests: n,
      retries: 0,
      detail: '',
      counts: { showtimes_success: n },
    });
    const m = mergeRecords('seats-jit', [rec('success', 2), rec('partial', 3)], 'two');
    expect(m).toMatchObject({
      status: 'partial',
      durationMs: 5,
      requests: 5,
      counts: { showtimes_success: 5 },
      detail: 'two',
    });
    expect(mergeRecords('summary', [], 'none').status).toBe('not run');
  });

  it('the pipeline clock runs from each pinned instant; the simulator clock stays on it', async () => {
    let simAt = 0;
    const sim = {
      now: () => new Date(simAt),
      set: (d: Date | string) => void (simAt = new Date(d).getTime()),
      advance: () => {},
    };
    const c = new DemoClock(sim, new Date('2026-03-02T06:00:00+07:00'));
    c.pin(new Date('2026-03-03T06:00:00+07:00'));
    await new Promise((r) => setTimeout(r, 30));
    expect(simAt).toBe(Date.parse('2026-03-03T06:00:00+07:00'));
    expect(c.now().getTime() - simAt).toBeGreaterThanOrEqual(25);
    expect(c.now().getTime() - simAt).toBeLessThan(5_000);
  });

  it('lists up to 30 runs one by one, more by type and status', () => {
    const runs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `r${i}`,
        data: { run_type: i % 2 ? 'seats_jit' : 'movies', status: 'success' },
      }));
    expect(runLines(runs(3))).toHaveLength(3);
    expect(runLines(runs(40))).toEqual(['    20 × movies success', '    20 × seats_jit success']);
  });

  it('parses --days and --seed', () => {
    expect(parseDemoArgs(['--days', '8', '--seed', '5'], {})).toMatchObject({ days: 8, seed: 5 });
    expect(parseDemoArgs([], {})).toMatchObject({ days: 1, seed: 1 });
    expect(() => parseDemoArgs(['--days', '0'], {})).toThrow(/--days/);
  });
});

describe('demo --days 2, twice', () => {
  it(
    'gives the same daily summaries and box office, equal to the simulator’s truth at each reading',
    { timeout: 300_000 },
    async () => {
      const now = '2026-03-06T06:00:00+07:00'; // a Friday, then a Saturday
      const run = async () => {
        const dir = mkdtempSync(join(tmpdir(), 'cineradar-demo-days-'));
        const lines: string[] = [];
        const o = parseDemoArgs(
          [
            '--preset',
            'tiny',
            '--days',
            '2',
            '--now',
            now,
            '--no-browser',
            '--data-dir',
            join(dir, 'data'),
            '--report',
            join(dir, 'r.html'),
          ],
          {},
        );
        const result = await runDemo(o, { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, (l) => lines.push(l));
        expect(result.exitCode, lines.join('\n')).toBe(0);
        // The simulator's clock moved only when the demo pinned it: it ends exactly on the last pin (the summary at 23:59 WIB).
        expect(result.simulatorClock).toBe('2026-03-07T16:59:00.000Z');
        const store = new FileStore({ dataDir: join(dir, 'data') });
        const docs = async (c: string): Promise<Record<string, unknown>[]> =>
          (await store.list(c)).map((d) => ({ id: d.id, ...withoutInstants(d.data) }));
        const out = {
          summaries: await docs('daily_summaries'),
          boxOffice: await docs('box_office'),
          text: lines.join('\n'),
        };
        await store.close();
        return out;
      };
      const a = await run();
      const b = await run();
      expect(a.summaries.map((s) => s.id)).toEqual(['2026-03-06', '2026-03-07']);
      expect(b.summaries).toEqual(a.summaries);
      expect(b.boxOffice).toEqual(a.boxOffice);
      expect(a.text).toMatch(
        /Pinned: the clock at 2026-03-05T23:00:00\.000Z and at the same time on each following day .*seed 1/,
      );
      expect(a.text).toMatch(/2026-03-07: [\d,]+ admissions of [\d,]+ seats; vs the day before \+\d/);

      // Each day's admissions are the truth at each show's JIT reading (the pass at the last 30-minute tick before its start).
      const world = createWorld({ preset: 'tiny', seed: 1 });
      for (const [i, date] of ['2026-03-06', '2026-03-07'].entries()) {
        const morning = Date.parse(now) + i * 86_400_000;
        const shows = world.dayOf(date).day.showtimes;
        const ticks = jitTicks(
          shows.map((s) => Date.parse(s.startsAt)),
          morning,
        );
        let expected = 0;
        for (const s of shows) {
          const start = Date.parse(s.startsAt);
          const tick = ticks.find((t) => t < start && start <= t + 30 * MIN)!;
          expected += truthOf(world, s.id, new Date(tick))!.unavailable;
        }
        expect(a.summaries[i]!.total_audience, date).toBe(expected);
      }
      // A Saturday sells more than a Friday.
      expect(Number(a.summaries[1]!.total_audience)).toBeGreaterThan(Number(a.summaries[0]!.total_audience));
    },
  );
});

/** A document without the instants it was written at (generated_at, computed_at, …): those follow the wall clock. */
function withoutInstants(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) continue;
    out[k] = v;
  }
  return out;
}
