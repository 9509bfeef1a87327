/**
 * The benchmark's pure core: the report's shape, the efficiency rule, the whole-day model
 * (Firestore writes, runner minutes), the targets, and the Markdown table. Plain data in, plain
 * data out: the imperative shell (scripts/bench/main.ts) measures, this file only computes.
 */

import { JIT_PASSES_PER_DAY } from '../../scrapers/seats/budget.js';
import { DEFAULT_JIT_WINDOW_MINUTES } from '../../scrapers/seats/select.js';
import { DAILY_STEPS, STEP_NAMES, type StepName } from '../pipeline/outcome.js';
import type { JitDay } from './jit-day.js';

/** The bench's phases are the pipeline's steps (scripts/pipeline/outcome.ts). */
export const PHASES = STEP_NAMES;
export type PhaseName = StepName;

/** The steps of the daily job (`npm run pipeline`), the ones the TIX_RPS=20 target is about. */
export const PIPELINE_PHASES: readonly PhaseName[] = DAILY_STEPS;

export function isPhaseName(s: string): s is PhaseName {
  return (PHASES as readonly string[]).includes(s);
}

export interface EndpointCount {
  requests: number;
  retries: number;
  failures: number;
  p50Ms?: number;
  p95Ms?: number;
}

/** What the scraper process reports about one phase it ran. */
export interface PhaseMeasure {
  phase: PhaseName;
  status: 'success' | 'partial' | 'failed' | 'skipped' | 'error';
  /** Why the phase failed or was skipped. */
  error?: string;
  wallMs: number;
  endpoints: Record<string, EndpointCount>;
  /** Client-side latency over every request of the phase. */
  latencyMs: { p50: number; p95: number } | null;
  /** Peak RSS of the process so far; CPU seconds during the phase and since the process started. */
  process: { maxRssMb: number; cpuSeconds: number; processCpuSeconds?: number };
  store: StoreMeasure;
  /** Phase-specific counts (movies, showtimes read, snapshots written…). */
  counts: Record<string, number>;
}

export interface StoreMeasure {
  /** Documents written (set, writeMany, publish, transactions that wrote). */
  written: number;
  /** Documents that failed to write. */
  failed: number;
  /** The biggest document written, in Firestore's size formula. */
  maxBytes: number;
  /** Milliseconds spent in store writes (overlapping writes count once each). */
  writeMs: number;
  /** Documents read (get + list results, transaction reads). */
  reads: number;
  /** Documents deleted. */
  deletes: number;
  /** Distinct documents written, and their stored bytes (document + index entries, scripts/bench/storage.ts) at their last write. */
  storedDocs: number;
  storedBytes: number;
}

/** What the simulator saw while a phase ran. */
export interface SimObservation {
  requests: number;
  maxRps: number;
  maxInFlight: number;
  byEndpoint: Record<string, number>;
}

export interface PhaseReport extends PhaseMeasure {
  requests: number;
  retries: number;
  sim: SimObservation | null;
  /** requests ÷ min(TIX_RPS, TIX_CONCURRENCY ÷ latency), in ms; null when no request was made. */
  idealMs: number | null;
  efficiency: number | null;
  /** Peak RSS as the parent read it from /proc (VmHWM), a cross-check of the child's own figure. */
  vmHwmMb: number | null;
}

export interface BenchOptions {
  preset: string;
  rps: number;
  concurrency: number;
  latencyMs: number;
  jitterMs: number;
  phases: PhaseName[];
  baselineSample: number;
  baselinePauseMs: number;
  /** One child process per phase, or every phase in one process (the daily job's shape). */
  mode: 'per-phase' | 'one-process';
  now: string;
  store: 'firestore' | 'file';
  politeRps: number;
  /** Assumed fixed cost of a GitHub Actions job (checkout, setup-node, npm ci), seconds. */
  jobSetupSeconds: number;
}

export interface SimulatorCounts {
  cities: number;
  movies: number;
  theatres: number;
  showtimes: number;
  /** Showtimes not started at the bench's "now" (what seats morning must read). */
  futureShowtimes: number;
  /** Movie × city pairs (one movies request per city, schedule pages per pair). */
  movieCityPairs?: number;
}

export interface BaselineReport {
  strategy: string;
  sample: number;
  pauseMs: number;
  ok: number;
  failed: number;
  wallMs: number;
  perShowtimeMs: number;
  /** The same strategy over every showtime seats morning reads, extrapolated. */
  extrapolatedShowtimes: number;
  extrapolatedMs: number;
  /** The measured seats morning phase of this run, when it ran. */
  comparedWithMs: number | null;
  speedup: number | null;
}

