/**
 * The benchmark's pure core: the report's shape, the efficiency rule, the whole-day model
 * (Firestore writes, runner minutes), the targets, and the Markdown table. Plain data in, plain
 * data out: the imperative shell (scripts/bench/main.ts) measures, this file only computes.
 */

import { DAILY_STEPS, STEP_NAMES, type StepName } from '../pipeline/outcome.js';

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
  /** Writes the scraper decided not to make (e.g. unchanged occupancy). */
  skipped: number;
  /** Documents that failed to write. */
  failed: number;
  /** The biggest document written, in Firestore's size formula. */
  maxBytes: number;
  /** Milliseconds spent in store writes (overlapping writes count once each). */
  writeMs: number;
  /** Documents read (get + list results). */
  reads: number;
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
  day: { writes: WritesPerDay | null; runnerMinutes: RunnerMinutes[] };
  targets: Target[];
  totalWallMs: number;
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
export function efficiency(requests: number, wallMs: number, rps: number, concurrency: number, latencyMs: number): number | null {
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
    speedup: input.comparedWithMs && input.comparedWithMs > 0 && done > 0 ? extrapolatedMs / input.comparedWithMs : null,
  };
}

// ---------------------------------------------------------------- the whole day

export const FREE_TIER_WRITES = 20_000;
export const JIT_EVERY_MINUTES = 15;
export const JIT_WINDOW_MINUTES = 20;
/** `final` reads shows starting within 5 minutes of a run. */
export const FINAL_WINDOW_MINUTES = 5;
/**
 * JIT reads per show in a day: 1, because the seat scraper's JIT pass leaves alone the shows a
 * previous JIT pass already read (scrapers/seats/scrape.ts), although the 20-minute windows of
 * passes 15 minutes apart overlap.
 */
export const JIT_READS_PER_SHOW = 1;
/** seats-jit.yml: every 15 minutes from 08:00 to 23:45 WIB (cron minutes 0, 15, 30, 45 of hours 1–16 UTC), a JIT and a final pass each. */
export const JIT_RUNS_PER_DAY = 64;

/**
 * Firestore writes of a whole day, from what this run measured:
 * - morning: every document the token, movies, schedules and seats-morning phases wrote;
 * - JIT: each show is read once by a JIT pass and written with the share the measured JIT pass
 *   wrote; plus each of the day's JIT passes' own bookkeeping (run document, state) as measured;
 * - final: a 5-minute window every 15 minutes reads a third of the shows, same share, same
 *   bookkeeping per pass;
 * - summary: what the measured summary phase wrote.
 */
