/**
 * `npm run bench` options, defined once in `command` (help, parser, README table): flags win over the environment (TIX_RPS, TIX_CONCURRENCY,
 * CINERADAR_NOW), the environment over the defaults. Pure: argv and env in, options out.
 */
import { ArgsError, argChoice, argInstant, argInt, argNumber } from '../../shared/args.js';
import { defineCommand, parseCommand, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import { envNow, localToInstant } from '../../shared/clock.js';
import { DEFAULT_RETENTION_DAYS } from '../../scrapers/seats/budget.js';
import { PHASES, isPhaseName, type BenchOptions, type PhaseName } from './report.js';

export const BENCH_DEFAULTS = {
  preset: 'national',
  rps: 50,
  concurrency: 16,
  latencyMs: 80,
  jitterMs: 20,
  baselineSample: 100,
  baselinePauseMs: 300,
  politeRps: 20,
  jobSetupSeconds: 45,
} as const;

export const PRESETS = ['tiny', 'city', 'national'] as const;

/** The phase that is not a scraper step: the dataset's export and queries (scripts/bench/dataset.ts). */
export const DATASET_PHASE = 'dataset';

const D = BENCH_DEFAULTS;

export const command = defineCommand({
  name: 'bench',
  invoke: 'npm run bench --',
  summary: 'the national-scale benchmark against the simulator and the Firestore emulator',
  docs: 'docs/performance.md',
  description: `Starts the TIX.id simulator and the Firestore emulator, runs each phase of the day in a fresh
scraper process (so RSS and CPU are the scraper's own), re-enacts the earlier sequential seat
strategy on a sample as a baseline, prints a Markdown table and writes the JSON report.`,
  options: {
    preset: { type: 'string', value: 'tiny|city|national', default: D.preset, description: 'simulator data set' },
    rps: {
      type: 'string',
      value: 'N',
      defaultText: `$TIX_RPS, else ${D.rps}`,
      description: 'TIX_RPS for the scrapers',
    },
    concurrency: {
      type: 'string',
      value: 'N',
      defaultText: `$TIX_CONCURRENCY, else ${D.concurrency}`,
      description: 'TIX_CONCURRENCY for the scrapers',
    },
    latency: { type: 'string', value: 'MS', default: String(D.latencyMs), description: 'simulated round trip' },
    jitter: { type: 'string', value: 'MS', default: String(D.jitterMs), description: '± jitter on the latency' },
    phases: {
      type: 'string',
      value: 'a,b,…',
      defaultText: 'all (dataset with the national preset only)',
      description: `any of ${PHASES.join(', ')}, ${DATASET_PHASE} (the export of the day and a synthetic year's queries; alone it needs no simulator or emulator)`,
    },
    'one-process': {
      type: 'boolean',
      description: 'every phase in one scraper process, as npm run pipeline runs them (default: a process per phase)',
    },
    baseline: {
      type: 'string',
      value: 'N',
      default: String(D.baselineSample),
      description: 'showtimes for the earlier sequential strategy (0: skip)',
    },
    pause: {
      type: 'string',
      value: 'MS',
      default: String(D.baselinePauseMs),
      description: "the baseline's pause after each request",
    },
    'polite-rps': {
      type: 'string',
      value: 'N',
      default: String(D.politeRps),
      description: 'TIX_RPS proposed for production, for the runner minutes',
    },
    'job-setup': {
      type: 'string',
      value: 'S',
      default: String(D.jobSetupSeconds),
      description: 'assumed set-up seconds per GitHub Actions job',
    },
    now: {
      type: 'string',
      value: 'ISO',
      defaultText: '$CINERADAR_NOW, else today 06:00 WIB',
      description: 'the bench\'s "now", with a zone',
    },
    seed: { type: 'string', value: 'N', description: 'simulator seed' },
    'retention-days': {
      type: 'string',
      value: 'N',
      defaultText: `$CINERADAR_RETENTION_DAYS, else ${DEFAULT_RETENTION_DAYS}`,
      description: 'days of dated documents kept, for the storage figure',
    },
    'jit-seed': {
      type: 'string',
      value: 'N',
      default: '1',
      description: "seed of the JIT day's late and dropped cron runs",
    },
    out: { type: 'string', value: 'DIR', default: 'bench/results', description: 'where the JSON report goes' },
    keep: { type: 'boolean', description: "keep the emulator project's documents afterwards" },
  },
  env: ['TIX_RPS', 'TIX_CONCURRENCY', 'CINERADAR_NOW', 'CINERADAR_RETENTION_DAYS', 'FIRESTORE_EMULATOR_HOST', 'PATH'],
  exitCodes: { 0: 'every phase ran', 1: 'a phase failed (the table says which)', ...USAGE_EXIT },
  examples: ['npm run bench', 'npm run bench -- --preset city --phases movies,schedules --baseline 0'],
});

export interface BenchCli extends BenchOptions {
  /** Run the dataset phase (after the summary, before retention; alone with --phases dataset). */
  dataset: boolean;
  seed: number | undefined;
  /** Days of dated documents kept, for the storage figure (CINERADAR_RETENTION_DAYS). */
  retentionDays: number;
  /** Seed of the JIT day's cron faults. */
  jitSeed: number;
  outDir: string;
  keep: boolean;
  help: boolean;
}

/** 06:00 WIB of the Asia/Jakarta day containing `at`, as an ISO instant. */
export function sixAmWib(at: Date): string {
  const date = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  return localToInstant(date, '06:00', 'Asia/Jakarta').toISOString();
}

export function parseBenchArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  today: Date = new Date(),
): BenchCli {
  return benchOptions(parseCommand(command, argv), env, today);
}

