/**
 * Run bookkeeping shared by every scraper: one `RunRecorder` per run counts what happened, keeps a
 * short sample of what failed, and `finish()` goes through its steps:
 *
 *   judge → build the facts (once) → persist (run_log, and what the admin's monitor gets)
 *   → render the Markdown → append it to $GITHUB_STEP_SUMMARY → log the statistics line and one
 *   line per cause → annotate (GitHub Actions) → the summary with the exit code.
 *
 * The documents and texts come from pure functions (report.ts, monitor.ts); this is the shell.
 */
import type { Logger } from 'pino';
import { iso, pinnedInstant, type Clock } from '../clock.js';
import type { DocData, Store } from '../store/store.js';
import { addToGroups, cleanReason, sortGroups, type ErrorGroup, type RunError } from './causes.js';
import {
  appendStepSummary,
  asList,
  durationOf,
  judge,
  logCauses,
  logStatistics,
  persistRun,
  type FinishOptions,
  type Judged,
} from './finish.js';
import { makeRunId } from './ids.js';
import {
  annotationLines,
  CONTRACT_COUNT_FIELDS,
  renderRunMarkdown,
  RUN_LOG,
  type ContractCountField,
  type ContractCounts,
  type RunFacts,
} from './report.js';
import { normaliseRequestStats, subtractStats, type ClientRequestStats } from './request-stats.js';
import { exitCodeOf, PARTIAL_MAX_SHARE, type WorkDone } from './verdict.js';
import type { CancelSignal, RunStatus, RunType, SeatMode } from './vocabulary.js';

/** Fields the recorder owns; `set()` may not overwrite them. */
const RESERVED_FIELDS = new Set([
  'run_type',
  'run_id',
  'status',
  'timestamp',
  'date',
  'started_at',
  'finished_at',
  'duration_ms',
  'counts',
  'failed',
  'skipped',
  'errors',
  'error_count',
  'skip_reasons',
  'requests',
  'notes',
  'clock_pinned_at',
]);

/** How many failures are kept with their reason in the document. */
export const ERROR_SAMPLE_SIZE = 20;
const MAX_SKIP_REASONS = 20;

export interface RunRecorderOptions {
  runType: RunType;
  store: Store;
  clock: Clock;
  log: Logger;
  /** The Asia/Jakarta date the run is about (`YYYY-MM-DD`). */
  date: string;
  /** Where to append the Markdown summary (config.githubStepSummary); nothing is written when unset. */
  stepSummaryPath?: string;
  /** Seat pass mode: part of the run id (`…_seats_jit`) and decides whether the pass is aggregated for the admin. */
  mode?: SeatMode;
  /**
   * The HTTP client's cumulative statistics (`() => client.stats()`). Read at the start and at
   * `finish`, so the run records its OWN requests and retries: the difference (a pipeline shares
   * one client across its steps).
   */
  requestStats?: () => ClientRequestStats;
  /**
   * Where GitHub Actions annotations (`::error::`, `::warning::`) go. Default: stdout when
   * GITHUB_ACTIONS=true, nowhere otherwise.
   */
  annotate?: (line: string) => void;
  /**
   * The command prints each failure itself, once (health: one stdout line per problem): the
   * recorder then logs failures and their causes at DEBUG only; they are recorded all the same.
   */
  printsFailures?: boolean;
}

/**
 * What `finish()` returns: where the run's record was written, its verdict (status, exit code, reason)
 * and its document and Markdown. Every step returns it, also on failure; none throws it.
 */
export interface RunRecord {
  runId: string;
  /** The run's complete record (`run_log/{id}`). */
  path: string;
  /** The admin-visible document it wrote or merged into (`scraper_runs/…`), when any. */
  adminPath?: string;
  status: RunStatus;
  /** 0 for success and partial, 1 for failed, 130/143 for cancelled by SIGINT/SIGTERM. */
  exitCode: number;
  durationMs: number;
  /** Whether every document the run should write (run_log, and scraper_runs when due) was written. */
  recorded: boolean;
  /** When failed or cancelled: one line why. */
  reason?: string;
  document: DocData;
  markdown: string;
}

/**
 * Counts, failures and skips of one run, then `finish()`. Create it at the start of the run (its
 * id is the start time) and call `finish()` exactly once, also when the run crashes (`abort`) or
 * is stopped by a signal (`cancel`).
 */