export function writesPerDay(input: { phases: PhaseReport[]; showtimes: number; jitRuns?: number }): WritesPerDay | null {
  const by = new Map(input.phases.map((p) => [p.phase, p]));
  const morningPhases = PIPELINE_PHASES.map((n) => by.get(n));
  if (morningPhases.some((p) => !p || p.status === 'error' || p.status === 'skipped')) return null;
  const jitRuns = input.jitRuns ?? JIT_RUNS_PER_DAY;
  const morning = morningPhases.reduce((n, p) => n + p!.store.written, 0);
  const jitPhase = by.get('seats-jit');
  const assumptions: string[] = [];
  let writeShare = 1;
  let bookkeeping = 1;
  const jitRead = jitPhase?.counts.showtimes_scraped ?? 0;
  if (jitPhase && jitPhase.status !== 'error' && jitPhase.status !== 'skipped' && jitRead > 0) {
    const snapshots = jitPhase.counts.snapshots_written ?? jitPhase.store.written;
    writeShare = Math.min(1, snapshots / jitRead);
    bookkeeping = Math.max(0, jitPhase.store.written - snapshots);
    assumptions.push(
      `the measured JIT pass wrote ${snapshots} of ${jitRead} shows it read (${(writeShare * 100).toFixed(0)}%) and ${bookkeeping} bookkeeping documents; every JIT and final pass is assumed alike`,
    );
  } else {
    assumptions.push('no JIT pass measured: every JIT and final read counted as written (worst case), one bookkeeping document per pass');
  }
  const jitReads = JIT_READS_PER_SHOW;
  const finalReads = FINAL_WINDOW_MINUTES / JIT_EVERY_MINUTES;
  assumptions.push(
    `${jitRuns} JIT runs a day (every ${JIT_EVERY_MINUTES} min, 08:00–23:45 WIB), each a JIT pass (${JIT_WINDOW_MINUTES} min window; a show already read by a JIT pass is not read again: ${jitReads.toFixed(2)} reads per show) and a final pass (${FINAL_WINDOW_MINUTES} min: ${finalReads.toFixed(2)} reads per show)`,
  );
  const jit = Math.round(input.showtimes * jitReads * writeShare) + jitRuns * bookkeeping;
  const final = Math.round(input.showtimes * finalReads * writeShare) + jitRuns * bookkeeping;
  const summaryPhase = by.get('summary');
  const summary = summaryPhase && summaryPhase.status !== 'error' && summaryPhase.status !== 'skipped' ? summaryPhase.store.written : 0;
  if (!summaryPhase) assumptions.push('summary not measured: counted as 0 writes');
  const total = morning + jit + final + summary;
  return { morning, jit, final, summary, jitRuns, total, budget: FREE_TIER_WRITES, assumptions };
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
  const readsPerRun = (input.showtimes * (JIT_READS_PER_SHOW + FINAL_WINDOW_MINUTES / JIT_EVERY_MINUTES)) / Math.max(1, jitRuns);
  const requestsPerRead =
    jitPhase && (jitPhase.counts.showtimes_scraped ?? 0) > 0 ? jitPhase.requests / jitPhase.counts.showtimes_scraped! : 1;
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

export function targets(r: Pick<BenchReport, 'phases' | 'options' | 'day'>): Target[] {
  const out: Target[] = [];
  const by = new Map(r.phases.map((p) => [p.phase, p]));
  const seats = by.get('seats-morning');
  const standard = r.options.rps === 50 && r.options.concurrency === 16 && r.options.latencyMs === 80;
  out.push({
    name: 'seats morning efficiency (RPS 50, conc 16, 80 ms)',
    target: '≥ 0.90',
    measured: seats?.efficiency != null ? `${seats.efficiency.toFixed(2)}${standard ? '' : ' (other settings)'}` : 'not run',
    met: seats?.efficiency != null && standard ? seats.efficiency >= 0.9 : null,
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
    out.push({ name: 'daily pipeline within 10% of ideal (TIX_RPS=20)', target: '≤ 1.10 × ideal', measured: 'not run', met: null });
  }
  const rss = r.phases.map((p) => Math.max(p.process.maxRssMb, p.vmHwmMb ?? 0));
  const peak = rss.length ? Math.max(...rss) : 0;
  out.push({
    name: 'peak RSS of a scraper process',
    target: '≤ 300 MB',
    measured: rss.length ? `${peak.toFixed(0)} MB` : 'not run',
    met: rss.length ? peak <= 300 : null,
  });
  out.push({
    name: 'Firestore writes per day',
    target: `≤ ${FREE_TIER_WRITES.toLocaleString('en-US')}`,
    measured: r.day.writes ? r.day.writes.total.toLocaleString('en-US') : 'not computed',
    met: r.day.writes ? r.day.writes.total <= FREE_TIER_WRITES : null,
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
      'skipped',
      'biggest doc B',
      'write time',
    ]),
  );
  lines.push(row(Array.from({ length: 15 }, (_, i) => (i < 2 ? '---' : '---:'))));
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
        fmtNum(p.store.skipped),
        fmtNum(p.store.maxBytes),
        fmtDuration(p.store.writeMs),
      ]),
    );
  }
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
  lines.push('');
  lines.push(row(['target', 'wanted', 'measured', 'met']));
  lines.push(row(['---', '---', '---', '---']));
  for (const t of r.targets) lines.push(row([t.name, t.target, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- choosing the JIT instant

/**
 * The JIT tick (on the 15-minute grid after `from`) whose window holds the most show starts:
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
