/**
 * The daily job's steps as plain data: their names in the day's order, what each step ended
 * with, the exit code of the whole job, and the final table. Pure: the pipeline, the demo and
 * the bench share it.
 */
import type { RunStatus } from '../../shared/run/vocabulary.js';

export const STEP_NAMES = ['token', 'movies', 'schedules', 'seats-morning', 'seats-jit', 'summary'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** `npm run pipeline`: the morning job. */
export const DAILY_STEPS: readonly StepName[] = ['token', 'movies', 'schedules', 'seats-morning'];

export type StepStatus = RunStatus | 'not run';

export interface StepRecord {
  step: StepName;
  status: StepStatus;
  durationMs: number;
  /** HTTP attempts to TIX.id during the step (retries included). */
  requests: number;
  retries: number;
  /** One line: what the step did, or why it failed / did not run. */
  detail: string;
  /** The step's `run_log` record, when it wrote one. */
  runPath?: string;
  /** Step-specific figures (movies, showtimes read, snapshots written…). */
  counts: Record<string, number>;
}

/** 0 when every step that ran succeeded or was partial; 1 when one failed or was cancelled. */
export function pipelineExitCode(steps: readonly StepRecord[]): 0 | 1 {
  return steps.some((s) => s.status === 'failed' || s.status === 'cancelled') ? 1 : 0;
}

/** The steps left out after `failed`, recorded as not run. */
export function notRun(steps: readonly StepName[], after: StepName, reason: string): StepRecord[] {
  const i = steps.indexOf(after);
  return steps
    .slice(i + 1)
    .map((step) => ({ step, status: 'not run', durationMs: 0, requests: 0, retries: 0, detail: reason, counts: {} }));
}

/** A row of the final table: a pipeline step, or another step a caller ran (the demo's geocode). */
export type StepRow = Pick<StepRecord, 'status' | 'durationMs' | 'requests' | 'retries' | 'detail'> & { step: string };

/** One line for the end of the job: "partial: schedules had failures" / "failed at seats-morning". */
export function verdict(steps: readonly StepRow[]): string {
  const failed = steps.find((s) => s.status === 'failed');
  if (failed) return `FAILED at ${failed.step}: ${failed.detail}`;
  const cancelled = steps.find((s) => s.status === 'cancelled');
  if (cancelled)
    return `CANCELLED at ${cancelled.step}: ${cancelled.detail}; run the same command again to complete the day`;
  const partial = steps.filter((s) => s.status === 'partial').map((s) => s.step);
  if (partial.length)
    return `PARTIAL: ${partial.join(', ')} had failures (see their run_log records); everything else succeeded`;
  return 'SUCCESS: every step succeeded';
}

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** Longer details are cut in the table (the verdict line under it carries a failure in full). */
const MAX_DETAIL = 110;

/** The final table of steps: status, duration, requests, what happened. Plain text, aligned. */
export function stepTable(steps: readonly StepRow[]): string {
  const head = ['step', 'status', 'duration', 'requests', 'retries', 'detail'];
  const rows = steps.map((s) => [
    s.step,
    s.status,
    s.status === 'not run' ? '–' : duration(s.durationMs),
    s.status === 'not run' ? '–' : String(s.requests),
    s.status === 'not run' ? '–' : String(s.retries),
    s.detail.length > MAX_DETAIL ? `${s.detail.slice(0, MAX_DETAIL - 1)}…` : s.detail,
  ]);
  const total = steps.filter((s) => s.status !== 'not run');
  rows.push([
    'total',
    '',
    duration(total.reduce((n, s) => n + s.durationMs, 0)),
    String(total.reduce((n, s) => n + s.requests, 0)),
    String(total.reduce((n, s) => n + s.retries, 0)),
    '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3, 4]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(head),
    line(widths.map((w, i) => (i === widths.length - 1 ? '-'.repeat(Math.max(6, w)) : '-'.repeat(w)))),
    ...rows.map(line),
  ].join('\n');
}
