/**
 * The words of a run, declared once: what kind of run it is, how it ended, which seat pass it was,
 * and the signal that cancelled it. The store's schema (shared/store/run-documents.ts), the scrapers'
 * options and the recorder all take them from here.
 */

/** Every kind of run that records itself (`run_type` in run_log and scraper_runs). */
export const RUN_TYPES = [
  'movies',
  'schedules',
  'seats',
  'token',
  'summary',
  'prune',
  'geocode',
  'health',
  'restore',
  'nowcast',
] as const;
export type RunType = (typeof RUN_TYPES)[number];

/** How a run ended (`status`). */
export const RUN_STATUSES = ['success', 'partial', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The seat pass: every show of the day, the ones about to start, or the ones just started. */
export const SEAT_MODES = ['morning', 'jit', 'final'] as const;
export type SeatMode = (typeof SEAT_MODES)[number];

/** The signal that cancelled a run; decides its exit code (shared/run/verdict.ts). */
export type CancelSignal = 'SIGINT' | 'SIGTERM';
