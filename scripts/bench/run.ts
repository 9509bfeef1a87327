/**
 * The benchmark's run (`npm run bench`, scripts/bench/main.ts): the national-scale benchmark. Starts the TIX.id simulator (national preset,
 * 80 ms ± 20 ms latency by default) and the Firestore emulator, runs each phase of the day in a
 * fresh scraper process (scripts/bench/child.ts) so RSS and CPU are the scraper's own, re-enacts
 * the earlier sequential seat strategy on a sample as a baseline, and prints a Markdown table and
 * writes the JSON report to bench/results/<timestamp>.json.
 *
 * The steps of `runBench`:
 *  1. set-up: the output folder and the scraper log (`openOutput`), the world (simulator, store)
 *     and what the phases share (`benchContext`, `announce`);
 *  2. the measured phases, one scraper process each or all in one (`runPhases`), the baseline
 *     beside the morning seats (`measureBaseline`);
 *  3. the day around them: the JIT day under cron faults (`measureJitDay`), the dataset export,
 *     the two nowcasts and retention's prune of the summarised day;
 *  4. the arithmetic: writes, runner minutes and the day budget (`dayFigures`);
 *  5. the report: the JSON document and its Markdown (`benchReport`, `writeRun`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { jakartaDate } from '../../shared/clock.js';
import { createLogger } from '../../shared/log.js';
import { pickSample } from '../../shared/sample.js';
import { runBaseline } from './baseline.js';
import type { BenchCli } from './options.js';
import { runScraperProcess, type ChildSettings, type ProcessHooks } from './process.js';
import { simulateJitDay, type JitDay } from './jit-day.js';
import { emptyMeasure } from './measured-store.js';
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
  type BenchOptions,
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

/** Where the run writes: its JSON report and its scrapers' log, named by the start instant. */
interface BenchOutput {
  startedAt: Date;
  stamp: string;
  outDir: string;
  logPath: string;
  t0: number;
}

/** What the bench's steps share: the options, the world, the JIT instant and what was measured so far. */
interface BenchContext {
  o: BenchCli;
  world: BenchWorld;
  note: (s: string) => void;
  date: string;
  jit: { at: Date; count: number } | undefined;
  logPath: string;
  phases: PhaseReport[];
  baseline: BaselineReport | null;
}

/** What the bench measured around the phases: the JIT day, and on a summarised day the dataset, nowcasts and prune. */
interface AroundTheDay {
  jitDay: JitDay;
  dataset: DatasetMeasure | undefined;
  nowcast: NowcastMeasure | undefined;
  prune: PruneMeasure | undefined;
}

/** Run the bench with parsed options. `write: false` skips the JSON file (tests). */
export async function runBench(o: BenchCli, opts: { write?: boolean; quiet?: boolean } = {}): Promise<BenchRun> {
  const note = opts.quiet ? () => {} : say;
  const out = openOutput(o);
  const world: BenchWorld = await openBenchWorld(o, note);
  try {
    const c = benchContext(o, world, note, out.logPath);
    announce(c);
    await runPhases(c);
    if (!o.phases.includes('seats-morning') && o.baselineSample > 0)
      c.baseline = await measureBaseline(world, o, null, note);
    const around = await measureAroundTheDay(c);
    const report = benchReport(c, out, around);
    return writeRun(report, around.dataset, out, opts.write !== false);
  } finally {
    await world.close(o.keep);
  }
}

/** The output folder (made if missing), the run's stamp and its scrapers' log path; the clock starts. */
function openOutput(o: BenchCli): BenchOutput {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(o.outDir);
  mkdirSync(outDir, { recursive: true });
  return { startedAt, stamp, outDir, logPath: join(outDir, `${stamp}-scrapers.log`), t0: performance.now() };
}

/** The shared context: the store the world opened, the Jakarta date of "now" and the busiest JIT tick. */
function benchContext(o: BenchCli, world: BenchWorld, note: (s: string) => void, logPath: string): BenchContext {
  o.store = world.storeKind;
  const date = jakartaDate(new Date(o.now));
  const jit = world.jitInstant(JIT_WINDOW_MINUTES);
  return { o, world, note, date, jit, logPath, phases: [], baseline: null };
}

/** One line: the simulated day, the store, the scraper settings and where the scrapers log. */
function announce({ o, world, note, logPath }: BenchContext): void {
  note(
    `simulator ${o.preset}: ${world.counts.showtimes} showtimes (${world.counts.futureShowtimes} ahead at ${o.now}); ` +
      `store ${world.storeKind}${world.emulatorHost ? ` at ${world.emulatorHost}, project ${world.projectId}` : ` at ${world.dataDir}`}; ` +
      `TIX_RPS=${o.rps} TIX_CONCURRENCY=${o.concurrency} latency ${o.latencyMs}±${o.jitterMs} ms; scraper logs: ${logPath}`,
  );
}