export class RunRecorder {
  readonly runType: RunType;
  readonly mode: SeatMode | undefined;
  readonly date: string;
  readonly startedAt: Date;
  private id: string;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly stepSummaryPath: string | undefined;
  private readonly statsBaseline: ClientRequestStats | undefined;
  private readonly liveStats: (() => ClientRequestStats) | undefined;
  private readonly annotate: ((line: string) => void) | undefined;
  private readonly printsFailures: boolean;
  private readonly contract: ContractCounts = {};
  private readonly counters: Record<string, number> = {};
  private readonly extras: Record<string, unknown> = {};
  private readonly failedBy: Record<string, number> = {};
  private readonly skippedBy: Record<string, number> = {};
  private readonly errors: RunError[] = [];
  private readonly groups = new Map<string, ErrorGroup>();
  /** Causes already said at WARN (in any scope). */
  private readonly warnedCauses = new Set<string>();
  private readonly skipReasons: Record<string, number> = {};
  private finished = false;

  constructor(opts: RunRecorderOptions) {
    this.runType = opts.runType;
    this.mode = opts.mode;
    this.store = opts.store;
    this.clock = opts.clock;
    this.log = opts.log;
    this.date = opts.date;
    this.stepSummaryPath = opts.stepSummaryPath;
    this.liveStats = opts.requestStats;
    this.printsFailures = opts.printsFailures === true;
    this.annotate =
      opts.annotate ??
      (process.env.GITHUB_ACTIONS === 'true' ? (line) => void process.stdout.write(`${line}\n`) : undefined);
    this.statsBaseline = opts.requestStats ? structuredClone(opts.requestStats()) : undefined;
    this.startedAt = opts.clock.now();
    // A run made under a pinned clock (CINERADAR_NOW, the demo) says so: health judges such a day as of its last run.
    const pinned = pinnedInstant(opts.clock);
    if (pinned) this.extras.clock_pinned_at = iso(pinned);
    this.id = makeRunId(this.runType, this.startedAt, undefined, this.mode);
  }

  /** `{YYYY-MM-DDTHH-MM-SS}_{run_type}` (gets `-mmm` milliseconds if another run took the same second). */
  get runId(): string {
    return this.id;
  }

