/**
 * The nowcast end to end against the Firestore emulator and the simulator over HTTP (tiny preset,
 * two days): each day scraped, read at 06:00 and by hourly JIT passes; day 1 summarised (its
 * walk-up cells land in box_office); on day 2 `npm run nowcast -- --at 12:00` (the command's own
 * process) writes box_office_nowcast/{D2}_1200 and a run record naming its fallbacks; day 2's
 * summary scores it against the measured box office. A day without schedules is refused: exit 1,
 * reason named, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysToDate, localToInstant } from '../../shared/clock.js';
import { runSeatPass } from '../../scrapers/seats/scrape.js';
import { openDataset } from '../../scripts/dataset/open.js';
import { exportDays } from '../../scripts/dataset/export.js';
import { latestNowcast, loadErrorHistory } from '../../scripts/nowcast/page.js';
import { runSummary, type SummaryResult } from '../../scripts/summary/run.js';
import { emulatorHost, readRestDocument } from '../helpers/firestore.js';
import { openSeatsWorld, scrapeDay, type SeatsWorld } from '../seats/world.js';

const ROOT = join(import.meta.dirname, '..', '..');
const D1 = '2026-03-02';
const D2 = addDaysToDate(D1, 1);
const wib = (d: string, hhmm: string) => localToInstant(d, hhmm, 'Asia/Jakarta');
let w: SeatsWorld;
let summary2: SummaryResult;

/** The morning pass, then JIT passes every hour (window 60 min) from 08:00 until `until` (HH:MM). */
async function readDay(date: string, from: string, until: string): Promise<void> {
  const deps = () => ({ store: w.store, client: w.client, clock: w.sim.clock, log: w.log });
  if (from === '06:00') {
    w.sim.clock.set(wib(date, '06:00'));
    await scrapeDay(w);
    const m = await runSeatPass(deps(), { mode: 'morning', workers: 16 });
    if (m.failed) throw new Error(`${date}: morning pass failed`);
  }
  for (let h = Math.max(8, Number(from.slice(0, 2))); h < Number(until.slice(0, 2)); h++) {
    w.sim.clock.set(wib(date, `${String(h).padStart(2, '0')}:00`));
    const j = await runSeatPass(deps(), { mode: 'jit', windowMinutes: 60 });
    if (j.failed) throw new Error(`${date} ${h}:00: JIT pass failed`);
  }
}

function nowcastCli(args: string[], now: string) {
  return spawnSync('npx', ['tsx', 'scripts/nowcast.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      FIRESTORE_EMULATOR_HOST: emulatorHost(),
      FIREBASE_PROJECT_ID: w.project,
      CINERADAR_STORE: 'firestore',
      CINERADAR_NOW: now,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
  });
}

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'nowcast', preset: 'tiny', now: wib(D1, '06:00').toISOString() });
  await readDay(D1, '06:00', '24:00');
  w.sim.clock.set(wib(D2, '00:05'));
  const s1 = await runSummary({ store: w.store, clock: w.sim.clock, log: w.log }, { date: D1 });
  if (s1.run.status !== 'success') throw new Error(`summary ${D1}: ${s1.run.status}`);
  await readDay(D2, '06:00', '12:00');
}, 600_000);
afterAll(async () => {
  await w?.close();
});