/** The parsed arguments and the environment → the bench's options. */
export function benchOptions(
  parsed: Parsed<typeof command.options>,
  env: Record<string, string | undefined>,
  today: Date = new Date(),
): BenchCli {
  const now = envNow(env) ?? sixAmWib(today);
  const { values: v, help } = parsed;
  if (v.out === '') throw new ArgsError('--out needs a directory');
  const positive = { positive: true } as const;
  const nonNegative = { min: 0 } as const;
  return {
    preset: argChoice(v.preset, '--preset', PRESETS, BENCH_DEFAULTS.preset),
    rps: argNumber(v.rps ?? (env.TIX_RPS || undefined), v.rps ? '--rps' : 'TIX_RPS', {
      ...positive,
      fallback: BENCH_DEFAULTS.rps,
    })!,
    concurrency: argInt(
      v.concurrency ?? (env.TIX_CONCURRENCY || undefined),
      v.concurrency ? '--concurrency' : 'TIX_CONCURRENCY',
      {
        min: 1,
        fallback: BENCH_DEFAULTS.concurrency,
      },
    )!,
    latencyMs: argNumber(v.latency, '--latency', nonNegative)!,
    jitterMs: argNumber(v.jitter, '--jitter', nonNegative)!,
    phases: argPhases(v.phases),
    dataset:
      v.phases === undefined
        ? (v.preset ?? BENCH_DEFAULTS.preset) === 'national'
        : v.phases
            .split(',')
            .map((p) => p.trim())
            .includes(DATASET_PHASE),
    baselineSample: argInt(v.baseline, '--baseline', nonNegative)!,
    baselinePauseMs: argNumber(v.pause, '--pause', nonNegative)!,
    mode: v['one-process'] ? 'one-process' : 'per-phase',
    now: argInstant(v.now) ?? now,
    store: 'firestore',
    politeRps: argNumber(v['polite-rps'], '--polite-rps', positive)!,
    jobSetupSeconds: argNumber(v['job-setup'], '--job-setup', nonNegative)!,
    seed: argInt(v.seed, '--seed', nonNegative),
    retentionDays: argInt(
      v['retention-days'] ?? (env.CINERADAR_RETENTION_DAYS || undefined),
      v['retention-days'] ? '--retention-days' : 'CINERADAR_RETENTION_DAYS',
      { min: 1, fallback: DEFAULT_RETENTION_DAYS },
    )!,
    jitSeed: argInt(v['jit-seed'], '--jit-seed', { min: 0, fallback: 1 })!,
    outDir: v.out,
    keep: v.keep ?? false,
    help,
  };
}

/** `--phases a,b,…` → those phases in the day's order, whatever order they were given in. */
function argPhases(value: string | undefined): PhaseName[] {
  if (value === undefined) return [...PHASES];
  const given = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const list = given.filter((p) => p !== DATASET_PHASE);
  const bad = list.filter((p) => !isPhaseName(p));
  if (!given.length || bad.length)
    throw new ArgsError(
      `--phases: unknown ${bad.join(', ') || '(none given)'}; known: ${PHASES.join(', ')}, ${DATASET_PHASE}`,
    );
  return PHASES.filter((p) => list.includes(p)) as PhaseName[];
}