/** The phases asked for, less the JIT pass when no show starts after "now". */
function plannedPhases({ o, jit, note }: BenchContext): PhaseName[] {
  return o.phases.filter((phase) => {
    if (phase === 'seats-jit' && !jit) note('seats-jit: no show starts after the bench\'s "now"; skipped');
    return phase !== 'seats-jit' || jit;
  });
}

/** Before a phase: the simulator's clock at "now" (the JIT tick for the JIT pass) and its statistics reset. */
async function beforePhase({ o, world, jit, note }: BenchContext, p: PhaseName): Promise<void> {
  world.sim.clock.set(p === 'seats-jit' && jit ? jit.at : new Date(o.now));
  world.resetSimStats();
  note(
    `${p}: running${p === 'seats-jit' ? ` at ${jit!.at.toISOString()} (${jit!.count} shows due within ${JIT_WINDOW_MINUTES} min)` : ''}…`,
  );
}

/** After a phase: its report beside what the simulator saw; the baseline right after the morning seats. */
async function afterPhase(c: BenchContext, m: PhaseMeasure, hwm: number | null): Promise<void> {
  const r = phaseReport(m, c.world.simStats(), c.o, hwm);
  c.phases.push(r);
  c.note(
    `${m.phase}: ${r.status} in ${(r.wallMs / 1000).toFixed(1)} s, ${r.requests} requests` +
      (r.efficiency !== null ? `, efficiency ${r.efficiency.toFixed(2)}` : '') +
      `, ${r.store.written} documents written, peak RSS ${Math.round(Math.max(r.process.maxRssMb, hwm ?? 0))} MB` +
      (r.error ? ` (${r.error})` : ''),
  );
  // The baseline reads the same morning shows right after the concurrent pass (the scraper
  // process waits meanwhile), before the JIT phase moves the clock.
  if (m.phase === 'seats-morning' && c.o.baselineSample > 0)
    c.baseline = await measureBaseline(c.world, c.o, r, c.note);
}

/** The measured phases: one scraper process per phase, or all of them in one (the daily job's shape). */
async function runPhases(c: BenchContext): Promise<void> {
  const planned = plannedPhases(c);
  const hooks: ProcessHooks = {
    beforePhase: (p) => beforePhase(c, p),
    afterPhase: (m, hwm) => afterPhase(c, m, hwm),
  };
  const settings: ChildSettings = {
    date: c.date,
    jitAt: c.jit?.at.toISOString(),
    jitWindowMinutes: JIT_WINDOW_MINUTES,
  };
  const batches = c.o.mode === 'one-process' ? [planned] : planned.map((p) => [p]);
  for (const batch of batches) await runBatch(c, batch, settings, hooks);
}

/** One scraper process for a batch of phases; the phases it did not report are reported as errors. */
async function runBatch(c: BenchContext, batch: PhaseName[], settings: ChildSettings, hooks: ProcessHooks) {
  const first = batch[0]!;
  const run = await runScraperProcess(
    { phases: batch, settings },
    c.world.childEnv(first === 'seats-jit' && c.jit ? c.jit.at.toISOString() : c.o.now),
    hooks,
    c.logPath,
  );
  if (run.fatal || run.measures.length < batch.length) {
    const why = run.fatal ?? `scraper process exited with code ${run.exitCode} before reporting`;
    c.note(`scraper process: ${why}`);
    for (const phase of batch.slice(run.measures.length)) c.phases.push(failedPhase(phase, why, c.o));
  }
}

/** The report of a phase the scraper process never reported: an error with nothing measured. */
function failedPhase(phase: PhaseName, why: string, o: BenchCli): PhaseReport {
  return phaseReport(
    {
      phase,
      status: 'error',
      error: why,
      wallMs: 0,
      endpoints: {},
      latencyMs: null,
      process: { maxRssMb: 0, cpuSeconds: 0 },
      store: emptyMeasure(),
      counts: {},
    },
    null,
    o,
  );
}

/** Every phase ran and the summary was among them: the day can be exported, nowcast and pruned. */
function summarised({ o, phases }: BenchContext): boolean {
  return o.phases.includes('summary') && phases.every((p) => p.status !== 'error');
}

/** The JIT day, then (the day exported as the nightly job does, its nowcasts, retention) on a summarised day. */
async function measureAroundTheDay(c: BenchContext): Promise<AroundTheDay> {
  const jitDay = await measureJitDay(c);
  const dataset = c.o.dataset ? await measureDatasetOf(c) : undefined;
  const nowcast = summarised(c) ? await measureNowcastOf(c) : undefined;
  const prune = summarised(c) ? await measurePruneOf(c) : undefined;
  return { jitDay, dataset, nowcast, prune };
}

