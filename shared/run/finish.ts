/**
 * The steps of finishing a run, each a function of the run's facts (RunRecorder.finish calls them
 * in order): judge, persist (run_log, and what the admin's monitor gets), append the Markdown to
 * the step summary, log the statistics line and one line per cause.
 */
import { appendFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { scrubString } from '../log.js';
import type { DocData, Store } from '../store/store.js';
import { cleanReason, groupLine, mergeScopes } from './causes.js';
import { makeRunId } from './ids.js';
import { recordForMonitor } from './monitor.js';
import { buildRunDocument, RUN_LOG, statisticsLine, type RunFacts } from './report.js';
import { judgeRun, type WorkDone } from './verdict.js';
import type { CancelSignal, RunStatus } from './vocabulary.js';

export interface FinishOptions {
  /** Force a status; otherwise derived from `published` and the failures recorded. */
  status?: RunStatus;
  /** What the run published: a number of documents, or whether it published at all. */
  published: number | boolean;
  /** Plain sentences for the operator, e.g. "latest held back: 30% of cities failed". */
  notes?: string | string[];
  /** With status 'cancelled': the signal, for the exit code (SIGINT 130, SIGTERM 143). */
  signal?: CancelSignal;
  /**
   * The run's units of work (cities, movie×city pairs, showtimes) and how many failed: more than
   * `maxShare` (default PARTIAL_MAX_SHARE, 10%) failed, or all of them, makes the run failed.
   */
  work?: WorkDone;
  /** With a forced 'failed' status: one line saying why (logged at ERROR, in the document). */
  reason?: string;
}

/** How the run ended: its status, one line why (failed, cancelled) and the notes with that line first. */
export interface Judged {
  status: RunStatus;
  reason: string | undefined;
  notes: string[];
}

export const asList = (notes: string | string[] | undefined): string[] =>
  notes === undefined ? [] : Array.isArray(notes) ? notes : [notes];

/** The status (forced, or judged from the work), its reason, and the notes with the reason first. */
export function judge(opts: FinishOptions, failures: number): Judged {
  const judged = opts.status
    ? { status: opts.status, reason: opts.reason }
    : judgeRun(opts.published, failures, opts.work);
  const status = judged.status;
  const reason = judged.reason
    ? scrubString(judged.reason)
    : status === 'cancelled' && opts.signal
      ? `cancelled by ${opts.signal}`
      : undefined;
  const notes = asList(opts.notes).map((n) => scrubString(String(n)));
  if (reason && !notes.includes(reason)) notes.unshift(reason);
  return { status, reason, notes };
}

export function durationOf(f: Pick<RunFacts, 'startedAt' | 'finishedAt'>): number {
  return Math.max(0, f.finishedAt.getTime() - f.startedAt.getTime());
}

/**
 * Create the run's record without overwriting another run's: if a run of the same type took the
 * same second (parallel shards), switch to the id with milliseconds, then count up. Returns the id.
 */
async function claimRunId(store: Store, f: RunFacts, doc: DocData): Promise<string> {
  const ms = f.startedAt.getUTCMilliseconds();
  const candidates = [makeRunId(f.runType, f.startedAt, undefined, f.mode)];
  for (let i = 0; i < 20; i++) candidates.push(makeRunId(f.runType, f.startedAt, ms + i, f.mode));
  for (const id of candidates) {
    const data = { ...doc, run_id: id };
    const created = await store.transaction(`${RUN_LOG}/${id}`, (current) =>
      current === undefined ? { write: data, result: true } : { result: false },
    );
    if (created) return id;
  }
  throw new Error(`no free run id near ${candidates[0]}`);
}

/** What persisting the run achieved: its final id, whether all was written, the document. */
export interface Persisted {
  runId: string;
  recorded: boolean;
  adminPath: string | undefined;
  document: DocData;
}

/** Write the run's record and what the admin's monitor gets of it; a failed write is logged, not thrown. */
export async function persistRun(store: Store, log: Logger, facts: RunFacts): Promise<Persisted> {
  let document = buildRunDocument(facts);
  let runId = facts.runId;
  try {
    runId = await claimRunId(store, facts, document);
    document = { ...document, run_id: runId };
    const adminPath = await recordForMonitor(store, { ...facts, runId, document });
    return { runId, recorded: true, adminPath, document };
  } catch (err) {
    log.error({ err, run_id: runId }, `could not record run ${runId}: ${cleanReason(err)}`);
    return { runId, recorded: false, adminPath: undefined, document };
  }
}

/** Append the run's Markdown to $GITHUB_STEP_SUMMARY (when set); a failure is a warning. */
export async function appendStepSummary(path: string | undefined, markdown: string, log: Logger): Promise<void> {
  if (!path) return;
  try {
    await appendFile(path, markdown, 'utf8');
  } catch (err) {
    log.warn({ err, path }, `could not append the step summary: ${cleanReason(err)}`);
  }
}

/** The log level of a run's final line. */
function levelOf(status: RunStatus): 'error' | 'warn' | 'info' {
  return status === 'failed' ? 'error' : status === 'cancelled' || status === 'partial' ? 'warn' : 'info';
}

/** The one final statistics line (ERROR for a failed run, WARN for partial or cancelled). */
export function logStatistics(log: Logger, f: RunFacts, reason: string | undefined, recorded: boolean): void {
  const r = f.requests;
  log[levelOf(f.status)](
    {
      run_id: f.runId,
      run_type: f.runType,
      status: f.status,
      reason,
      duration_ms: durationOf(f),
      ...f.contract,
      counts: f.counts,
      failed: f.failed,
      skipped: f.skipped,
      requests: r ? { total: r.requests, per_second: r.per_second, retries: r.retries } : undefined,
      recorded,
    },
    reason ? `${statisticsLine(f)} — ${reason}` : statisticsLine(f),
  );
}

/** The error analysis: one line per cause, however many items it hit. */
export function logCauses(log: Logger, f: RunFacts): void {
  const level = f.status === 'failed' ? 'error' : 'warn';
  for (const g of mergeScopes(f.groups)) {
    log[level]({ run_id: f.runId, scope: g.scope, count: g.count, cause: g.cause, examples: g.examples }, groupLine(g));
  }
}
