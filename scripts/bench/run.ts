/**
 * The benchmark's run (`npm run bench`, scripts/bench/main.ts): the national-scale benchmark. Starts the TIX.id simulator (national preset,
 * 80 ms ± 20 ms latency by default) and the Firestore emulator, runs each phase of the day in a
 * fresh scraper process (scripts/bench/child.ts) so RSS and CPU are the scraper's own, re-enacts
 * the earlier sequential seat strategy on a sample as a baseline, and prints a Markdown table and
 * writes the JSON report to bench/results/<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { jakartaDate } from '../../shared/clock.js';
import { createLogger } from '../../shared/log.js';
import { pickSample } from '../../shared/sample.js';
import { runBaseline } from './baseline.js';
import type { BenchCli } from './options.js';
import { runScraperProcess, type ChildSettings } from './process.js';
import { simulateJitDay } from './jit-day.js';
import {
  baselineReport,
  dayBudget,
  idealRate,
  JIT_WINDOW_MINUTES,
  JIT_WORKFLOW,
  markdown,
  phaseReport,
  runnerMinutes,
  targets,
  writesPerDay,
  type BaselineReport,
  type BenchReport,
  type DatasetMeasure,
  type PhaseMeasure,
  type PhaseName,
  type NowcastMeasure,
  type PruneMeasure,
  type PhaseReport,
} from './report.js';
import { measureNowcast } from './nowcast.js';
import { measurePrune } from './prune.js';
import { datasetMarkdown, measureDataset } from './dataset.js';
import { openBenchWorld, type BenchWorld } from './world.js';

export interface BenchRun {
  report: BenchReport;
  jsonPath: string | undefined;
  markdown: string;
}

function machine(): BenchReport['machine'] {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** Run the bench with parsed options. `write: false` skips the JSON file (tests). */
export async function runBench(o: BenchCli, opts: { write?: boolean; quiet?: boolean } = {}): Promise<BenchRun> {
  const note = opts.quiet ? () => {} : say;
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(o.outDir);
  mkdirSync(outDir, { recursive: true });
  const logPath = join(outDir, `${stamp}-scrapers.log`);
  const t0 = performance.now();

  const world: BenchWorld = await openBenchWorld(o, note);
  const phases: PhaseReport[] = [];
  let baseline: BaselineReport | null = null;
  try {
    o.store = world.storeKind;
    const date = jakartaDate(new Date(o.now));
    const jit = world.jitInstant(JIT_WINDOW_MINUTES);
    const settings: ChildSettings = { date, jitAt: jit?.at.toISOString(), jitWindowMinutes: JIT_WINDOW_MINUTES };
    note(
      `simulator ${o.preset}: ${world.counts.showtimes} showtimes (${world.counts.futureShowtimes} ahead at ${o.now}); ` +
        `store ${world.storeKind}${world.emulatorHost ? ` at ${world.emulatorHost}, project ${world.projectId}` : ` at ${world.dataDir}`}; ` +
        `TIX_RPS=${o.rps} TIX_CONCURRENCY=${o.concurrency} latency ${o.latencyMs}±${o.jitterMs} ms; scraper logs: ${logPath}`,
    );

    const planned = o.phases.filter((phase) => {
      if (phase === 'seats-jit' && !jit) note('seats-jit: no show starts after the bench\'s "now"; skipped');
      return phase !== 'seats-jit' || jit;
    });
    const hooks = {
      beforePhase: async (p: PhaseName) => {
        world.sim.clock.set(p === 'seats-jit' && jit ? jit.at : new Date(o.now));
        world.resetSimStats();
        note(
          `${p}: running${p === 'seats-jit' ? ` at ${jit!.at.toISOString()} (${jit!.count} shows due within ${JIT_WINDOW_MINUTES} min)` : ''}…`,
        );
      },
      afterPhase: async (m: PhaseMeasure, hwm: number | null) => {
        const r = phaseReport(m, world.simStats(), o, hwm);
        phases.push(r);
        note(
          `${m.phase}: ${r.status} in ${(r.wallMs / 1000).toFixed(1)} s, ${r.requests} requests` +
            (r.efficiency !== null ? `, efficiency ${r.efficiency.toFixed(2)}` : '') +
            `, ${r.store.written} documents written, peak RSS ${Math.round(Math.max(r.process.maxRssMb, hwm ?? 0))} MB` +
            (r.error ? ` (${r.error})` : ''),
        );
        // The baseline reads the same morning shows right after the concurrent pass (the scraper
        // process waits meanwhile), before the JIT phase moves the clock.
        if (m.phase === 'seats-morning' && o.baselineSample > 0) baseline = await measureBaseline(world, o, r, note);
      },
    };
    // One scraper process per phase, or all of them in one (the daily job's shape).
    const batches = o.mode === 'one-process' ? [planned] : planned.map((p) => [p]);
    for (const batch of batches) {
      const first = batch[0]!;
      const run = await runScraperProcess(
        { phases: batch, settings },
        world.childEnv(first === 'seats-jit' && jit ? jit.at.toISOString() : o.now),
        hooks,
        logPath,
      );
      if (run.fatal || run.measures.length < batch.length) {
        const why = run.fatal ?? `scraper process exited with code ${run.exitCode} before reporting`;
        note(`scraper process: ${why}`);
        for (const phase of batch.slice(run.measures.length)) {
          phases.push(
            phaseReport(
              {
                phase,
                status: 'error',
                error: why,
                wallMs: 0,
                endpoints: {},
                latencyMs: null,
                process: { maxRssMb: 0, cpuSeconds: 0 },
                store: {
                  written: 0,
                  skipped: 0,
                  failed: 0,
                  maxBytes: 0,
                  writeMs: 0,
                  reads: 0,
                  deletes: 0,
                  storedDocs: 0,
                  storedBytes: 0,
                },
                counts: {},
              },
              null,
              o,
            ),
          );
        }
      }
    }
    if (!o.phases.includes('seats-morning') && o.baselineSample > 0)
      baseline = await measureBaseline(world, o, null, note);

    const writes = writesPerDay({ phases, showtimes: world.counts.showtimes });
    // A day of the JIT workflow's real schedule under GitHub's cron faults, at the workflow's own rate.
    const jitPhase = phases.find((p) => p.phase === 'seats-jit' && p.status !== 'error');
    const workflowRate = idealRate(JIT_WORKFLOW.rps, JIT_WORKFLOW.concurrency, o.latencyMs);
    // The passes read a showtimes document only for a due show the slots lack: one the morning did not store.
    const inSlots = await world.morningInSlots(date);
    const jitDay = simulateJitDay({
      date,
      starts: world.sim.data.showtimes.map((s) => Date.parse(s.startsAt)),
      docs: world.sim.data.showtimes.map((s) => `${s.movieId}_${s.cityId}`),
      inSlots: world.sim.data.showtimes.map((s) => inSlots.has(s.id)),
      jobSetupSeconds: o.jobSetupSeconds,
      secondsPerShow: 1 / workflowRate,
      passFixedSeconds: jitPhase
        ? Math.max(2, jitPhase.wallMs / 1000 - jitPhase.requests / idealRate(o.rps, o.concurrency, o.latencyMs))
        : 5,
      faults: { seed: o.jitSeed },
    });
    note(
      `JIT day: coverage ${jitDay.coverage.toFixed(4)} (${jitDay.uncovered} shows missed, ${jitDay.readTwice} read twice), ${jitDay.lateRuns} late and ${jitDay.droppedRuns} dropped of ${jitDay.scheduledRuns} runs, ${jitDay.runnerMinutes} runner minutes; showtimes documents read ${jitDay.documentReads} (${jitDay.documentReadsWithoutSlots} if each pass read every document with a show due), ${world.sim.data.showtimes.length - inSlots.size} shows not in the slots after the morning`,
    );
    // The dataset: the day exported as the nightly job does (after the summary, before retention removes it).
    let dataset: DatasetMeasure | undefined;
    if (o.dataset) {
      const exported = o.phases.includes('summary') && phases.every((p) => p.status !== 'error');
      dataset = await measureDataset({
        store: exported ? world.store : undefined,
        date: exported ? date : undefined,
        log: createLogger({ level: 'silent', format: 'json' }),
        note,
      });
      note(`dataset: ${dataset.status}${dataset.error ? ` (${dataset.error})` : ''}`);
    }
    // The day's two nowcasts (12:00, 18:00 WIB) on the summarised day, before retention removes it.
    let nowcast: NowcastMeasure | undefined;
    if (o.phases.includes('summary') && phases.every((p) => p.status !== 'error')) {
      nowcast = await measureNowcast(world.store, date, createLogger({ level: 'silent', format: 'json' }));
      note(
        `nowcast: ${nowcast.status}: ${nowcast.reads} reads, ${nowcast.writes} writes in ${(nowcast.wallMs / 1000).toFixed(1)} s for ${nowcast.runs} runs${nowcast.error ? ` (${nowcast.error})` : ''}`,
      );
    }
    // Retention of the day just made, as the summary workflow will prune it once it is old enough.
    let prune: PruneMeasure | undefined;
    if (o.phases.includes('summary') && phases.every((p) => p.status !== 'error')) {
      note(`prune: archiving and deleting ${date} as retention will…`);
      prune = await measurePrune(world.store, date, o.retentionDays, createLogger({ level: 'silent', format: 'json' }));
      note(
        `prune: ${prune.status}, ${prune.reads} reads, ${prune.deletes} deletes, ${prune.documents} documents archived (${(prune.archiveBytes / 1024).toFixed(0)} KiB) in ${(prune.wallMs / 1000).toFixed(1)} s${prune.error ? ` (${prune.error})` : ''}`,
      );
    }
    const budget = dayBudget({
      prune,
      nowcast,
      phases,
      showtimes: world.counts.showtimes,
      theatres: world.counts.theatres,
      retentionDays: o.retentionDays,
      jitCoverage: jitDay.coverage,
      jitDay,
    });
    const rpsList = [...new Set([5, 10, o.politeRps, 20, 50])].sort((a, b) => a - b);
    const day = {
      writes,
      jit: jitDay,
      runnerMinutes: rpsList.map((rps) =>
        runnerMinutes({
          phases,
          rps,
          concurrency: o.concurrency,
          latencyMs: o.latencyMs,
          jobSetupSeconds: o.jobSetupSeconds,
          showtimes: world.counts.showtimes,
        }),
      ),
    };
    const options = {
      preset: o.preset,
      rps: o.rps,
      concurrency: o.concurrency,
      latencyMs: o.latencyMs,
      jitterMs: o.jitterMs,
      phases: o.phases,
      baselineSample: o.baselineSample,
      baselinePauseMs: o.baselinePauseMs,
      mode: o.mode,
      now: o.now,
      store: o.store,
      politeRps: o.politeRps,
      jobSetupSeconds: o.jobSetupSeconds,
    };
    const report: BenchReport = {
      version: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machine(),
      options,
      simulator: world.counts,
      phases,
      baseline,
      day,
      day_budget: budget,
      targets: targets({ phases, options, day, day_budget: budget }),
      totalWallMs: performance.now() - t0,
      ...(dataset ? { dataset } : {}),
    };
    const md = markdown(report) + (dataset ? `\n${datasetMarkdown(dataset)}` : '');
    let jsonPath: string | undefined;
    if (opts.write !== false) {
      jsonPath = join(outDir, `${stamp}.json`);
      writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
    }
    return { report, jsonPath, markdown: md };
  } finally {
    await world.close(o.keep);
  }
}

async function measureBaseline(
  world: BenchWorld,
  o: BenchCli,
  seats: PhaseReport | null,
  note: (s: string) => void,
): Promise<BaselineReport> {
  world.sim.clock.set(new Date(o.now));
  const future = world.futureShows(new Date(o.now));
  const sample = pickSample(future, o.baselineSample);
  note(`baseline: ${sample.length} showtimes one at a time with a ${o.baselinePauseMs} ms pause…`);
  const run = await runBaseline({
    apiBase: world.sim.apiBase,
    accessToken: world.mintAccessToken(),
    shows: sample,
    pauseMs: o.baselinePauseMs,
  });
  const comparedWithMs = seats && seats.status !== 'error' ? seats.wallMs : null;
  const b = baselineReport({
    sample: sample.length,
    pauseMs: o.baselinePauseMs,
    ...run,
    showtimes: future.length,
    comparedWithMs,
  });
  note(
    `baseline: ${(b.perShowtimeMs / 1000).toFixed(2)} s per showtime → ${(b.extrapolatedMs / 60_000).toFixed(1)} min for ${future.length}` +
      (b.speedup ? `; ${b.speedup.toFixed(1)}× slower than the concurrent pass` : ''),
  );
  return b;
}