/** A day of the JIT workflow's real schedule under GitHub's cron faults, at the workflow's own rate. */
async function measureJitDay({ o, world, date, phases, note }: BenchContext): Promise<JitDay> {
  const jitPhase = phases.find((p) => p.phase === 'seats-jit' && p.status !== 'error');
  const workflowRate = idealRate(JIT_WORKFLOW.rps, JIT_WORKFLOW.concurrency, o.latencyMs);
  // The passes read a showtimes document only for a due show the slots lack: one the morning did not store.
  const inSlots = await world.morningInSlots(date);
  const shows = world.sim.data.showtimes;
  const jitDay = simulateJitDay({
    date,
    starts: shows.map((s) => Date.parse(s.startsAt)),
    docs: shows.map((s) => `${s.movieId}_${s.cityId}`),
    inSlots: shows.map((s) => inSlots.has(s.id)),
    jobSetupSeconds: o.jobSetupSeconds,
    secondsPerShow: 1 / workflowRate,
    passFixedSeconds: jitPhase
      ? Math.max(2, jitPhase.wallMs / 1000 - jitPhase.requests / idealRate(o.rps, o.concurrency, o.latencyMs))
      : 5,
    faults: { seed: o.jitSeed },
  });
  note(
    `JIT day: coverage ${jitDay.coverage.toFixed(4)} (${jitDay.uncovered} shows missed, ${jitDay.readTwice} read twice), ${jitDay.lateRuns} late and ${jitDay.droppedRuns} dropped of ${jitDay.scheduledRuns} runs, ${jitDay.runnerMinutes} runner minutes; showtimes documents read ${jitDay.documentReads} (${jitDay.documentReadsWithoutSlots} if each pass read every document with a show due), ${shows.length - inSlots.size} shows not in the slots after the morning`,
  );
  return jitDay;
}

/** The dataset: the day exported as the nightly job does (after the summary, before retention removes it). */
async function measureDatasetOf(c: BenchContext): Promise<DatasetMeasure> {
  const exported = summarised(c);
  const dataset = await measureDataset({
    store: exported ? c.world.store : undefined,
    date: exported ? c.date : undefined,
    log: silentLog(),
    note: c.note,
  });
  c.note(`dataset: ${dataset.status}${dataset.error ? ` (${dataset.error})` : ''}`);
  return dataset;
}

/** The day's two nowcasts (12:00, 18:00 WIB) on the summarised day, before retention removes it. */
async function measureNowcastOf({ world, date, note }: BenchContext): Promise<NowcastMeasure> {
  const nowcast = await measureNowcast(world.store, date, silentLog());
  note(
    `nowcast: ${nowcast.status}: ${nowcast.reads} reads, ${nowcast.writes} writes in ${(nowcast.wallMs / 1000).toFixed(1)} s for ${nowcast.runs} runs${nowcast.error ? ` (${nowcast.error})` : ''}`,
  );
  return nowcast;
}

/** Retention of the day just made, as the summary workflow will prune it once it is old enough. */
async function measurePruneOf({ o, world, date, note }: BenchContext): Promise<PruneMeasure> {
  note(`prune: archiving and deleting ${date} as retention will…`);
  const prune = await measurePrune(world.store, date, o.retentionDays, silentLog());
  note(
    `prune: ${prune.status}, ${prune.reads} reads, ${prune.deletes} deletes, ${prune.documents} documents archived (${(prune.archiveBytes / 1024).toFixed(0)} KiB) in ${(prune.wallMs / 1000).toFixed(1)} s${prune.error ? ` (${prune.error})` : ''}`,
  );
  return prune;
}

/** The measuring steps' own logger: silent, so the bench's output is its notes alone. */
function silentLog() {
  return createLogger({ level: 'silent', format: 'json' });
}

/** The day's arithmetic: writes per day, runner minutes at each rate, and the free-tier day budget. */
function dayFigures({ o, world, phases }: BenchContext, { jitDay, prune, nowcast }: AroundTheDay) {
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
    writes: writesPerDay({ phases, showtimes: world.counts.showtimes }),
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
  return { day, budget };
}

/** The options as the report records them. */
function reportOptions(o: BenchCli): BenchOptions {
  return {
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
}

/** The JSON report: the machine, the options, every phase, the baseline, the day, its budget and the targets. */
function benchReport(c: BenchContext, out: BenchOutput, around: AroundTheDay): BenchReport {
  const { day, budget } = dayFigures(c, around);
  const options = reportOptions(c.o);
  const { phases, baseline, world } = c;
  return {
    version: 1,
    startedAt: out.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machine(),
    options,
    simulator: world.counts,
    phases,
    baseline,
    day,
    day_budget: budget,
    targets: targets({ phases, options, day, day_budget: budget }),
    totalWallMs: performance.now() - out.t0,
    ...(around.dataset ? { dataset: around.dataset } : {}),
  };
}

/** The Markdown (the dataset's table after the bench's), and the JSON file unless `write` is false. */
function writeRun(
  report: BenchReport,
  dataset: DatasetMeasure | undefined,
  out: BenchOutput,
  write: boolean,
): BenchRun {
  const md = markdown(report) + (dataset ? `\n${datasetMarkdown(dataset)}` : '');
  let jsonPath: string | undefined;
  if (write) {
    jsonPath = join(out.outDir, `${out.stamp}.json`);
    writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
  }
  return { report, jsonPath, markdown: md };
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