export interface WritesPerDay {
  morning: number;
  jit: number;
  final: number;
  summary: number;
  jitRuns: number;
  total: number;
  budget: number;
  assumptions: string[];
}

export interface RunnerMinutes {
  rps: number;
  morningMinutes: number;
  jitMinutesEach: number;
  jitRuns: number;
  summaryMinutes: number;
  totalMinutes: number;
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchReport {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  options: BenchOptions;
  simulator: SimulatorCounts;
  phases: PhaseReport[];
  baseline: BaselineReport | null;
  day: { writes: WritesPerDay | null; runnerMinutes: RunnerMinutes[]; jit?: JitDay | null };
  /** The day's Firestore figures, for scripts: writes, pipeline reads, deletes, stored bytes (steady state), JIT coverage. */
  day_budget?: DayBudget | null;
  targets: Target[];
  totalWallMs: number;
  /** The dataset phase (scripts/bench/dataset.ts), when it ran. */
  dataset?: DatasetMeasure;
}

/** The dataset phase's figures (scripts/bench/dataset.ts measures them). */
export interface DatasetMeasure {
  /** 'store': the bench's scraped day, exported for real; 'synthetic': a synthesised national day, writer only. */
  source: 'store' | 'synthetic';
  date: string;
  exportMs: number;
  /** Store reads of the export (store source only). */
  exportReads: number | null;
  rows: Record<string, number>;
  bytesPerDay: number;
  /** The synthetic year, and its reader copy (scripts/dataset/compact.ts): bytes and build time. */
  year: { days: number; shows: number; bytes: number; buildMs: number; compactMs: number; compactBytes: number };
  /** Each query: the median of 3 runs inside DuckDB (2 threads), its first (cold) run, and the CPU it used (median). */
  /** Over the reader copy, what readers get after `compact` or `pull` (the target applies). */
  queries: { id: string; rows: number; ms: number; firstMs: number; cpuMs: number }[];
  /** The same queries over the daily files alone (no reader copy). */
  daily: DatasetMeasure['queries'];
  sql: { commandMs: number; emptyTsxMs: number; ratio: number; query: string };
  status: 'ok' | 'error';
  error?: string;
}

// ---------------------------------------------------------------- efficiency

/** The best sustainable request rate: the limiter's rate or what the concurrency allows at this latency. */
export function idealRate(rps: number, concurrency: number, latencyMs: number): number {
  const byConcurrency = latencyMs > 0 ? concurrency / (latencyMs / 1000) : Number.POSITIVE_INFINITY;
  return Math.min(rps, byConcurrency);
}

/** Ideal time for `requests` requests, in ms. */
export function idealMs(requests: number, rps: number, concurrency: number, latencyMs: number): number {
  return (requests / idealRate(rps, concurrency, latencyMs)) * 1000;
}

/** ideal ÷ measured: 1.0 means the phase ran exactly as fast as the politeness limits allow. */
export function efficiency(
  requests: number,
  wallMs: number,
  rps: number,
  concurrency: number,
  latencyMs: number,
): number | null {
  if (requests <= 0 || wallMs <= 0) return null;
  return idealMs(requests, rps, concurrency, latencyMs) / wallMs;
}

export function totalRequests(endpoints: Record<string, EndpointCount>): { requests: number; retries: number } {
  let requests = 0;
  let retries = 0;
  for (const e of Object.values(endpoints)) {
    requests += e.requests;
    retries += e.retries;
  }
  return { requests, retries };
}

export function phaseReport(
  m: PhaseMeasure,
  sim: SimObservation | null,
  opts: Pick<BenchOptions, 'rps' | 'concurrency' | 'latencyMs'>,
  vmHwmMb: number | null = null,
): PhaseReport {
  const { requests, retries } = totalRequests(m.endpoints);
  const ok = m.status !== 'error' && m.status !== 'skipped';
  return {
    ...m,
    requests,
    retries,
    sim,
    idealMs: requests > 0 && ok ? idealMs(requests, opts.rps, opts.concurrency, opts.latencyMs) : null,
    efficiency: ok ? efficiency(requests, m.wallMs, opts.rps, opts.concurrency, opts.latencyMs) : null,
    vmHwmMb,
  };
}

// ---------------------------------------------------------------- baseline

/**
 * The earlier implementation fetched one seat map at a time with a 0.3 s pause: extrapolate the
 * sample's time per showtime to every showtime, and compare with the measured concurrent phase.
 */
export function baselineReport(input: {
  sample: number;
  pauseMs: number;
  ok: number;
  failed: number;
  wallMs: number;
  showtimes: number;
  comparedWithMs: number | null;
}): BaselineReport {
  const done = input.ok + input.failed;
  const perShowtimeMs = done > 0 ? input.wallMs / done : 0;
  const extrapolatedMs = perShowtimeMs * input.showtimes;
  return {
    strategy: `one request at a time, ${input.pauseMs} ms pause after each`,
    sample: input.sample,
    pauseMs: input.pauseMs,
    ok: input.ok,
    failed: input.failed,
    wallMs: input.wallMs,
    perShowtimeMs,
    extrapolatedShowtimes: input.showtimes,
    extrapolatedMs,
    comparedWithMs: input.comparedWithMs,
    speedup:
      input.comparedWithMs && input.comparedWithMs > 0 && done > 0 ? extrapolatedMs / input.comparedWithMs : null,
  };
}

// ---------------------------------------------------------------- the whole day

export const FREE_TIER_WRITES = 20_000;
/** The Spark plan's daily quotas and stored bytes, and our targets (25% headroom under the daily quotas). */
export const SPARK = { writes: 20_000, reads: 50_000, deletes: 20_000, storageBytes: 1024 ** 3 } as const;
export const BUDGET_TARGETS = {
  writes: 15_000,
  reads: 10_000,
  deletes: 15_000,
  storageBytes: 700 * 1024 ** 2,
} as const;
export const JIT_EVERY_MINUTES = 10;
/** seats-jit.yml's politeness settings. */
export const JIT_WORKFLOW = { rps: 20, concurrency: 8 } as const;
export const JIT_WINDOW_MINUTES = DEFAULT_JIT_WINDOW_MINUTES;
/** JIT reads per show in a day: 1 (a JIT pass leaves alone the shows an earlier one read). */
export const JIT_READS_PER_SHOW = 1;
/** seats-jit.yml: every 10 minutes at :06…:56, 00–16 UTC (07:06–23:56 WIB), one JIT pass each. No final pass is scheduled. */
export const JIT_RUNS_PER_DAY = JIT_PASSES_PER_DAY;

/**
 * Firestore writes of a whole day, from what this run measured:
 * - morning: every document the token, movies, schedules and seats-morning phases wrote;
 * - JIT: every show's JIT reading is one `seat_snapshots` document; plus each of the day's JIT
 *   passes' own bookkeeping (slot documents, run records) as the measured JIT pass wrote it;
 * - final: 0 (not scheduled: docs/data-contract.md);
 * - summary: what the measured summary phase wrote.
 */
export function writesPerDay(input: {
  phases: PhaseReport[];
  showtimes: number;
  jitRuns?: number;
}): WritesPerDay | null {
  const by = new Map(input.phases.map((p) => [p.phase, p]));
  const morningPhases = PIPELINE_PHASES.map((n) => by.get(n));
  if (morningPhases.some((p) => !p || p.status === 'error' || p.status === 'skipped')) return null;
  const jitRuns = input.jitRuns ?? JIT_RUNS_PER_DAY;
  const morning = morningPhases.reduce((n, p) => n + p!.store.written, 0);
  const assumptions: string[] = [];
  const book = jitBookkeeping(by.get('seats-jit'));
  const slotWrites = Math.round(input.showtimes * book.slotWritesPerShow);
  assumptions.push(
    `${book.measured ? 'as the measured JIT pass' : 'model (no JIT pass measured)'}: ${book.slotWritesPerShow.toFixed(3)} slot writes per show read (${slotWrites} a day) and ${RUN_WRITES_PER_PASS} run-record writes per pass`,
  );
  assumptions.push(
    `${jitRuns} JIT passes a day (every ${JIT_EVERY_MINUTES} min, 07:06–23:56 WIB, ${JIT_WINDOW_MINUTES}-minute window), each show read and written once; no final pass`,
  );
  const jit = input.showtimes * JIT_READS_PER_SHOW + slotWrites + jitRuns * RUN_WRITES_PER_PASS;
  const summaryPhase = by.get('summary');
  const summary =
    summaryPhase && summaryPhase.status !== 'error' && summaryPhase.status !== 'skipped'
      ? summaryPhase.store.written
      : 0;
  if (!summaryPhase) assumptions.push('summary not measured: counted as 0 writes');
  const total = morning + jit + summary;
  return { morning, jit, final: 0, summary, jitRuns, total, budget: FREE_TIER_WRITES, assumptions };
}

/** Run records a pass writes: its run_log document and its merge into the hour's scraper_runs aggregate. */
export const RUN_WRITES_PER_PASS = 2;

/**
 * A JIT pass's own writes and reads besides its snapshots and showtimes documents, as the measured
 * pass did them: run records (fixed per pass), slot documents (per show read: the writer persists
 * every 2 s, so a big pass writes more of them), and fixed reads (the day index, the window's slots,
 * slot transactions, run aggregate). Without a measured pass: 2 slot writes and 5 reads per pass of ~120 shows.
 */
function jitBookkeeping(p: PhaseReport | undefined): {
  slotWritesPerShow: number;
  fixedReadsPerPass: number;
  measured: boolean;
} {
  const shows = p?.counts.showtimes_scraped ?? 0;
  if (!p || p.status === 'error' || p.status === 'skipped' || !shows)
    return { slotWritesPerShow: 2 / 120, fixedReadsPerPass: 5, measured: false };
  const snapshots = p.counts.snapshots_written ?? 0;
  const slotWrites = Math.max(0, p.store.written - snapshots - RUN_WRITES_PER_PASS);
  return {
    slotWritesPerShow: slotWrites / shows,
    fixedReadsPerPass: Math.max(0, p.store.reads - (p.counts.documents_read ?? 0)),
    measured: true,
  };
}

/** `npm run prune` of the bench's day, measured (scripts/bench/prune.ts). */
export interface PruneMeasure {
  status: string;
  error?: string;
  wallMs: number;
  reads: number;
  deletes: number;
  /** Documents in the day's archive. */
  documents: number;
  /** The archive file (NDJSON.gz). */
  archiveBytes: number;
  /** Seat snapshots rebuilt from slot documents instead of read. */
  snapshotsRebuilt: number;
}

/**
 * Retention's share of a day: its reads as measured on the bench's day, plus the growth of the
 * snapshot count aggregation (1 read per 1,000) to a whole day's snapshots and the run records a
 * whole day has beyond the bench's one JIT pass (`extraRunDocs`, read once each); the archive's size
 * scaled to a whole day's documents. Without a measurement: a model (every dated document but the
 * snapshots read once, the count and a 20-document sample).
 */
export function retentionDay(
  prune: PruneMeasure | undefined,
  showtimes: number,
  docsPerDay: number,
  extraRunDocs = 0,
): { reads: number; archiveBytes: number | null; note: string } {
  if (!prune || prune.status === 'failed') {
    const reads = Math.max(0, docsPerDay - showtimes) + Math.ceil(showtimes / 1000) + 20;
    return {
      reads,
      archiveBytes: null,
      note: `retention: ${reads} reads a day (model: prune ${prune ? `failed: ${prune.error ?? ''}` : 'not measured'})`,
    };
  }
  const reads =
    prune.reads + Math.max(0, Math.ceil(showtimes / 1000) - Math.ceil(prune.snapshotsRebuilt / 1000)) + extraRunDocs;
  const archiveBytes = prune.documents ? Math.round((prune.archiveBytes / prune.documents) * docsPerDay) : 0;
  return {
    reads,
    archiveBytes,
    note:
      `retention as measured on this day: prune read ${prune.reads} documents, rebuilt ${prune.snapshotsRebuilt} seat snapshots from their slots, ` +
      `deleted ${prune.deletes} of the ${prune.documents} archived (${(prune.wallMs / 1000).toFixed(1)} s; archive ${(prune.archiveBytes / 1024).toFixed(0)} KiB, ` +
      `≈ ${(archiveBytes / 1024 ** 2).toFixed(1)} MiB for a whole day in the archive release); a whole day's snapshot count and its ${extraRunDocs} more run records add ${reads - prune.reads} reads`,
  };
}

/** The day's two nowcasts, measured (scripts/bench/nowcast.ts). */
export interface NowcastMeasure {
  status: string;
  error?: string;
  /** Both runs together. */
  wallMs: number;
  reads: number;
  writes: number;
  runs: number;
}

/** scraper_runs documents of the JIT passes a day: one aggregate per WIB hour with a pass, 07–23. */
export const JIT_HOUR_DOCS = 17;

export interface DayBudget {
  writes: number;
  reads: number;
  deletes: number;
  storage_bytes: number;
  jit_coverage: number | null;
  /** Days of dated documents kept (CINERADAR_RETENTION_DAYS) in the storage figure. */
  retention_days: number;
  /** Stored bytes one day adds (documents + index entries). */
  bytes_per_day: number;
  /** Retention's reads a day (included in `reads`). */
  retention_reads: number;
  /** The day's archive file (a release asset), bytes (null: prune not measured). */
  archive_bytes_per_day: number | null;
  notes: string[];
}

/**
 * The day's Firestore budget in steady state: writes as `writesPerDay`; reads by the
 * pipeline (the morning phases, every JIT pass as measured, the summary); deletes = the documents
 * a day adds to the dated collections (what retention removes each day once it runs); storage =
 * `retentionDays` days of them plus the undated documents, document and index bytes
 * (scripts/bench/storage.ts).
 */
export function dayBudget(input: {
  phases: PhaseReport[];
  showtimes: number;
  theatres: number;
  jitRuns?: number;
  retentionDays: number;
  jitCoverage: number | null;
  /** The simulated JIT day: its passes and the showtimes documents they read. */
  jitDay?: Pick<JitDay, 'passes' | 'documentReads'>;
  /** Retention of the bench's day, measured. */
  prune?: PruneMeasure;
  /** The day's two nowcasts, measured (scripts/bench/nowcast.ts). */
  nowcast?: Pick<NowcastMeasure, 'reads' | 'writes' | 'wallMs' | 'runs' | 'status'>;
}): DayBudget | null {
  const writes = writesPerDay(input);
  if (!writes) return null;
  const by = new Map(input.phases.map((p) => [p.phase, p]));
  const jitRuns = input.jitDay?.passes ?? input.jitRuns ?? JIT_RUNS_PER_DAY;
  const book = jitBookkeeping(by.get('seats-jit'));
  // each pass: its fixed reads (the day index, the window's slots, slot transactions, run records),
  // and a showtimes document only for a due show the slots lack (none when the morning stored every show)
  const jitDocReads = input.jitDay?.documentReads ?? 0;
  const measured = [...PIPELINE_PHASES, 'summary' as PhaseName]
    .map((n) => by.get(n))
    .filter((p): p is PhaseReport => !!p && p.status !== 'error' && p.status !== 'skipped');
  const pipelineReads =
    measured.reduce((n, p) => n + p.store.reads, 0) + jitRuns * book.fixedReadsPerPass + jitDocReads;
  const jit = by.get('seats-jit');
  const snapshotBytes = jit && jit.store.storedDocs > 0 ? jit.store.storedBytes / jit.store.storedDocs : 4_000;
  // + each JIT pass's run_log record and the hourly JIT aggregates in scraper_runs
  const docsPerDay = measured.reduce((n, p) => n + p.store.storedDocs, 0) + input.showtimes + jitRuns + JIT_HOUR_DOCS;
  const undatedDocs = input.theatres + 1;
  const bytesMeasured = measured.reduce((n, p) => n + p.store.storedBytes, 0);
  const bytesPerDay = Math.round(bytesMeasured + (input.showtimes + jitRuns) * snapshotBytes);
  const deletes = Math.max(0, docsPerDay - undatedDocs);
  // the bench's day holds one JIT pass's run_log record and hour aggregate; a whole day all of them
  const retention = retentionDay(input.prune, input.showtimes, deletes, Math.max(0, jitRuns - 1) + JIT_HOUR_DOCS - 1);
  const nowcast = input.nowcast ?? { reads: 0, writes: 0, wallMs: 0, runs: 0, status: 'not measured' };
  const reads = pipelineReads + retention.reads + nowcast.reads;
  return {
    writes: writes.total + nowcast.writes,
    reads,
    deletes,
    storage_bytes: bytesPerDay * input.retentionDays,
    jit_coverage: input.jitCoverage,
    retention_days: input.retentionDays,
    bytes_per_day: bytesPerDay,
    retention_reads: retention.reads,
    archive_bytes_per_day: retention.archiveBytes,
    notes: [
      retention.note,
      input.nowcast
        ? `nowcast (${nowcast.status}): ${nowcast.runs} runs, ${nowcast.reads} reads and ${nowcast.writes} writes in ${(nowcast.wallMs / 1000).toFixed(1)} s, as measured on this day`
        : 'nowcast: not measured (0 reads, 0 writes counted)',
      `reads: morning phases and summary as measured + ${jitRuns} JIT passes × ${book.fixedReadsPerPass} fixed reads${book.measured ? ' (as measured)' : ' (model)'} + ${jitDocReads} showtimes documents of due shows the slot documents lack${input.jitDay ? ' (simulated day)' : ' (model: the morning stored every show)'}`,
      `storage: ${input.retentionDays} days × ${(bytesPerDay / 1024 ** 2).toFixed(1)} MiB (documents + index entries; JIT snapshots ${Math.round(snapshotBytes)} B each as measured); theatres and tokens counted in the day they were written`,
    ],
  };
}

/**
 * GitHub Actions minutes of a whole day at a given TIX_RPS: each job costs its set-up plus its
 * requests at that rate (scaled by the efficiency this run measured) plus its store time, billed
 * in whole minutes per job. A JIT run is one job doing a JIT and a final pass.
 */
export function runnerMinutes(input: {
  phases: PhaseReport[];
  rps: number;
  concurrency: number;
  latencyMs: number;
  jobSetupSeconds: number;
  showtimes: number;
  jitRuns?: number;
}): RunnerMinutes {
  const by = new Map(input.phases.map((p) => [p.phase, p]));
  const jitRuns = input.jitRuns ?? JIT_RUNS_PER_DAY;
  const rate = idealRate(input.rps, input.concurrency, input.latencyMs);
  const seconds = (p: PhaseReport | undefined) => {
    if (!p) return 0;
    const eff = p.efficiency && p.efficiency > 0 ? Math.min(1, p.efficiency) : 1;
    return p.requests / rate / eff + p.store.writeMs / 1000;
  };
  const morningSeconds = input.jobSetupSeconds + PIPELINE_PHASES.reduce((s, n) => s + seconds(by.get(n)), 0);
  // A JIT run reads its share of the day's JIT and final reads.
  const jitPhase = by.get('seats-jit');
  const readsPerRun = (input.showtimes * JIT_READS_PER_SHOW) / Math.max(1, jitRuns);
  const requestsPerRead =
    jitPhase && (jitPhase.counts.showtimes_scraped ?? 0) > 0
      ? jitPhase.requests / jitPhase.counts.showtimes_scraped!
      : 1;
  const jitSeconds = input.jobSetupSeconds + (readsPerRun * requestsPerRead) / rate;
  const summarySeconds = input.jobSetupSeconds + seconds(by.get('summary'));
  const morningMinutes = Math.ceil(morningSeconds / 60);
  const jitMinutesEach = Math.ceil(jitSeconds / 60);
  const summaryMinutes = Math.ceil(summarySeconds / 60);
  return {
    rps: input.rps,
    morningMinutes,
    jitMinutesEach,
    jitRuns,
    summaryMinutes,
    totalMinutes: morningMinutes + jitMinutesEach * jitRuns + summaryMinutes,
  };
}

// ---------------------------------------------------------------- targets

export function targets(r: Pick<BenchReport, 'phases' | 'options' | 'day' | 'day_budget'>): Target[] {
  const out: Target[] = [];
  const by = new Map(r.phases.map((p) => [p.phase, p]));
  const seats = by.get('seats-morning');
  const standard = r.options.rps === 50 && r.options.concurrency === 16 && r.options.latencyMs === 80;
  out.push({
    name: 'seats morning efficiency (RPS 50, conc 16, 80 ms)',
    target: '≥ 0.98',
    measured:
      seats?.efficiency != null ? `${seats.efficiency.toFixed(3)}${standard ? '' : ' (other settings)'}` : 'not run',
    met: seats?.efficiency != null && standard ? seats.efficiency >= 0.98 : null,
  });
  const pipe = PIPELINE_PHASES.map((n) => by.get(n));
  if (pipe.every((p) => p && p.idealMs !== null)) {
    const wall = pipe.reduce((s, p) => s + p!.wallMs, 0);
    const ideal = pipe.reduce((s, p) => s + p!.idealMs!, 0);
    const requests = pipe.reduce((s, p) => s + p!.requests, 0);
    out.push({
      name: `daily pipeline within 10% of ideal (TIX_RPS=20)`,
      target: '≤ 1.10 × ideal',
      measured: `${fmtDuration(wall)} for ${requests} requests, ideal ${fmtDuration(ideal)} (${(wall / ideal).toFixed(2)}×) at TIX_RPS=${r.options.rps}`,
      met: r.options.rps === 20 ? wall <= ideal * 1.1 : null,
    });
  } else {
    out.push({
      name: 'daily pipeline within 10% of ideal (TIX_RPS=20)',
      target: '≤ 1.10 × ideal',
      measured: 'not run',
      met: null,
    });
  }
  const rss = r.phases.map((p) => Math.max(p.process.maxRssMb, p.vmHwmMb ?? 0));
  const peak = rss.length ? Math.max(...rss) : 0;
  out.push({
    name: 'peak RSS of a scraper process',
    target: '≤ 300 MB',
    measured: rss.length ? `${peak.toFixed(0)} MB` : 'not run',
    met: rss.length ? peak <= 300 : null,
  });
  const b = r.day_budget;
  const mib = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MiB`;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const budget: [string, keyof typeof BUDGET_TARGETS, (n: number) => string, number][] = [
    ['Firestore writes per day', 'writes', fmt, SPARK.writes],
    ['Firestore reads per day by the pipeline', 'reads', fmt, SPARK.reads],
    ['Firestore deletes per day (retention, steady state)', 'deletes', fmt, SPARK.deletes],
    ['Firestore storage, steady state', 'storageBytes', mib, SPARK.storageBytes],
  ];
  for (const [name, key, f, quota] of budget) {
    const value = b ? (key === 'storageBytes' ? b.storage_bytes : b[key]) : undefined;
    out.push({
      name,
      target: `≤ ${f(BUDGET_TARGETS[key])} (Spark ${f(quota)})`,
      measured: value === undefined ? 'not computed' : `${f(value)} (${((value / quota) * 100).toFixed(0)}% of Spark)`,
      met: value === undefined ? null : value <= BUDGET_TARGETS[key],
    });
  }
  out.push({
    name: 'JIT coverage (20% of runs 10–25 min late, 5% dropped)',
    target: '≥ 0.99, none read twice',
    measured: r.day.jit
      ? `${r.day.jit.coverage.toFixed(4)} (${r.day.jit.uncovered} of ${r.day.jit.shows} shows missed, ${r.day.jit.readTwice} read twice; ${r.day.jit.runnerMinutes} runner min/day)`
      : 'not computed',
    met: r.day.jit ? r.day.jit.coverage >= 0.99 && r.day.jit.readTwice === 0 : null,
  });
  return out;
}

// ---------------------------------------------------------------- formatting

export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

function fmtNum(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function endpointsCell(e: Record<string, EndpointCount>): string {
  const parts = Object.entries(e)
    .filter(([, c]) => c.requests > 0)
    .sort((a, b) => b[1].requests - a[1].requests)
    .map(([k, c]) => `${k} ${c.requests}`);
  return parts.length ? parts.join(', ') : '–';
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** The phase table: one row per phase of the bench run. */
function phaseTable(r: BenchReport): string[] {
  const lines: string[] = [];
  lines.push(
    row([
      'phase',
      'status',
      'requests (by endpoint)',
      'retries',
      'wall',
      'ideal',
      'efficiency',
      'p50 / p95 ms',
      'sim max req/s',
      'peak RSS MB',
      'CPU s',
      'docs written',
      'biggest doc B',
      'write time',
    ]),
  );
  lines.push(row(Array.from({ length: 14 }, (_, i) => (i < 2 ? '---' : '---:'))));
  for (const p of r.phases) {
    lines.push(
      row([
        p.phase,
        p.status + (p.error ? ` (${p.error.slice(0, 60)})` : ''),
        `${fmtNum(p.requests)} (${endpointsCell(p.endpoints)})`,
        fmtNum(p.retries),
        fmtDuration(p.wallMs),
        p.idealMs === null ? '–' : fmtDuration(p.idealMs),
        p.efficiency === null ? '–' : p.efficiency.toFixed(2),
        p.latencyMs ? `${fmtNum(p.latencyMs.p50)} / ${fmtNum(p.latencyMs.p95)}` : '–',
        p.sim ? fmtNum(p.sim.maxRps, 1) : '–',
        fmtNum(Math.max(p.process.maxRssMb, p.vmHwmMb ?? 0)),
        fmtNum(p.process.cpuSeconds, 1),
        fmtNum(p.store.written),
        fmtNum(p.store.maxBytes),
        fmtDuration(p.store.writeMs),
      ]),
    );
  }
  return lines;
}

/** The day budget against the Spark quotas, and the JIT day's coverage. */
function budgetAndJit(r: BenchReport): string[] {
  const lines: string[] = [];
  if (r.day_budget) {
    const b = r.day_budget;
    lines.push('');
    lines.push(`**Day budget (steady state, retention ${b.retention_days} days)** — against the Spark plan's quotas:`);
    lines.push('');
    lines.push(row(['', 'per day', 'target', 'Spark quota', 'share of quota']));
    lines.push(row(['---', '---:', '---:', '---:', '---:']));
    const mib = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MiB`;
    for (const [name, v, t, q, f] of [
      ['writes', b.writes, BUDGET_TARGETS.writes, SPARK.writes, fmtNum],
      ['pipeline reads', b.reads, BUDGET_TARGETS.reads, SPARK.reads, fmtNum],
      ['deletes', b.deletes, BUDGET_TARGETS.deletes, SPARK.deletes, fmtNum],
      ['storage', b.storage_bytes, BUDGET_TARGETS.storageBytes, SPARK.storageBytes, mib],
    ] as const) {
      lines.push(row([name, f(v), f(t), f(q), `${((v / q) * 100).toFixed(0)}%`]));
    }
    for (const n of b.notes) lines.push(`- ${n}`);
  }
  if (r.day.jit) {
    const j = r.day.jit;
    lines.push('');
    lines.push(
      `**JIT day** (cron every 10 min 07:06–23:56 WIB, 30-minute window; ${j.lateRuns} of ${j.scheduledRuns} runs 10–25 min late, ${j.droppedRuns} dropped): ` +
        `coverage **${j.coverage.toFixed(4)}** (${j.uncovered} of ${j.shows} shows without a reading 30–0 min before the start), ${j.readTwice} read twice, ` +
        `${j.runnerMinutes} runner minutes a day, at most ${j.maxShowsPerPass} shows in one pass.`,
    );
  }
  return lines;
}

/** The report as Markdown: settings, the phase table, the baseline, the day, the targets. */
export function markdown(r: BenchReport): string {
  const o = r.options;
  const lines: string[] = [];
  lines.push(`## CineRadar bench — ${r.startedAt}`);
  lines.push('');
  lines.push(
    `Preset **${o.preset}** (${r.simulator.cities} cities, ${r.simulator.movies} movies, ${r.simulator.theatres} theatres, ` +
      `${r.simulator.showtimes} showtimes, ${r.simulator.futureShowtimes} not started at ${o.now}); ` +
      `TIX_RPS=${o.rps}, TIX_CONCURRENCY=${o.concurrency}, latency ${o.latencyMs} ± ${o.jitterMs} ms; store ${o.store}; ` +
      `${o.mode === 'per-phase' ? 'one scraper process per phase' : 'every phase in one scraper process'}. ` +
      `Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, Node ${r.machine.node}. Total ${fmtDuration(r.totalWallMs)}.`,
  );
  lines.push('');
  lines.push(...phaseTable(r));
  if (r.baseline) {
    const b = r.baseline;
    lines.push('');
    lines.push(
      `**Baseline** (the earlier seat strategy: ${b.strategy}): ${b.ok + b.failed} showtimes in ${fmtDuration(b.wallMs)} ` +
        `(${fmtNum(b.perShowtimeMs)} ms each${b.failed ? `, ${b.failed} failed` : ''}) → ${fmtNum(b.extrapolatedShowtimes)} showtimes ≈ ` +
        `${fmtDuration(b.extrapolatedMs)}` +
        (b.speedup !== null && b.comparedWithMs !== null
          ? `; measured seats morning ${fmtDuration(b.comparedWithMs)}: **${b.speedup.toFixed(1)}× faster**.`
          : '.'),
    );
  }
  if (r.day.writes) {
    const w = r.day.writes;
    lines.push('');
    lines.push(
      `**Firestore writes per day** ≈ **${fmtNum(w.total)}** (budget ${fmtNum(w.budget)}): morning ${fmtNum(w.morning)}, ` +
        `JIT ${fmtNum(w.jit)} (${w.jitRuns} runs), final ${fmtNum(w.final)}, summary ${fmtNum(w.summary)}. ` +
        `Assumptions: ${w.assumptions.join('; ')}.`,
    );
  }
  if (r.day.runnerMinutes.length) {
    lines.push('');
    lines.push(row(['TIX_RPS', 'morning job min', 'JIT min × runs', 'summary min', 'runner min/day']));
    lines.push(row(['---:', '---:', '---:', '---:', '---:']));
    for (const m of r.day.runnerMinutes) {
      lines.push(
        row([
          `${m.rps}${m.rps === o.politeRps ? ' (proposed)' : ''}`,
          fmtNum(m.morningMinutes),
          `${m.jitMinutesEach} × ${m.jitRuns}`,
          fmtNum(m.summaryMinutes),
          fmtNum(m.totalMinutes),
        ]),
      );
    }
    lines.push('');
    lines.push(`(each job billed in whole minutes, ${o.jobSetupSeconds} s assumed set-up per job)`);
  }
  lines.push(...budgetAndJit(r));
  lines.push('');
  lines.push(row(['target', 'wanted', 'measured', 'met']));
  lines.push(row(['---', '---', '---', '---']));
  for (const t of r.targets)
    lines.push(row([t.name, t.target, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- choosing the JIT instant

/**
 * The JIT tick (on the `everyMinutes` grid after `from`, 10 like the cron) whose window holds the most show starts:
 * the busiest JIT run of the day, the one worth measuring. Starts are epoch milliseconds.
 */
export function busiestJitTick(
  starts: readonly number[],
  from: number,
  windowMinutes = JIT_WINDOW_MINUTES,
  everyMinutes = JIT_EVERY_MINUTES,
): { at: number; count: number } | undefined {
  const step = everyMinutes * 60_000;
  const win = windowMinutes * 60_000;
  const future = starts.filter((s) => s > from).sort((a, b) => a - b);
  if (!future.length) return undefined;
  let best: { at: number; count: number } | undefined;
  const first = Math.ceil(from / step) * step;
  const last = future[future.length - 1]!;
  let lo = 0;
  let hi = 0;
  for (let t = first; t < last; t += step) {
    while (lo < future.length && future[lo]! <= t) lo++;
    if (hi < lo) hi = lo;
    while (hi < future.length && future[hi]! <= t + win) hi++;
    const count = hi - lo;
    if (count > 0 && (!best || count > best.count)) best = { at: t, count };
  }
  return best;
}
