/**
 * The benchmark: its pure core (efficiency, the day model, targets, the Markdown table) and the
 * baseline's sampling; and (below) a tiny-preset run of the whole bench.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../scripts/bench/run.js';
import { parseBenchArgs } from '../scripts/bench/options.js';
import { generateDay } from '../scripts/tix-sim/data.js';
import { emulatorHost } from './helpers/firestore.js';
import {
  baselineReport,
  busiestJitTick,
  dayBudget,
  retentionDay,
  JIT_HOUR_DOCS,
  efficiency,
  idealMs,
  idealRate,
  markdown,
  phaseReport,
  runnerMinutes,
  targets,
  writesPerDay,
  type BenchOptions,
  type BenchReport,
  type PhaseMeasure,
  type PhaseName,
} from '../scripts/bench/report.js';
import { pickSample } from '../shared/sample.js';
import { JIT_PASSES_PER_DAY } from '../scrapers/seats/budget.js';
import { scheduledRuns, simulateJitDay } from '../scripts/bench/jit-day.js';

const OPTS: BenchOptions = {
  preset: 'national',
  rps: 50,
  concurrency: 16,
  latencyMs: 80,
  jitterMs: 20,
  phases: ['token', 'movies', 'schedules', 'seats-morning', 'seats-jit', 'summary'],
  baselineSample: 100,
  baselinePauseMs: 300,
  mode: 'per-phase',
  now: '2026-01-19T06:00:00+07:00',
  store: 'firestore',
  politeRps: 10,
  jobSetupSeconds: 45,
};

function measure(
  phase: PhaseName,
  requests: number,
  wallMs: number,
  written: number,
  counts: Record<string, number> = {},
): PhaseMeasure {
  return {
    phase,
    status: 'success',
    wallMs,
    endpoints: requests ? { layout: { requests, retries: 2, failures: 0 } } : {},
    latencyMs: requests ? { p50: 81, p95: 99 } : null,
    process: { maxRssMb: 120, cpuSeconds: 3 },
    store: {
      written,
      failed: 0,
      maxBytes: 1000,
      writeMs: 50,
      reads: 0,
      deletes: 0,
      storedDocs: written,
      storedBytes: written * 2000,
    },
    counts,
  };
}

describe('efficiency', () => {
  it('is limited by the rate when concurrency allows more', () => {
    // 16 in flight at 80 ms could do 200/s; the limiter allows 50/s.
    expect(idealRate(50, 16, 80)).toBe(50);
    expect(idealMs(1000, 50, 16, 80)).toBe(20_000);
    expect(efficiency(1000, 25_000, 50, 16, 80)).toBeCloseTo(0.8);
  });
  it('is limited by concurrency ÷ latency when that is lower', () => {
    expect(idealRate(50, 2, 80)).toBe(25);
    expect(efficiency(100, 4000, 50, 2, 80)).toBeCloseTo(1);
  });
  it('is undefined without requests', () => {
    expect(efficiency(0, 1000, 50, 16, 80)).toBeNull();
    const p = phaseReport(measure('summary', 0, 900, 10), null, OPTS);
    expect(p.efficiency).toBeNull();
    expect(p.idealMs).toBeNull();
  });
  it('sums requests and retries over endpoints', () => {
    const m = measure('schedules', 0, 1000, 0);
    m.endpoints = {
      schedule: { requests: 700, retries: 3, failures: 1 },
      auth: { requests: 1, retries: 0, failures: 0 },
    };
    const p = phaseReport(m, null, OPTS);
    expect(p.requests).toBe(701);
    expect(p.retries).toBe(3);
  });
});

describe('baseline', () => {
  it('extrapolates the time per showtime and divides by the measured phase', () => {
    const b = baselineReport({
      sample: 100,
      pauseMs: 300,
      ok: 100,
      failed: 0,
      wallMs: 38_000,
      showtimes: 12_000,
      comparedWithMs: 240_000,
    });
    expect(b.perShowtimeMs).toBe(380);
    expect(b.extrapolatedMs).toBe(380 * 12_000);
    expect(b.speedup).toBeCloseTo((380 * 12_000) / 240_000);
  });
  it('has no speedup without a measured phase', () => {
    expect(
      baselineReport({ sample: 5, pauseMs: 300, ok: 5, failed: 0, wallMs: 2000, showtimes: 50, comparedWithMs: null })
        .speedup,
    ).toBeNull();
  });
  it('samples evenly and deterministically', () => {
    const all = Array.from({ length: 1000 }, (_, i) => i);
    const s = pickSample(all, 100);
    expect(s).toHaveLength(100);
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(10);
    expect(s[99]).toBe(990);
    expect(pickSample(all.slice(0, 5), 100)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the day', () => {
  const phases = [
    phaseReport(measure('token', 2, 200, 0), null, OPTS),
    phaseReport(measure('movies', 84, 2000, 3), null, OPTS),
    phaseReport(measure('schedules', 720, 15_000, 1200), null, OPTS),
    phaseReport(measure('seats-morning', 12_000, 250_000, 12_001), null, OPTS),
    phaseReport(measure('seats-jit', 300, 7000, 154, { showtimes_scraped: 300, snapshots_written: 150 }), null, OPTS),
    phaseReport(measure('summary', 0, 5000, 31), null, OPTS),
  ];
  it("counts morning writes, one JIT document per show plus each pass's measured bookkeeping, no final, and the summary", () => {
    const w = writesPerDay({ phases, showtimes: 12_000 })!;
    expect(w.morning).toBe(0 + 3 + 1200 + 12_001);
    expect(w.jitRuns).toBe(JIT_PASSES_PER_DAY);
    // 12,000 shows read and written once by JIT; the measured pass wrote 2 slot documents for its
    // 300 shows (→ 80 for 12,000) and 2 run records (→ 2 per pass).
    expect(w.jit).toBe(12_000 + 80 + 2 * JIT_PASSES_PER_DAY);
    expect(w.final).toBe(0);
    expect(w.summary).toBe(31);
    expect(w.total).toBe(w.morning + w.jit + w.summary);
  });
  it('the day budget: pipeline reads, deletes of the dated documents, retention days of stored bytes', () => {
    const b = dayBudget({ phases, showtimes: 12_000, theatres: 100, retentionDays: 10, jitCoverage: 0.995 })!;
    expect(b.writes).toBe(writesPerDay({ phases, showtimes: 12_000 })!.total);
    // the measures above read nothing; without a simulated day the passes read no showtimes document
    // (the slots hold every show), only their fixed reads (the measured JIT pass read none);
    // without a measured prune, retention reads every dated document but the snapshots, the count (12) and a sample of 20
    expect(b.retention_reads).toBe(b.deletes - 12_000 + 12 + 20);
    expect(b.reads).toBe(b.retention_reads);
    expect(b.archive_bytes_per_day).toBeNull();
    const simulated = dayBudget({
      phases,
      showtimes: 12_000,
      theatres: 100,
      retentionDays: 10,
      jitCoverage: 1,
      jitDay: { passes: 100, documentReads: 5000 },
    })!;
    expect(simulated.reads).toBe(5000 + simulated.retention_reads);
    // a measured prune: its reads, plus the count aggregation grown from the 600 snapshots it had to 12,000
    const prune = {
      status: 'success',
      wallMs: 1000,
      reads: 900,
      deletes: 2000,
      documents: 2000,
      archiveBytes: 1_000_000,
      snapshotsRebuilt: 600,
    };
    const m = dayBudget({ phases, showtimes: 12_000, theatres: 100, retentionDays: 10, jitCoverage: 1, prune })!;
    // + the whole day's other run records: JIT passes' run_log (−1 in the bench's day) and the 17 hour aggregates (−1)
    expect(m.retention_reads).toBe(900 + 12 - 1 + (JIT_PASSES_PER_DAY - 1) + (JIT_HOUR_DOCS - 1));
    expect(m.archive_bytes_per_day).toBe(Math.round((1_000_000 / 2000) * m.deletes));
    expect(m.notes[0]).toMatch(/prune read 900 documents, rebuilt 600 seat snapshots/);
    expect(retentionDay({ ...prune, status: 'failed', error: 'boom' }, 12_000, 20_000).note).toMatch(
      /model: prune failed: boom/,
    );
    // the day's two nowcasts, measured: their reads and writes join the day's
    const nowcast = { status: '12:00 success, 18:00 success', reads: 1400, writes: 4, wallMs: 2000, runs: 2 };
    const withNowcast = dayBudget({
      phases,
      showtimes: 12_000,
      theatres: 100,
      retentionDays: 10,
      jitCoverage: 0.995,
      nowcast,
    })!;
    expect(withNowcast.reads).toBe(b.reads + 1400);
    expect(withNowcast.writes).toBe(b.writes + 4);
    expect(withNowcast.notes.join('\n')).toMatch(
      /nowcast \(12:00 success, 18:00 success\): 2 runs, 1400 reads and 4 writes in 2\.0 s/,
    );
    // documents the measured phases left (token 0, movies 3, schedules 1,200, morning 12,001, summary 31) + JIT docs and run records − undated
    expect(b.deletes).toBe(3 + 1200 + 12_001 + 31 + 12_000 + JIT_PASSES_PER_DAY + JIT_HOUR_DOCS - 101);
    // 2,000 B per document as measured; a JIT snapshot as large as the measured JIT pass's documents
    expect(b.bytes_per_day).toBe((3 + 1200 + 12_001 + 31) * 2000 + (12_000 + JIT_PASSES_PER_DAY) * 2000);
    expect(b.storage_bytes).toBe(b.bytes_per_day * 10);
    expect(b.jit_coverage).toBe(0.995);
  });
  it('needs the morning phases', () => {
    expect(writesPerDay({ phases: phases.slice(1), showtimes: 12_000 })).toBeNull();
  });
  it('bills runner minutes per job, rounded up', () => {
    const m = runnerMinutes({
      phases,
      rps: 10,
      concurrency: 16,
      latencyMs: 80,
      jobSetupSeconds: 45,
      showtimes: 12_000,
    });
    // Morning: 12,806 requests at 10/s scaled by each phase's efficiency, plus writes and set-up.
    expect(m.morningMinutes).toBeGreaterThanOrEqual(Math.ceil((45 + 12_806 / 10) / 60));
    // A JIT run: each show read once, spread over the day's passes, one request per read.
    expect(m.jitMinutesEach).toBe(Math.ceil((45 + 12_000 / JIT_PASSES_PER_DAY / 10) / 60));
    expect(m.totalMinutes).toBe(m.morningMinutes + m.jitMinutesEach * JIT_PASSES_PER_DAY + m.summaryMinutes);
  });
});

describe('report', () => {
  it('reports targets as met, missed or not applicable, and renders one table row per phase', () => {
    const phases = [
      phaseReport(measure('token', 2, 200, 0), null, OPTS),
      phaseReport(measure('movies', 84, 2000, 3), null, OPTS),
      phaseReport(measure('schedules', 720, 15_000, 1200), null, OPTS),
      phaseReport(measure('seats-morning', 12_000, 244_000, 12_001), null, OPTS, 310),
    ];
    const day = { writes: writesPerDay({ phases, showtimes: 12_000 }), runnerMinutes: [] };
    const budget = dayBudget({ phases, showtimes: 12_000, theatres: 494, retentionDays: 14, jitCoverage: null });
    const t = targets({ phases, options: OPTS, day, day_budget: budget });
    const byName = Object.fromEntries(t.map((x) => [x.name.split(' (')[0], x]));
    expect(byName['seats morning efficiency']!.met).toBe(true); // 240 s ideal / 244 s = 0.984
    expect(byName['daily pipeline within 10% of ideal']!.met).toBeNull(); // not at TIX_RPS=20
    expect(byName['peak RSS of a scraper process']!.met).toBe(false); // VmHWM 310 MB
    expect(byName['Firestore writes per day']!.met).toBe(false); // 13,204 morning (one document per show) + 12,404 JIT
    // retention reads every dated document but the snapshots: here 12,000+ morning documents (one per show)
    expect(byName['Firestore reads per day by the pipeline']!.met).toBe(false);
    expect(budget!.retention_reads).toBeGreaterThan(12_000);
    expect(byName['JIT coverage']!.met).toBeNull(); // not simulated here
    const report: BenchReport = {
      version: 1,
      startedAt: '2026-01-19T00:00:00.000Z',
      finishedAt: '2026-01-19T00:05:00.000Z',
      machine: { cpus: 2, cpuModel: 'x', memoryGb: 24, node: 'v20', platform: 'linux' },
      options: OPTS,
      simulator: { cities: 83, movies: 30, theatres: 494, showtimes: 12_300, futureShowtimes: 12_000 },
      phases,
      baseline: null,
      day,
      day_budget: budget,
      targets: t,
      totalWallMs: 300_000,
    };
    const md = markdown(report);
    const phaseRows = md.split('\n').filter((l) => /^\| (token|movies|schedules|seats-morning) \|/.test(l));
    expect(phaseRows).toHaveLength(4);
    expect(md).toContain('| seats-morning | success | 12,000 (layout 12000)');
    expect(md).toContain('**no**');
    expect(md).toMatch(/\| writes \| 25,608 \| 15,000 \| 20,000 \| 128% \|/);
  });
});

describe('the JIT day under cron faults', () => {
  const date = '2026-01-19';
  const base = Date.parse('2026-01-19T01:00:00Z'); // 08:00 WIB
  // a show every minute from 08:00 to 23:00 WIB
  const starts = Array.from({ length: 15 * 60 }, (_, i) => base + i * 60_000);
  const cost = { jobSetupSeconds: 45, secondsPerShow: 0.05, passFixedSeconds: 5 };
  it("runs the workflow's cron: every 10 minutes, 07:06–23:56 WIB", () => {
    const runs = scheduledRuns(date);
    expect(runs).toHaveLength(JIT_PASSES_PER_DAY);
    expect(new Date(runs[0]!).toISOString()).toBe('2026-01-19T00:06:00.000Z');
    expect(new Date(runs.at(-1)!).toISOString()).toBe('2026-01-19T16:56:00.000Z');
  });
  it('on a punctual day reads every show once, 30–0 minutes before its start', () => {
    const d = simulateJitDay({ date, starts, ...cost, faults: { lateShare: 0, dropShare: 0 } });
    expect(d).toMatchObject({
      shows: starts.length,
      coverage: 1,
      uncovered: 0,
      readTwice: 0,
      droppedRuns: 0,
      lateRuns: 0,
    });
    expect(d.runnerMinutes).toBe(JIT_PASSES_PER_DAY); // each job well under a minute
  });
  it('a 20-minute window every 15 minutes (the old schedule) misses shows under the fault model; ours does not', () => {
    for (const seed of [1, 2, 3]) {
      const faults = { seed };
      const old = simulateJitDay({ date, starts, ...cost, windowMinutes: 20, cronMinutes: [0, 15, 30, 45], faults });
      const ours = simulateJitDay({ date, starts, ...cost, faults });
      expect(old.coverage).toBeLessThan(0.95);
      expect(ours.coverage).toBeGreaterThanOrEqual(0.99);
      expect(ours.readTwice).toBe(0);
      expect(ours.droppedRuns + ours.lateRuns).toBeGreaterThan(10);
    }
  });
  it('reads a showtimes document only for a due show the slots lack, once, by the first pass that reads the show', () => {
    const docs = starts.map((_, i) => `${i % 10}_1`); // ten documents, a show each minute in turn
    const punctual = { lateShare: 0, dropShare: 0 };
    const all = simulateJitDay({ date, starts, docs, ...cost, faults: punctual });
    expect(all.documentReads).toBe(0); // the morning stored every show
    // every window of a full hour holds shows of all ten documents: what each pass read before
    expect(all.documentReadsWithoutSlots).toBeGreaterThanOrEqual(10 * 85);
    // one show in 50 not stored by the morning (50 minutes apart: one a pass at most)
    const inSlots = starts.map((_, i) => i % 50 !== 0);
    const some = simulateJitDay({ date, starts, docs, inSlots, ...cost, faults: punctual });
    expect(some.documentReads).toBe(starts.length / 50);
    expect(some.documentReadsWithoutSlots).toBe(all.documentReadsWithoutSlots);
    // late and dropped runs change nothing: a pass that reads the show stores it in its slot
    expect(simulateJitDay({ date, starts, docs, inSlots, ...cost }).documentReads).toBe(starts.length / 50);
  });
  it('drops every run: nothing is read', () => {
    expect(simulateJitDay({ date, starts, ...cost, faults: { dropShare: 1 } }).coverage).toBe(0);
  });
});

describe('the JIT instant', () => {
  const t0 = Date.parse('2026-01-19T03:00:00Z');
  const min = 60_000;
  it('picks the 15-minute tick whose 20-minute window holds most starts', () => {
    const starts = [t0 + 10 * min, t0 + 62 * min, t0 + 64 * min, t0 + 70 * min, t0 + 200 * min];
    // Tick 03:45 holds 03:47–04:05 → 62, 64 (70 is after 04:05); tick 04:00 holds 04:02–04:20 → 62, 64, 70.
    expect(busiestJitTick(starts, t0, 20, 15)).toEqual({ at: t0 + 60 * min, count: 3 });
    expect(busiestJitTick(starts, t0 + 300 * min, 20, 15)).toBeUndefined();
  });
  it('never counts a show starting at the tick itself (it has started)', () => {
    expect(busiestJitTick([t0 + 15 * min], t0, 20, 15)).toEqual({ at: t0, count: 1 });
    expect(busiestJitTick([t0 + 15 * min], t0 + 1, 20, 15)).toBeUndefined();
  });
});

describe('options', () => {
  it('takes TIX_RPS and TIX_CONCURRENCY from the environment, flags over them', () => {
    const o = parseBenchArgs([], { TIX_RPS: '20' }, new Date('2026-03-02T01:00:00Z'));
    expect(o).toMatchObject({ preset: 'national', rps: 20, concurrency: 16, latencyMs: 80, baselineSample: 100 });
    expect(o.now).toBe('2026-03-01T23:00:00.000Z'); // 06:00 WIB of 2 March
    expect(parseBenchArgs(['--rps', '30', '--phases', 'summary,movies'], { TIX_RPS: '20' })).toMatchObject({
      rps: 30,
      phases: ['movies', 'summary'],
    });
    expect(() => parseBenchArgs(['--phases', 'seats'], {})).toThrow(/unknown seats/);
    expect(() => parseBenchArgs(['--rps', '0'], {})).toThrow(/positive/);
  });
});

describe('a tiny bench run', () => {
  it("reports every phase, and its counts match the simulator's day", { timeout: 180_000 }, async () => {
    process.env.FIRESTORE_EMULATOR_HOST = emulatorHost();
    const now = '2026-03-02T06:00:00+07:00';
    const out = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const o = parseBenchArgs(
        [
          '--preset',
          'tiny',
          '--now',
          now,
          '--latency',
          '5',
          '--jitter',
          '0',
          '--rps',
          '200',
          '--baseline',
          '5',
          '--pause',
          '10',
          '--out',
          out,
        ],
        {},
      );
      const { report, markdown: md } = await runBench(o, { write: false, quiet: true });
      const day = generateDay({ preset: 'tiny', seed: 1, date: '2026-03-02' });
      const future = day.showtimes.filter((s) => Date.parse(s.startsAt) > Date.parse(now));

      expect(report.simulator).toMatchObject({
        cities: day.cities.length,
        movies: day.movies.length,
        theatres: day.theatres.length,
        showtimes: day.showtimes.length,
        futureShowtimes: future.length,
      });
      expect(report.phases.map((p) => [p.phase, p.status])).toEqual([
        ['token', 'success'],
        ['movies', 'success'],
        ['schedules', 'success'],
        ['seats-morning', 'success'],
        ['seats-jit', 'success'],
        ['summary', 'success'],
      ]);
      const by = Object.fromEntries(report.phases.map((p) => [p.phase, p]));
      for (const p of report.phases) {
        // What the scraper process counted is what the simulator saw, endpoint by endpoint.
        const client = Object.fromEntries(
          Object.entries(p.endpoints)
            .map(([k, e]) => [k, e.requests])
            .filter(([, n]) => n !== 0),
        );
        expect(p.sim?.byEndpoint ?? {}).toEqual(client);
        expect(p.requests).toBe(p.sim?.requests);
        expect(p.process.maxRssMb).toBeGreaterThan(10);
        expect(p.vmHwmMb).not.toBeNull();
        expect(p.wallMs).toBeGreaterThan(0);
      }
      // One movies request per city; one layout request per show not yet started.
      expect(by.movies!.endpoints.movies!.requests).toBe(day.cities.length);
      expect(by['seats-morning']!.endpoints.layout!.requests).toBe(future.length);
      expect(by['seats-morning']!.counts.readings_stored).toBe(future.length);
      expect(by['seats-morning']!.counts.snapshots_written).toBe(0);
      // the morning readings are in the half-hour slot documents, a few writes, not one per show
      expect(by['seats-morning']!.store.written).toBeLessThan(future.length / 2);
      expect(by['seats-morning']!.efficiency).not.toBeNull();
      // The schedules phase pages through every movie × city pair.
      expect(by.schedules!.endpoints.schedules!.requests).toBeGreaterThanOrEqual(day.movieCities.length);
      expect(by.schedules!.counts.showtimes).toBe(day.showtimes.length);
      // The JIT pass read exactly the shows due in the 30 minutes after its tick.
      const jitAt = by['seats-jit']!.counts.showtimes_scraped!;
      const ticks = busiestJitTick(
        day.showtimes.map((s) => Date.parse(s.startsAt)),
        Date.parse(now),
      );
      expect(jitAt).toBe(ticks!.count);
      expect(by.summary!.requests).toBe(0);
      expect(by.summary!.store.written).toBeGreaterThanOrEqual(2);

      expect(report.baseline).toMatchObject({ sample: 5, ok: 5, failed: 0, extrapolatedShowtimes: future.length });
      expect(report.baseline!.speedup).toBeGreaterThan(0);
      const w = report.day.writes!;
      expect(w.total).toBe(w.morning + w.jit + w.summary);
      expect(w.morning).toBe(
        ['token', 'movies', 'schedules', 'seats-morning'].reduce((n, p) => n + by[p]!.store.written, 0),
      );
      expect(report.day.runnerMinutes.map((m) => m.rps)).toContain(o.politeRps);
      expect(report.targets.map((t) => t.name)).toHaveLength(8);
      // the day's two nowcasts (12:00, 18:00 WIB) ran on the summarised day; their writes join the budget
      const nowcastNote = report.day_budget!.notes.find((n) => n.startsWith('nowcast ('));
      const nowcastWrites = Number(/ (\d+) writes in /.exec(nowcastNote ?? '')?.[1]);
      expect(nowcastWrites).toBeGreaterThan(0);
      expect(report.day_budget).toMatchObject({
        writes: w.total + nowcastWrites,
        jit_coverage: report.day.jit!.coverage,
      });
      // retention measured on the day just made: it archived and deleted every dated document, and
      // rebuilt the JIT pass's snapshots from their slots instead of reading them
      expect(report.day_budget!.notes[0]).toMatch(
        new RegExp(`rebuilt ${by['seats-jit']!.counts.snapshots_written} seat snapshots`),
      );
      expect(report.day_budget!.archive_bytes_per_day).toBeGreaterThan(0);
      expect(report.day_budget!.retention_reads).toBeLessThan(report.day_budget!.deletes);
      expect(
        md.split('\n').filter((l) => /^\| (token|movies|schedules|seats-morning|seats-jit|summary) \|/.test(l)),
      ).toHaveLength(6);
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
