/**
 * `npm run bench` options: flags win over the environment (TIX_RPS, TIX_CONCURRENCY,
 * CINERADAR_NOW), the environment over the defaults. Pure: argv and env in, options out.
 */
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

export class BenchUsageError extends Error {}

function positive(flag: string, v: string | undefined, int = false): number {
  const n = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(n) || n <= 0 || (int && !Number.isInteger(n))) {
    throw new BenchUsageError(`${flag} must be a positive ${int ? 'whole ' : ''}number, got ${JSON.stringify(v ?? '')}`);
  }
  return n;
}

function nonNegative(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(n) || n < 0) {
    throw new BenchUsageError(`${flag} must be a number ≥ 0, got ${JSON.stringify(v ?? '')}`);
  }
  return n;
}

/** 06:00 WIB of the Asia/Jakarta day containing `at`, as an ISO instant. */
export function sixAmWib(at: Date): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return localToInstant(date, '06:00', 'Asia/Jakarta').toISOString();
}

export function parseBenchArgs(argv: readonly string[], env: Record<string, string | undefined>, today: Date = new Date()): BenchCli {
  const o: BenchCli = {
    preset: BENCH_DEFAULTS.preset,
    rps: env.TIX_RPS ? positive('TIX_RPS', env.TIX_RPS) : BENCH_DEFAULTS.rps,
    concurrency: env.TIX_CONCURRENCY ? positive('TIX_CONCURRENCY', env.TIX_CONCURRENCY, true) : BENCH_DEFAULTS.concurrency,
    latencyMs: BENCH_DEFAULTS.latencyMs,
    jitterMs: BENCH_DEFAULTS.jitterMs,
    phases: [...PHASES],
    baselineSample: BENCH_DEFAULTS.baselineSample,
    baselinePauseMs: BENCH_DEFAULTS.baselinePauseMs,
    mode: 'per-phase',
    now: env.CINERADAR_NOW ? new Date(env.CINERADAR_NOW).toISOString() : sixAmWib(today),
    store: 'firestore',
    politeRps: BENCH_DEFAULTS.politeRps,
    jobSetupSeconds: BENCH_DEFAULTS.jobSetupSeconds,
    seed: undefined,
    outDir: 'bench/results',
    keep: false,
    help: false,
  };
  if (Number.isNaN(Date.parse(o.now))) throw new BenchUsageError(`CINERADAR_NOW is not an instant: ${env.CINERADAR_NOW}`);
  const args = [...argv];
  while (args.length) {
    const raw = args.shift()!;
    if (raw === '--') continue;
    const eq = raw.indexOf('=');
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = () => (eq > 0 ? raw.slice(eq + 1) : args.shift());
    switch (flag) {
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--preset': {
        const v = value();
        if (!v || !(PRESETS as readonly string[]).includes(v)) throw new BenchUsageError(`--preset must be one of ${PRESETS.join(', ')}`);
        o.preset = v;
        break;
      }
      case '--rps':
        o.rps = positive(flag, value());
        break;
      case '--concurrency':
        o.concurrency = positive(flag, value(), true);
        break;
      case '--latency':
        o.latencyMs = nonNegative(flag, value());
        break;
      case '--jitter':
        o.jitterMs = nonNegative(flag, value());
        break;
      case '--phases': {
        const list = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const bad = list.filter((p) => !isPhaseName(p));
        if (!list.length || bad.length) throw new BenchUsageError(`--phases: unknown ${bad.join(', ') || '(none given)'}; known: ${PHASES.join(', ')}`);
        // Always in the day's order, whatever order they were given in.
        o.phases = PHASES.filter((p) => list.includes(p)) as PhaseName[];
        break;
      }
      case '--baseline':
        o.baselineSample = Math.floor(nonNegative(flag, value()));
        break;
      case '--pause':
        o.baselinePauseMs = nonNegative(flag, value());
        break;
      case '--polite-rps':
        o.politeRps = positive(flag, value());
        break;
      case '--job-setup':
        o.jobSetupSeconds = nonNegative(flag, value());
        break;
      case '--now': {
        const v = value() ?? '';
        if (Number.isNaN(Date.parse(v)) || !/(Z|[+-]\d{2}:?\d{2})$/.test(v)) throw new BenchUsageError('--now must be an ISO instant with a zone');
        o.now = new Date(v).toISOString();
        break;
      }
      case '--seed':
        o.seed = Math.floor(nonNegative(flag, value()));
        break;
      case '--out': {
        const v = value();
        if (!v) throw new BenchUsageError('--out needs a directory');
        o.outDir = v;
        break;
      }
      case '--one-process':
        o.mode = 'one-process';
        break;
      case '--keep':
        o.keep = true;
        break;
      default:
        throw new BenchUsageError(`unknown option ${raw}`);
    }
  }
  return o;
}
