/**
 * `npm run bench` options: flags win over the environment (TIX_RPS, TIX_CONCURRENCY,
 * CINERADAR_NOW), the environment over the defaults. Pure: argv and env in, options out.
 */
import { ArgsError, argChoice, argInstant, argInt, argNumber, parseArgs } from '../../shared/args.js';
import { localToInstant } from '../../shared/clock.js';
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

export const BENCH_USAGE = `usage: npm run bench -- [options]
  --preset tiny|city|national   simulator data set (default national)
  --rps N                       TIX_RPS for the scrapers (default: $TIX_RPS or 50)
  --concurrency N               TIX_CONCURRENCY (default: $TIX_CONCURRENCY or 16)
  --latency MS                  simulated round trip (default 80)
  --jitter MS                   ± jitter on it (default 20)
  --phases a,b,…                any of ${PHASES.join(', ')} (default all)
  --one-process                 every phase in one scraper process, as npm run pipeline runs them
                                (default: a fresh process per phase, so RSS and CPU are per phase)
  --baseline N                  showtimes for the earlier sequential strategy (default 100; 0 = skip)
  --pause MS                    the baseline's pause after each request (default 300)
  --polite-rps N                TIX_RPS proposed for production, for runner minutes (default 20)
  --job-setup S                 assumed set-up seconds per GitHub Actions job (default 45)
  --now ISO                     the bench's "now" (default: $CINERADAR_NOW or today 06:00 WIB)
  --seed N                      simulator seed
  --out DIR                     where the JSON goes (default bench/results)
  --keep                        keep the emulator project's documents afterwards`;

export interface BenchCli extends BenchOptions {
  seed: number | undefined;
  outDir: string;
  keep: boolean;
  help: boolean;
}

/** @deprecated the shared usage error; kept as a name for existing importers. */
export const BenchUsageError = ArgsError;

/** 06:00 WIB of the Asia/Jakarta day containing `at`, as an ISO instant. */
export function sixAmWib(at: Date): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return localToInstant(date, '06:00', 'Asia/Jakarta').toISOString();
}

export function parseBenchArgs(argv: readonly string[], env: Record<string, string | undefined>, today: Date = new Date()): BenchCli {
  const now = env.CINERADAR_NOW ? new Date(env.CINERADAR_NOW).toISOString() : sixAmWib(today);
  if (Number.isNaN(Date.parse(now))) throw new ArgsError(`CINERADAR_NOW is not an instant: ${env.CINERADAR_NOW}`);
  const { values: v } = parseArgs(
    argv.filter((a) => a !== '--'),
    {
      help: { type: 'boolean', short: 'h' },
      preset: { type: 'string' },
      rps: { type: 'string' },
      concurrency: { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      phases: { type: 'string' },
      'one-process': { type: 'boolean' },
      baseline: { type: 'string' },
      pause: { type: 'string' },
      'polite-rps': { type: 'string' },
      'job-setup': { type: 'string' },
      now: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
    },
  );
  if (v.out === '') throw new ArgsError('--out needs a directory');
  const positive = { positive: true } as const;
  const nonNegative = { min: 0 } as const;
  return {
    preset: argChoice(v.preset, '--preset', PRESETS, BENCH_DEFAULTS.preset),
    rps: argNumber(v.rps ?? (env.TIX_RPS || undefined), v.rps ? '--rps' : 'TIX_RPS', { ...positive, fallback: BENCH_DEFAULTS.rps })!,
    concurrency: argInt(v.concurrency ?? (env.TIX_CONCURRENCY || undefined), v.concurrency ? '--concurrency' : 'TIX_CONCURRENCY', {
      min: 1,
      fallback: BENCH_DEFAULTS.concurrency,
    })!,
    latencyMs: argNumber(v.latency, '--latency', { ...nonNegative, fallback: BENCH_DEFAULTS.latencyMs })!,
    jitterMs: argNumber(v.jitter, '--jitter', { ...nonNegative, fallback: BENCH_DEFAULTS.jitterMs })!,
    phases: argPhases(v.phases),
    baselineSample: argInt(v.baseline, '--baseline', { ...nonNegative, fallback: BENCH_DEFAULTS.baselineSample })!,
    baselinePauseMs: argNumber(v.pause, '--pause', { ...nonNegative, fallback: BENCH_DEFAULTS.baselinePauseMs })!,
    mode: v['one-process'] ? 'one-process' : 'per-phase',
    now: argInstant(v.now) ?? now,
    store: 'firestore',
    politeRps: argNumber(v['polite-rps'], '--polite-rps', { ...positive, fallback: BENCH_DEFAULTS.politeRps })!,
    jobSetupSeconds: argNumber(v['job-setup'], '--job-setup', { ...nonNegative, fallback: BENCH_DEFAULTS.jobSetupSeconds })!,
    seed: argInt(v.seed, '--seed', nonNegative),
    outDir: v.out ?? 'bench/results',
    keep: v.keep ?? false,
    help: v.help ?? false,
  };
}

/** `--phases a,b,…` → those phases in the day's order, whatever order they were given in. */
function argPhases(value: string | undefined): PhaseName[] {
  if (value === undefined) return [...PHASES];
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((p) => !isPhaseName(p));
  if (!list.length || bad.length) throw new ArgsError(`--phases: unknown ${bad.join(', ') || '(none given)'}; known: ${PHASES.join(', ')}`);
  return PHASES.filter((p) => list.includes(p)) as PhaseName[];
}