describe('npm run nowcast against the emulator', () => {
  let cli: ReturnType<typeof nowcastCli>;

  it('writes box_office_nowcast/{date}_1200 with Doubles, exit 0, and records the run with its fallbacks', async () => {
    cli = nowcastCli(['--date', D2, '--at', '12:00'], wib(D2, '12:00').toISOString());
    expect(cli.status, cli.stderr + cli.stdout).toBe(0);
    const doc = await w.store.get(`box_office_nowcast/${D2}_1200`);
    expect(doc).toBeDefined();
    expect(doc!.at_local).toBe('12:00');
    expect(doc!.history).toMatchObject({ days: 1, from: D1, to: D1 });
    const totals = doc!.totals as {
      admissions: { point: number; low: number; high: number };
      admissions_measured: number;
      shows_measured: number;
    };
    expect(totals.shows_measured).toBeGreaterThan(0);
    expect(totals.admissions.point).toBeGreaterThan(totals.admissions_measured);
    expect(totals.admissions.low).toBeLessThanOrEqual(totals.admissions.point);
    expect(totals.admissions.high).toBeGreaterThanOrEqual(totals.admissions.point);
    // one day of history is short, and it says so
    const kinds = (doc!.fallbacks as { kind: string }[]).map((f) => f.kind);
    expect(kinds).toContain('short_history');
    const rest = await readRestDocument(emulatorHost(), w.project, `box_office_nowcast/${D2}_1200`);
    const restTotals = (
      rest!.totals as { mapValue: { fields: Record<string, { mapValue: { fields: Record<string, unknown> } }> } }
    ).mapValue.fields;
    expect(restTotals.admissions!.mapValue.fields.sd).toHaveProperty('doubleValue');
    // the run record: run_log only (the admin's Scraper Monitor rows stay scrapes)
    const runs = await w.store.list('run_log', { where: { run_type: 'nowcast' } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.data.fallbacks).toEqual(expect.arrayContaining(['short_history:walkup_cells']));
    const monitor = await w.store.list('scraper_runs', { where: { run_type: 'nowcast' } });
    expect(monitor).toHaveLength(0);
  });

  it("the night's summary scores it against the measured box office", async () => {
    await readDay(D2, '12:00', '24:00');
    w.sim.clock.set(wib(addDaysToDate(D2, 1), '00:05'));
    summary2 = await runSummary({ store: w.store, clock: w.sim.clock, log: w.log }, { date: D2 });
    expect(summary2.run.status).toBe('success');
    const bo = await w.store.get(`box_office/${D2}`);
    const scored = (
      bo!.nowcast as {
        nowcasts: {
          nowcast_id: string;
          total: { measured: number; ape: number | null; held: boolean };
          movies: { movie_id: string; measured: number }[];
        }[];
      }
    ).nowcasts;
    expect(scored.map((n) => n.nowcast_id)).toEqual([`${D2}_1200`]);
    expect(scored[0]!.total.measured).toBe(summary2.boxOffice.totals.admissions);
    expect(scored[0]!.total.ape).toBeTypeOf('number');
    for (const m of summary2.boxOffice.movies)
      expect(scored[0]!.movies.find((r) => r.movie_id === m.movie_id)?.measured).toBe(m.admissions);
    expect(Array.isArray(bo!.walkup_cells)).toBe(true);
    expect(summary2.run.document.nowcasts_scored).toHaveLength(1);
    // what the report's pages read (page.ts): the day's latest nowcast and the period's error history
    const latest = await latestNowcast(w.store, D2);
    expect(latest.nowcast?.at_local).toBe('12:00');
    const history = await loadErrorHistory(w.store, D1, D2);
    expect(history.rows.map((r) => r.nowcast_id)).toEqual([`${D2}_1200`]);
    expect(history.rows[0]!.total_ape).toBe(scored[0]!.total.ape);
  });

  it("the dataset's nowcasts table: one row per movie and nowcast, the scores as stored", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nowcast-dataset-'));
    try {
      await exportDays(
        { store: w.store, log: w.log },
        { days: [D2], dir, source: 'store', archiveDir: join(dir, 'none') },
      );
      const ds = await openDataset(dir);
      const rows = (await ds.rows('SELECT nowcast_id, movie_id, measured, held FROM nowcasts ORDER BY movie_id')) as {
        nowcast_id: string;
        movie_id: string;
        measured: number;
        held: boolean;
      }[];
      ds.close();
      const bo = await w.store.get(`box_office/${D2}`);
      const scored = (
        bo!.nowcast as { nowcasts: { movies: { movie_id: string; measured: number; held: boolean }[] }[] }
      ).nowcasts[0]!.movies;
      expect(rows).toEqual(
        [...scored]
          .sort((a, b) => (a.movie_id < b.movie_id ? -1 : 1))
          .map((m) => ({ nowcast_id: `${D2}_1200`, movie_id: m.movie_id, measured: m.measured, held: m.held })),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a day without schedules is refused: exit 1, the reason named, nothing written', async () => {
    const D3 = addDaysToDate(D2, 1);
    const r = nowcastCli(['--date', D3, '--at', '12:00'], wib(D3, '12:00').toISOString());
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('no_shows');
    expect(await w.store.get(`box_office_nowcast/${D3}_1200`)).toBeUndefined();
  });
});
