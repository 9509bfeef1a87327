/**
 * The seat passes' day: the JIT workflow's schedule and what a day of passes costs in Firestore
 * writes. Pure; the pass records `writes_estimate_day` from it and the bench reports the same model
 * next to what it measured.
 */

/** Firestore's free (Spark) tier: writes per day. */
export const FREE_WRITES_PER_DAY = 20_000;

/**
 * The JIT workflow's cron (UTC): every 10 minutes at :06, :16, … :56, 00:06–16:56 UTC =
 * 07:06–23:56 WIB, off the top of the hour when GitHub's scheduler is busiest. Kept equal to
 * .github/workflows/seats-jit.yml (a test compares them).
 */
export const JIT_CRON = '6-56/10 0-16 * * *';
export const JIT_CRON_MINUTES = [6, 16, 26, 36, 46, 56] as const;
export const JIT_CRON_HOURS_UTC = { first: 0, last: 16 } as const;
export const JIT_PASSES_PER_DAY = JIT_CRON_MINUTES.length * (JIT_CRON_HOURS_UTC.last - JIT_CRON_HOURS_UTC.first + 1);

/**
 * Days of dated documents kept in Firestore (CINERADAR_RETENTION_DAYS): chosen so the steady-state
 * storage of a national day stays under 700 MiB (docs/performance.md).
 */
export const DEFAULT_RETENTION_DAYS = 14;

/** Morning readings are merged into their slot documents every this many readings. */
export const MORNING_FLUSH_EVERY = 250;
/** Half-hour slot documents a national day fills (07:00–24:30 WIB). */
export const SLOTS_PER_DAY = 35;

export interface DayEstimateInput {
  /** Showtimes of the day. */
  showtimes: number;
  /** Morning passes (shards). Default 1. */
  morningPasses?: number;
  /** JIT passes a day. Default: the workflow's schedule. */
  jitPasses?: number;
}

export interface DayEstimate {
  /** Slot writes of the morning pass: one per flush (a flush's readings are in one or two slots). */
  morning: number;
  /** One snapshot per show (every JIT reading is a document) plus each pass's one or two slot writes. */
  jit: number;
  /** Final passes are not scheduled (docs/data-contract.md). */
  final: number;
  /** Run records (run_log per pass, the hour's scraper_runs merge) and the day index. */
  bookkeeping: number;
  total: number;
  withinFreeTier: boolean;
}

export function estimateDayWrites(i: DayEstimateInput): DayEstimate {
  const morningPasses = i.morningPasses ?? 1;
  const jitPasses = i.jitPasses ?? JIT_PASSES_PER_DAY;
  const morning = Math.ceil(i.showtimes / MORNING_FLUSH_EVERY) + Math.min(SLOTS_PER_DAY, i.showtimes) * morningPasses;
  const jit = i.showtimes + 2 * jitPasses;
  const final = 0;
  const bookkeeping = 2 * morningPasses + 2 * jitPasses + 1;
  const total = morning + jit + final + bookkeeping;
  return { morning, jit, final, bookkeeping, total, withinFreeTier: total <= FREE_WRITES_PER_DAY };
}
