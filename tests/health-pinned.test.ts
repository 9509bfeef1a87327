/**
 * Health on a day made under a pinned clock (the demo's): the runs record `clock_pinned_at`, and
 * health, run later at real time, judges such a day as of its last run and says so in one line. The
 * same day made with an unpinned clock still fails (JIT passes that stopped running are a problem).
 * File store; the runs are recorded by the real RunRecorder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FixedClock, OffsetClock, systemClock, type Clock } from '../shared/clock.js';
import { createLogger } from '../shared/log.js';
import { RunRecorder } from '../shared/run/recorder.js';
import { FileStore } from '../shared/store/file-store.js';
import type { Store } from '../shared/store/store.js';
import { TOKEN_DOC, tokenDocument } from '../shared/token/manager.js';
import { runHealth } from '../scripts/health/check.js';
import { CITY, jitReading, MOVIE, showtimes, snapshot } from './helpers/health-day.js';

const DATE = '2026-01-19';
const log = createLogger({ level: 'silent', format: 'json' });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A clock that is not pinned (like the system clock) but reads a given instant. */
const unpinned = (c: FixedClock): Clock => ({ now: () => c.now() });

/** One day: the morning job at 06:00 WIB, one JIT pass at 12:40 WIB reading the 13:00 shows; runs recorded with `pinned` or not. */
async function makeDay(pinned: boolean): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'cineradar-health-pinned-'));
  dirs.push(dir);
  const store = new FileStore({ dataDir: dir });
  const snap = snapshot(DATE, 1);
  await store.set(`snapshots/${DATE}`, snap);
  await store.set('snapshots/latest', snap);
  await store.set(`schedules/${DATE}/showtimes/${MOVIE}_${CITY.id}`, showtimes(DATE, 1));
  await store.set(
    TOKEN_DOC,
    tokenDocument({
      token: 'access-token-for-test',
      refreshToken: 'refresh-token-for-test',
      source: 'login',
      phone: '',
      storedAt: new Date('2026-01-18T23:00:00Z'),
    }),
  );
  await store.set('seat_snapshots/9002_jit_1240', jitReading(DATE, '9002', '13:00', '2026-01-19T05:40:00Z'));
  const at = new FixedClock('2026-01-19T06:00:00+07:00');
  const clock = pinned ? at : unpinned(at);
  for (const runType of ['movies', 'schedules'] as const)
    await new RunRecorder({ runType, store, clock, log, date: DATE }).finish({ published: true });
  await new RunRecorder({ runType: 'seats', mode: 'morning', store, clock, log, date: DATE }).finish({
    published: true,
  });
  at.set('2026-01-19T12:40:00+07:00');
  await new RunRecorder({ runType: 'seats', mode: 'jit', store, clock, log, date: DATE }).finish({ published: true });
  return store;
}

/** Health as a user runs it later that day at real time: 21:00 WIB, an unpinned clock. */
const evening = unpinned(new FixedClock('2026-01-19T21:00:00+07:00'));

describe('health on a day made under a pinned clock', () => {
  it('clocks say whether they are pinned, and runs record the pinned instant', async () => {
    expect(systemClock.pinnedAt?.()).toBeUndefined();
    expect(new OffsetClock('2026-01-19T06:00:00+07:00').pinnedAt().toISOString()).toBe('2026-01-18T23:00:00.000Z');
    const store = await makeDay(true);
    const runs = await store.list('run_log', { where: { date: DATE } });
    expect(runs.map((r) => r.data.clock_pinned_at).sort()).toEqual([
      '2026-01-18T23:00:00.000Z',
      '2026-01-18T23:00:00.000Z',
      '2026-01-18T23:00:00.000Z',
      '2026-01-19T05:40:00.000Z',
    ]);
    const real = await makeDay(false);
    expect((await real.list('run_log', { where: { date: DATE } })).every((r) => !('clock_pinned_at' in r.data))).toBe(
      true,
    );
  });

  it('later that day at real time: judged as of its last run, said in one line, exit 0', async () => {
    const store = await makeDay(true);
    const { report, run } = await runHealth({ store, clock: evening, log });
    expect(report.problems).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(report.notes).toEqual([
      'this day was made under a pinned clock (the demo): judged as of 12:40 WIB, the end of its last run; JIT readings counted from its first JIT pass (12:40 WIB)',
    ]);
    expect(report.skipped).toContain(
      'JIT readings: no show started between the first JIT pass (12:40 WIB) and 20 min before 12:40 WIB',
    );
    expect(run.document.judged_as_of).toBe('2026-01-19T05:40:00.000Z');
    // A second health run (health's own runs are not the day's) judges it the same way.
    expect((await runHealth({ store, clock: evening, log })).run.exitCode).toBe(0);
  });

  it('the same day made without a pin still fails at real time: its JIT passes stopped', async () => {
    const store = await makeDay(false);
    const { report, run } = await runHealth({ store, clock: evening, log });
    expect(run.exitCode).toBe(1);
    expect(report.notes).toEqual([]);
    expect(report.problems).toEqual(['4 of 5 shows that started have no JIT reading (more than 10%)']);
  });

  it('the next day, with no run of its own: the truth about today, and a pointer at --date for the pinned day', async () => {
    const store = await makeDay(true);
    const next = unpinned(new FixedClock('2026-01-20T09:00:00+07:00'));
    const { report, run } = await runHealth({ store, clock: next, log });
    expect(run.exitCode).toBe(1);
    expect(report.notes).toEqual([
      `no run made today's data; ${DATE} was made under a pinned clock (the demo): check it with npm run health -- --date ${DATE}`,
    ]);
    expect(report.problems).toContain('snapshots/2026-01-20 is missing: no movies scraped for the day');
    const past = await runHealth({ store, clock: next, log }, { date: DATE });
    expect(past.run.exitCode).toBe(0);
    expect(past.report.notes[0]).toMatch(
      /^this day was made under a pinned clock \(the demo\): judged as of 12:40 WIB/,
    );
  });
});