  /**
   * Set contract counts (movies, cities, theatres_total, …; integers ≥ 0) and any extra fields
   * (e.g. `shard: '2/4'`, `mode: 'jit'`). Later calls overwrite earlier values.
   */
  set(fields: ContractCounts & Record<string, unknown>): this {
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      if ((CONTRACT_COUNT_FIELDS as readonly string[]).includes(k)) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
          throw new TypeError(`RunRecorder.set: ${k} must be an integer ≥ 0, got ${String(v)}`);
        }
        this.contract[k as ContractCountField] = v;
      } else if (RESERVED_FIELDS.has(k)) {
        throw new TypeError(`RunRecorder.set: ${k} is written by the recorder itself`);
      } else {
        this.extras[k] = v;
      }
    }
    return this;
  }

  /** Add to a counter: a contract field (e.g. `theatres_success`) or a free one kept under `counts`. */
  count(name: string, n = 1): this {
    if (!Number.isInteger(n)) throw new TypeError(`RunRecorder.count: ${name} must grow by an integer, got ${n}`);
    if ((CONTRACT_COUNT_FIELDS as readonly string[]).includes(name)) {
      const k = name as ContractCountField;
      this.contract[k] = (this.contract[k] ?? 0) + n;
    } else {
      this.counters[name] = (this.counters[name] ?? 0) + n;
    }
    return this;
  }

  /** A unit of work failed (scope e.g. 'city', 'pair', 'showtime'); the first ~20 keep their reason. */
  fail(scope: string, name: string, reason: unknown): this {
    this.failedBy[scope] = (this.failedBy[scope] ?? 0) + 1;
    const text = cleanReason(reason);
    const item = cleanReason(name);
    if (this.errors.length < ERROR_SAMPLE_SIZE) this.errors.push({ scope, name: item, reason: text });
    const g = addToGroups(this.groups, scope, item, text);
    // One WARN line per cause (the first, whatever its scope); the rest at DEBUG, summed up at the end.
    const first = !this.warnedCauses.has(g.cause);
    this.warnedCauses.add(g.cause);
    this.log[first && !this.printsFailures ? 'warn' : 'debug'](
      { run_id: this.id, scope, item, reason: text },
      `${scope} ${item} failed: ${text}${first ? ' (further failures of this cause are counted, not logged)' : ''}`,
    );
    return this;
  }

  /** A unit of work was skipped on purpose (e.g. a show already started); counted, not a failure. */
  skip(scope: string, name: string, reason: unknown): this {
    this.skippedBy[scope] = (this.skippedBy[scope] ?? 0) + 1;
    const text = cleanReason(reason);
    const key = `${scope}: ${text}`.slice(0, 120);
    if (key in this.skipReasons || Object.keys(this.skipReasons).length < MAX_SKIP_REASONS) {
      this.skipReasons[key] = (this.skipReasons[key] ?? 0) + 1;
    }
    this.log.debug({ run_id: this.id, scope, item: name, reason: text }, `${scope} ${name} skipped: ${text}`);
    return this;
  }

  /** Failures recorded so far, all scopes. */
  get failures(): number {
    return Object.values(this.failedBy).reduce((a, b) => a + b, 0);
  }

  get skips(): number {
    return Object.values(this.skippedBy).reduce((a, b) => a + b, 0);
  }

  /** Record the crash of the whole run and finish it as failed. */
  async abort(error: unknown, opts: Omit<FinishOptions, 'status' | 'published'> = {}): Promise<RunRecord> {
    this.fail('run', this.runType, error);
    return this.finish({ ...opts, status: 'failed', published: false });
  }

  /** The run was stopped by a signal: finish it as cancelled (exit 130 for SIGINT, 143 for SIGTERM). */
  async cancel(
    signal: CancelSignal,
    opts: Omit<FinishOptions, 'status' | 'published' | 'signal'> = {},
  ): Promise<RunRecord> {
    return this.finish({
      ...opts,
      status: 'cancelled',
      signal,
      published: false,
      notes: [`cancelled by ${signal}`, ...asList(opts.notes)],
    });
  }

  /**
   * End the run: write `run_log/{runId}` (and what the admin reads: the movies run in
   * `scraper_runs`, a JIT pass into its hour's aggregate), append the Markdown summary to the step
   * summary file, log the statistics line. Never throws for a failed write (it is logged and
   * reported as `recorded: false`), so a scraper's exit code stays that of its work.
   */
  async finish(opts: FinishOptions): Promise<RunRecord> {
    if (this.finished) throw new Error(`RunRecorder.finish: run ${this.id} already finished`);
    this.finished = true;
    const judged = judge(opts, this.failures);
    this.noteVerdict(judged.reason, opts.work);
    const built = this.buildFacts(judged, this.clock.now());
    const persisted = await persistRun(this.store, this.log, built);
    this.id = persisted.runId;
    const facts: RunFacts = { ...built, runId: this.id };
    const markdown = renderRunMarkdown(facts);
    await appendStepSummary(this.stepSummaryPath, markdown, this.log);
    logStatistics(this.log, facts, judged.reason, persisted.recorded);
    if (!this.printsFailures) logCauses(this.log, facts);
    if (this.annotate) for (const line of annotationLines({ ...facts, reason: judged.reason })) this.annotate(line);
    return {
      runId: this.id,
      path: `${RUN_LOG}/${this.id}`,
      ...(persisted.adminPath ? { adminPath: persisted.adminPath } : {}),
      status: judged.status,
      exitCode: exitCodeOf(judged.status, opts.signal),
      durationMs: durationOf(facts),
      recorded: persisted.recorded,
      ...(judged.reason ? { reason: judged.reason } : {}),
      document: persisted.document,
      markdown,
    };
  }

  /** The reason and the work judged go into the record as fields of their own. */
  private noteVerdict(reason: string | undefined, work: WorkDone | undefined): void {
    if (reason) this.extras.reason = reason;
    if (work) {
      this.extras.work = {
        unit: work.unit,
        total: work.total,
        failed: work.failed,
        max_share: work.maxShare ?? PARTIAL_MAX_SHARE,
      };
    }
  }

  /** This run's own requests: the client's totals now minus those at the start. */
  private ownRequests(durationMs: number): RunFacts['requests'] {
    const now = this.liveStats?.();
    if (!now) return undefined;
    return normaliseRequestStats(this.statsBaseline ? subtractStats(now, this.statsBaseline) : now, durationMs);
  }

  /** Everything the run knows at its end, once: the input of the record, the Markdown and the log lines. */
  private buildFacts(judged: Judged, finishedAt: Date): RunFacts {
    return {
      runId: this.id,
      runType: this.runType,
      mode: this.mode,
      status: judged.status,
      date: this.date,
      startedAt: this.startedAt,
      finishedAt,
      contract: this.contract,
      counts: this.counters,
      extras: this.extras,
      failed: this.failedBy,
      skipped: this.skippedBy,
      errors: this.errors,
      groups: sortGroups(this.groups),
      skipReasons: this.skipReasons,
      requests: this.ownRequests(durationOf({ startedAt: this.startedAt, finishedAt })),
      notes: judged.notes,
    };
  }
}
