/**
 * Run bookkeeping shared by every scraper: one `RunRecorder` per run counts what happened, keeps a
 * short sample of what failed, and at the end writes the run's complete record to `run_log/{runId}`
 * (private), appends a Markdown summary to `$GITHUB_STEP_SUMMARY` when set, logs one final statistics
 * line and says which exit code the CLI should use.
 *
 * The admin's Scraper Monitor reads only the newest 30 `scraper_runs` documents, so only what it can
 * show right goes there (docs/data-contract.md, "Run records"): `movies` runs (the same document as
 * in run_log) and, for JIT seat passes, one aggregate document per Asia/Jakarta hour
 * (`mergeJitPass`) carrying the day's movies/cities/theatres_total copied from the day's movies run.
 *
 * The document and the summary are built by pure functions (`buildRunDocument`,
 * `renderRunMarkdown`) of plain data; the recorder is the thin shell around them.
 */
import { appendFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { iso, type Clock } from './clock.js';
import { scrubString } from './log.js';
import type { DocData, Store } from './store/store.js';

export type RunType = 'movies' | 'schedules' | 'seats' | 'token' | 'summary' | 'prune' | 'geocode' | 'health' | 'restore';
export type RunStatus = 'success' | 'partial' | 'failed' | 'cancelled';
export type SeatMode = 'morning' | 'jit' | 'final';
/** The signal that cancelled a run; decides its exit code (130 / 143). */
export type CancelSignal = 'SIGINT' | 'SIGTERM';

/** The private collection holding every run's complete record. */
export const RUN_LOG = 'run_log';
/** The admin-visible collection (firestore-contract.md, scraper_runs). */
export const SCRAPER_RUNS = 'scraper_runs';

/** The counts the admin reads (firestore-contract.md, scraper_runs). Always stored as integers. */
export const CONTRACT_COUNT_FIELDS = [
  'movies',
  'cities',
  'theatres_total',
  'theatres_success',
  'theatres_failed',
  'presales',
  'showtimes_scraped',
  'showtimes_success',
] as const;
export type ContractCountField = (typeof CONTRACT_COUNT_FIELDS)[number];
export type ContractCounts = Partial<Record<ContractCountField, number>>;

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
]);

/** How many failures are kept with their reason in the document. */
export const ERROR_SAMPLE_SIZE = 20;
const MAX_REASON_LENGTH = 300;
const MAX_SKIP_REASONS = 20;

export interface RunError {
  scope: string;
  name: string;
  reason: string;
}

/** Failures of one cause: the error class and message without the item, a count, a few examples. */
export interface ErrorGroup {
  scope: string;
  cause: string;
  count: number;
  examples: string[];
}

/** How many causes are kept (the rest are counted under the last), and examples per cause. */
export const MAX_ERROR_GROUPS = 20;
export const GROUP_EXAMPLES = 3;

/**
 * The cause of a failure: its reason with the item taken out, so one DNS failure over 83 cities
 * is one cause. The item's name, query strings, dates and long numbers (ids) are replaced.
 */
export function causeOf(name: string, reason: string): string {
  let c = reason;
  if (name.length >= 3) c = c.split(name).join('{item}');
  return c
    .replace(/\?[^\s:)]*/g, '?…')
    .replace(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b/g, '{date}')
    .replace(/(?<!\d)\d{4,}(?!\d| ?ms\b)/g, '{id}');
}

/** Group recorded failures by scope and cause (largest first). */
export function groupErrors(errors: readonly { scope: string; name: string; reason: string }[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const e of errors) addToGroups(groups, e.scope, e.name, e.reason);
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

function addToGroups(groups: Map<string, ErrorGroup>, scope: string, name: string, reason: string): ErrorGroup {
  let cause = causeOf(name, reason);
  let key = `${scope}\u0000${cause}`;
  if (!groups.has(key) && groups.size >= MAX_ERROR_GROUPS) {
    cause = 'other causes (too many different ones to list)';
    key = `${scope}\u0000${cause}`;
  }
  let g = groups.get(key);
  if (!g) {
    g = { scope, cause, count: 0, examples: [] };
    groups.set(key, g);
  }
  g.count++;
  if (g.examples.length < GROUP_EXAMPLES) g.examples.push(name);
  return g;
}

/** One line per cause: `83 × city: TixError: … (e.g. JAKARTA, BANDUNG, MEDAN)`. */
export function groupLine(g: ErrorGroup): string {
  const more = g.count > g.examples.length ? ', …' : '';
  return `${g.count} × ${g.scope}: ${g.cause} (e.g. ${g.examples.join(', ')}${more})`;
}

/**
 * GitHub Actions workflow commands for a run: `::error::` with the reason of a failed run,
 * `::warning::` per cause of failure. Only printed when GITHUB_ACTIONS=true.
 */
export function annotationLines(f: Pick<RunFacts, 'runType' | 'status' | 'groups'> & { reason?: string }): string[] {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const lines: string[] = [];
  if (f.status === 'failed') lines.push(`::error title=CineRadar ${f.runType} failed::${esc(f.reason ?? 'failed')}`);
  if (f.status === 'cancelled') lines.push(`::warning title=CineRadar ${f.runType} cancelled::${esc(f.reason ?? 'cancelled')}`);
  for (const g of f.groups) lines.push(`::warning title=CineRadar ${f.runType}: ${g.count} ${g.scope} failed::${esc(groupLine(g))}`);
  return lines;
}

/** Per-endpoint request statistics, normalised from whatever the client's `stats()` returns. */
export interface EndpointStats {
  requests: number;
  retries: number;
  failures: number;
  bytes: number;
  p50_ms?: number;
  p95_ms?: number;
}

export interface RequestTotals {
  requests: number;
  retries: number;
  failures: number;
  bytes: number;
  per_second: number;
  endpoints: Record<string, EndpointStats>;
}

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
   * The HTTP client's cumulative statistics (`() => client.stats()`). Read once at the start, so
   * the run records its OWN requests and retries: what `finish({ requestStats })` reports minus
   * this baseline (a pipeline shares one client across its steps).
   */
  requestStats?: () => unknown;
  /**
   * Where GitHub Actions annotations (`::error::`, `::warning::`) go. Default: stdout when
   * GITHUB_ACTIONS=true, nowhere otherwise.
   */
  annotate?: (line: string) => void;
}

export interface FinishOptions {
  /** Force a status; otherwise derived from `published` and the failures recorded. */
  status?: RunStatus;
  /** What the run published: a number of documents, or whether it published at all. */
  published: number | boolean;
  /** The HTTP client's `stats()` (loose: per-endpoint objects with requests/retries/failures/bytes/p50/p95). */
  requestStats?: unknown;
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

/** A partial run exits 0 only when at most this share of its units of work failed. */
export const PARTIAL_MAX_SHARE = 0.1;

export interface WorkDone {
  /** Plural noun: 'cities', 'movie×city pairs', 'showtimes'. */
  unit: string;
  total: number;
  failed: number;
  /** Override of PARTIAL_MAX_SHARE (e.g. the movies scraper's --max-failed-share). */
  maxShare?: number;
}

/**
 * The status of a run from what it published, the failures recorded and its units of work, with
 * one line why when it failed: nothing published; every unit failed; more than the allowed share
 * failed. Under the share it is partial (exit 0) and the failures are named in the record.
 */
export function judgeRun(published: number | boolean, failures: number, work?: WorkDone): { status: RunStatus; reason?: string } {
  if (work && work.total > 0 && work.failed > 0) {
    const max = work.maxShare ?? PARTIAL_MAX_SHARE;
    if (work.failed >= work.total) return { status: 'failed', reason: `all ${work.total} ${work.unit} failed` };
    if (work.failed / work.total > max) {
      return { status: 'failed', reason: `${work.failed} of ${work.total} ${work.unit} failed (${Math.round((work.failed / work.total) * 100)}%, more than the ${Math.round(max * 100)}% a partial run may miss)` };
    }
  }
  const status = deriveStatus(published, failures);
  if (status === 'failed') return { status, reason: failures ? `nothing published (${failures} failures)` : 'nothing published' };
  return { status };
}

export interface RunSummary {
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

/** `2026-01-19T00-01-02` of an instant in UTC (the contract's run id prefix). */
export function runIdPrefix(at: Date): string {
  return iso(at).slice(0, 19).replace(/:/g, '-');
}

/**
 * `{YYYY-MM-DDTHH-MM-SS}_{run_type}` (seats: `…_seats_{mode}`); with `millis` (0–999)
 * `{…SS}-{mmm}_{run_type}`, to tell apart runs of one type started in the same second.
 */
export function makeRunId(runType: RunType, at: Date, millis?: number, mode?: SeatMode): string {
  const ms = millis === undefined ? '' : `-${String(millis % 1000).padStart(3, '0')}`;
  return `${runIdPrefix(at)}${ms}_${runType}${mode ? `_${mode}` : ''}`;
}

/** The status a run ends with when none is forced. */
export function deriveStatus(published: number | boolean, failures: number): RunStatus {
  const any = typeof published === 'number' ? published > 0 : published;
  if (!any) return 'failed';
  return failures > 0 ? 'partial' : 'success';
}

/** 0 success/partial, 1 failed, 130 cancelled by SIGINT, 143 by SIGTERM (or unknown). */
export function exitCodeOf(status: RunStatus, signal?: CancelSignal): number {
  if (status === 'cancelled') return signal === 'SIGINT' ? 130 : 143;
  return status === 'failed' ? 1 : 0;
}

/** Keys of latency figures: not summable, so a delta keeps the later (cumulative) value. */
const NOT_SUMMABLE = /^(p\d+|p\d+_?ms|max|mean|min|per_second|state|rps|concurrency|active|waiting|retryAt)$/i;

/**
 * `end − start` of two cumulative statistics objects of the same shape (counts subtracted, latency
 * percentiles and gauges kept from `end`): a step's own share of a shared client's totals.
 */
export function subtractStats(end: unknown, start: unknown): unknown {
  if (typeof end === 'number') {
    return typeof start === 'number' && Number.isFinite(start) ? Math.max(0, end - start) : end;
  }
  if (!end || typeof end !== 'object' || Array.isArray(end)) return end;
  const base = start && typeof start === 'object' && !Array.isArray(start) ? (start as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(end as Record<string, unknown>)) {
    out[k] = NOT_SUMMABLE.test(k) || /^latency/i.test(k) ? v : subtractStats(v, base[k]);
  }
  return out;
}

function cleanReason(reason: unknown): string {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  const one = scrubString(text).replace(/\s+/g, ' ').trim();
  return one.length > MAX_REASON_LENGTH ? `${one.slice(0, MAX_REASON_LENGTH - 1)}…` : one;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function pick(o: Record<string, unknown>, re: RegExp): number | undefined {
  for (const [k, v] of Object.entries(o)) {
    if (re.test(k) && num(v) !== undefined) return v as number;
  }
  return undefined;
}

function endpointOf(o: Record<string, unknown>): EndpointStats | undefined {
  const requests = num(o.requests) ?? num(o.count) ?? num(o.total);
  if (requests === undefined) return undefined;
  const latency = (o.latency ?? o.latencyMs ?? o.latency_ms) as Record<string, unknown> | undefined;
  const lat = latency && typeof latency === 'object' ? latency : {};
  const p50 = pick(o, /^p50/i) ?? pick(o, /p50/i) ?? pick(lat, /50/);
  const p95 = pick(o, /^p95/i) ?? pick(o, /p95/i) ?? pick(lat, /95/);
  const e: EndpointStats = {
    requests: Math.round(requests),
    retries: Math.round(num(o.retries) ?? 0),
    failures: Math.round(num(o.failures) ?? num(o.failed) ?? num(o.errors) ?? 0),
    bytes: Math.round(num(o.bytes) ?? 0),
  };
  if (p50 !== undefined) e.p50_ms = Math.round(p50);
  if (p95 !== undefined) e.p95_ms = Math.round(p95);
  return e;
}

const TOTAL_KEYS = /^(total|totals|all|overall|sum)$/i;

/**
 * Normalise the client's statistics, whatever their exact nesting: any object with a numeric
 * `requests` is an endpoint, keyed by its path of names; an entry named total/all is taken as the
 * total instead of being summed with the rest.
 */
export function normaliseRequestStats(stats: unknown, durationMs: number): RequestTotals | undefined {
  if (!stats || typeof stats !== 'object') return undefined;
  const endpoints: Record<string, EndpointStats> = {};
  let total: EndpointStats | undefined;
  const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
      const rec = v as Record<string, unknown>;
      const e = endpointOf(rec);
      if (e && TOTAL_KEYS.test(k)) total = e;
      else if (e && e.requests === 0) continue; // an endpoint this run never called
      else if (e) endpoints[prefix && !/^(endpoints|byEndpoint|by_endpoint)$/.test(prefix) ? `${prefix}.${k}` : k] = e;
      else if (depth < 3) walk(rec, prefix ? `${prefix}.${k}` : k, depth + 1);
    }
  };
  const top = stats as Record<string, unknown>;
  const self = endpointOf(top);
  walk(top, '', 0);
  if (Object.keys(endpoints).length === 0 && !total && !self) return undefined;
  const sum = Object.values(endpoints).reduce(
    (a, e) => ({ requests: a.requests + e.requests, retries: a.retries + e.retries, failures: a.failures + e.failures, bytes: a.bytes + e.bytes }),
    { requests: 0, retries: 0, failures: 0, bytes: 0 },
  );
  const t = total ?? (Object.keys(endpoints).length ? sum : self!);
  const seconds = durationMs / 1000;
  return {
    requests: t.requests,
    retries: t.retries,
    failures: t.failures,
    bytes: t.bytes,
    per_second: seconds > 0 ? Math.round((t.requests / seconds) * 10) / 10 : 0,
    endpoints,
  };
}

/** Everything the recorder knows at the end of a run: the input of the pure builders below. */
export interface RunFacts {
  runId: string;
  runType: RunType;
  mode?: SeatMode;
  status: RunStatus;
  date: string;
  startedAt: Date;
  finishedAt: Date;
  contract: ContractCounts;
  counts: Record<string, number>;
  extras: Record<string, unknown>;
  failed: Record<string, number>;
  skipped: Record<string, number>;
  errors: RunError[];
  /** Every failure, grouped by cause. */
  groups: ErrorGroup[];
  skipReasons: Record<string, number>;
  requests: RequestTotals | undefined;
  notes: string[];
}

/** The `scraper_runs` document (contract fields as integers, instants as ISO strings, no secrets). */
export function buildRunDocument(f: RunFacts): DocData {
  const doc: DocData = {};
  for (const [k, v] of Object.entries(f.extras)) doc[k] = v;
  Object.assign(doc, {
    run_id: f.runId,
    run_type: f.runType,
    status: f.status,
    timestamp: iso(f.startedAt),
    date: f.date,
    started_at: iso(f.startedAt),
    finished_at: iso(f.finishedAt),
    duration_ms: Math.max(0, f.finishedAt.getTime() - f.startedAt.getTime()),
  });
  if (f.mode) doc.mode = f.mode;
  for (const field of CONTRACT_COUNT_FIELDS) {
    const v = f.contract[field];
    if (v !== undefined) doc[field] = Math.round(v);
  }
  doc.counts = { ...f.counts };
  doc.failed = { ...f.failed };
  doc.skipped = { ...f.skipped };
  doc.error_count = Object.values(f.failed).reduce((a, b) => a + b, 0);
  doc.errors = f.errors.map((e) => ({ ...e }));
  doc.error_groups = f.groups.map((g) => ({ ...g, examples: [...g.examples] }));
  if (Object.keys(f.skipReasons).length) doc.skip_reasons = { ...f.skipReasons };
  if (f.requests) doc.requests = f.requests;
  doc.notes = [...f.notes];
  return doc;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h ${m}m ${r}s` : `${m}m ${r}s`;
}

function formatBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${(b / 1024 / 1024).toFixed(1)} MiB`;
}

function cell(s: unknown): string {
  return String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const STATUS_MARK: Record<RunStatus, string> = { success: '✅', partial: '⚠️', failed: '❌', cancelled: '⏹️' };

/** A readable Markdown summary of a run for `$GITHUB_STEP_SUMMARY`. */
export function renderRunMarkdown(f: RunFacts): string {
  const durationMs = Math.max(0, f.finishedAt.getTime() - f.startedAt.getTime());
  const failures = Object.values(f.failed).reduce((a, b) => a + b, 0);
  const skips = Object.values(f.skipped).reduce((a, b) => a + b, 0);
  const lines: string[] = [];
  lines.push(`## ${STATUS_MARK[f.status]} CineRadar ${f.runType} run: ${f.status}`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| Run | \`${f.runId}\` |`);
  lines.push(`| Date (Asia/Jakarta) | ${f.date} |`);
  lines.push(`| Started | ${iso(f.startedAt)} |`);
  lines.push(`| Duration | ${formatDuration(durationMs)} |`);
  if (f.requests) {
    const r = f.requests;
    lines.push(
      `| Requests | ${r.requests} (${r.per_second} req/s), ${r.retries} retries, ${r.failures} failed, ${formatBytes(r.bytes)} |`,
    );
  }
  lines.push(`| Failed | ${failures} |`, `| Skipped | ${skips} |`, '');

  const counts: [string, number][] = [
    ...CONTRACT_COUNT_FIELDS.filter((k) => f.contract[k] !== undefined).map((k) => [k, f.contract[k]!] as [string, number]),
    ...Object.entries(f.counts),
  ];
  if (counts.length) {
    lines.push('### Counts', '', '| what | count |', '|---|---:|');
    for (const [k, v] of counts) lines.push(`| ${cell(k)} | ${v} |`);
    lines.push('');
  }
  if (failures) {
    lines.push(`### Failures (${failures})`, '');
    lines.push(Object.entries(f.failed).map(([scope, n]) => `${n} ${scope}`).join(', '), '');
    lines.push('| count | scope | cause | examples |', '|---:|---|---|---|');
    for (const g of f.groups) {
      const more = g.count > g.examples.length ? ', …' : '';
      lines.push(`| ${g.count} | ${cell(g.scope)} | ${cell(g.cause)} | ${cell(g.examples.join(', ') + more)} |`);
    }
    lines.push('');
  }
  if (skips) {
    lines.push(`### Skipped (${skips})`, '');
    lines.push(Object.entries(f.skipped).map(([scope, n]) => `${n} ${scope}`).join(', '), '');
    const reasons = Object.entries(f.skipReasons);
    if (reasons.length) {
      lines.push('| reason | count |', '|---|---:|');
      for (const [reason, n] of reasons) lines.push(`| ${cell(reason)} | ${n} |`);
      lines.push('');
    }
  }
  if (f.requests && Object.keys(f.requests.endpoints).length) {
    lines.push('### Requests by endpoint', '', '| endpoint | requests | retries | failed | bytes | p50 | p95 |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, e] of Object.entries(f.requests.endpoints)) {
      const ms = (v: number | undefined) => (v === undefined ? '–' : `${v} ms`);
      lines.push(
        `| ${cell(name)} | ${e.requests} | ${e.retries} | ${e.failures} | ${formatBytes(e.bytes)} | ${ms(e.p50_ms)} | ${ms(e.p95_ms)} |`,
      );
    }
    lines.push('');
  }
  if (f.notes.length) {
    lines.push('### Notes', '');
    for (const n of f.notes) lines.push(`- ${n.replace(/\r?\n/g, ' ')}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** One line for the log: the run's final statistics. */
export function statisticsLine(f: RunFacts): string {
  const durationMs = Math.max(0, f.finishedAt.getTime() - f.startedAt.getTime());
  const parts = [`${f.runType} run ${f.status} in ${formatDuration(durationMs)}`];
  const counts = [
    ...CONTRACT_COUNT_FIELDS.filter((k) => f.contract[k] !== undefined).map((k) => `${k}=${f.contract[k]}`),
    ...Object.entries(f.counts).map(([k, v]) => `${k}=${v}`),
  ];
  if (counts.length) parts.push(counts.join(' '));
  const failures = Object.values(f.failed).reduce((a, b) => a + b, 0);
  const skips = Object.values(f.skipped).reduce((a, b) => a + b, 0);
  parts.push(`failed=${failures}`, `skipped=${skips}`);
  if (f.requests) parts.push(`requests=${f.requests.requests} (${f.requests.per_second}/s, ${f.requests.retries} retries)`);
  return parts.join(', ');
}

// ---------------------------------------------------------------- the admin's documents

/** Worst first: the status an hour's aggregate takes from its passes. */
const STATUS_RANK: Record<RunStatus, number> = { success: 0, partial: 1, cancelled: 2, failed: 3 };

export function worstStatus(a: RunStatus, b: RunStatus): RunStatus {
  return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}

const WIB_OFFSET_MS = 7 * 3_600_000;

/** The Asia/Jakarta hour of an instant, `YYYY-MM-DDTHH` (WIB has no daylight saving). */
export function jitHourOf(at: Date): string {
  return new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 13);
}

/**
 * The id of the JIT aggregate of the WIB hour an instant falls in: the hour's start in UTC,
 * `{YYYY-MM-DDTHH-00-00}_seats` (deterministic, so concurrent passes meet in one transaction).
 * Its `timestamp` field is the first pass's start, as the brief asks.
 */
export function jitHourDocId(at: Date): string {
  const hourStart = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  return `${runIdPrefix(hourStart)}_seats`;
}

/** The day's catalogue counts a JIT aggregate carries so the admin's averages and "Changes" stay right. */
export interface DayCounts {
  movies?: number;
  cities?: number;
  theatres_total?: number;
}

export interface JitPass {
  runId: string;
  status: RunStatus;
  date: string;
  startedAt: Date;
  finishedAt: Date;
  showtimesScraped: number;
  showtimesSuccess: number;
  day: DayCounts;
}

/**
 * The hour's aggregate after adding one JIT pass (pure; run inside a transaction). Undefined when
 * the pass is already in it (a re-run of the same recording adds once).
 */
export function mergeJitPass(current: DocData | undefined, pass: JitPass): DocData | undefined {
  const ids = Array.isArray(current?.pass_ids) ? (current.pass_ids as string[]) : [];
  if (ids.includes(pass.runId)) return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const start = iso(pass.startedAt);
  const finish = iso(pass.finishedAt);
  const prevStatus = typeof current?.status === 'string' && current.status in STATUS_RANK ? (current.status as RunStatus) : undefined;
  const prevTimestamp = typeof current?.timestamp === 'string' ? current.timestamp : undefined;
  const prevLast = typeof current?.last_pass_at === 'string' ? current.last_pass_at : undefined;
  const doc: DocData = {
    run_id: jitHourDocId(pass.startedAt),
    run_type: 'seats',
    mode: 'jit',
    jit_hour: jitHourOf(pass.startedAt),
    status: prevStatus ? worstStatus(prevStatus, pass.status) : pass.status,
    timestamp: prevTimestamp && prevTimestamp < start ? prevTimestamp : start,
    date: pass.date,
    showtimes_scraped: n(current?.showtimes_scraped) + pass.showtimesScraped,
    showtimes_success: n(current?.showtimes_success) + pass.showtimesSuccess,
    passes: n(current?.passes) + 1,
    failed_passes: n(current?.failed_passes) + (pass.status === 'failed' ? 1 : 0),
    last_pass_at: prevLast && prevLast > finish ? prevLast : finish,
    pass_ids: [...ids, pass.runId],
  };
  for (const k of ['movies', 'cities', 'theatres_total'] as const) {
    const v = pass.day[k] ?? (typeof current?.[k] === 'number' ? (current[k] as number) : undefined);
    if (v !== undefined) doc[k] = Math.round(v);
  }
  return doc;
}

/** The newest `movies` run of a day in `scraper_runs` (id and data), or undefined. */
export async function dayMoviesRun(store: Store, date: string): Promise<{ id: string; data: DocData } | undefined> {
  const runs = await store.list(SCRAPER_RUNS, { where: { run_type: 'movies', date } });
  const newest = runs.sort((a, b) => String(a.data.timestamp ?? '').localeCompare(String(b.data.timestamp ?? ''))).at(-1);
  return newest ? { id: newest.id, data: newest.data } : undefined;
}

/**
 * Merge counts into the day's newest movies run, in `scraper_runs` and in its `run_log` record
 * (the schedules step knows theatres_total/success/failed, the admin reads them from movies runs).
 * Returns the scraper_runs path, or undefined when the day has no movies run.
 */
export async function addToDayMoviesRun(store: Store, date: string, fields: Record<string, number>): Promise<string | undefined> {
  const run = await dayMoviesRun(store, date);
  if (!run) return undefined;
  await store.set(`${SCRAPER_RUNS}/${run.id}`, fields, { merge: true });
  if (await store.get(`${RUN_LOG}/${run.id}`)) await store.set(`${RUN_LOG}/${run.id}`, fields, { merge: true });
  return `${SCRAPER_RUNS}/${run.id}`;
}

// ---------------------------------------------------------------- the recorder

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
  private readonly statsBaseline: unknown;
  private readonly liveStats: (() => unknown) | undefined;
  private readonly annotate: ((line: string) => void) | undefined;
  private readonly contract: ContractCounts = {};
  private readonly counters: Record<string, number> = {};
  private readonly extras: Record<string, unknown> = {};
  private readonly failedBy: Record<string, number> = {};
  private readonly skippedBy: Record<string, number> = {};
  private readonly errors: RunError[] = [];
  private readonly groups = new Map<string, ErrorGroup>();
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
    this.annotate = opts.annotate ?? (process.env.GITHUB_ACTIONS === 'true' ? (line) => void process.stdout.write(`${line}\n`) : undefined);
    this.statsBaseline = opts.requestStats ? structuredClone(opts.requestStats()) : undefined;
    this.startedAt = opts.clock.now();
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
    // One WARN line per cause (the first); the rest of that cause at DEBUG, summed up at the end.
    const level = g.count === 1 ? 'warn' : 'debug';
    this.log[level]({ run_id: this.id, scope, item, reason: text }, `${scope} ${item} failed: ${text}${g.count === 1 ? ' (further failures of this cause are counted, not logged)' : ''}`);
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
  async abort(error: unknown, opts: Omit<FinishOptions, 'status' | 'published'> = {}): Promise<RunSummary> {
    this.fail('run', this.runType, error);
    return this.finish({ ...opts, status: 'failed', published: false });
  }

  /** The run was stopped by a signal: finish it as cancelled (exit 130 for SIGINT, 143 for SIGTERM). */
  async cancel(signal: CancelSignal, opts: Omit<FinishOptions, 'status' | 'published' | 'signal'> = {}): Promise<RunSummary> {
    const notes = opts.notes === undefined ? [] : Array.isArray(opts.notes) ? opts.notes : [opts.notes];
    return this.finish({ ...opts, status: 'cancelled', signal, published: false, notes: [`cancelled by ${signal}`, ...notes] });
  }

  /**
   * End the run: write `run_log/{runId}` (and what the admin reads: the movies run in
   * `scraper_runs`, a JIT pass into its hour's aggregate), append the Markdown summary to the step
   * summary file, log the statistics line. Never throws for a failed write (it is logged and
   * reported as `recorded: false`), so a scraper's exit code stays that of its work.
   */
  async finish(opts: FinishOptions): Promise<RunSummary> {
    if (this.finished) throw new Error(`RunRecorder.finish: run ${this.id} already finished`);
    this.finished = true;
    const finishedAt = this.clock.now();
    const durationMs = Math.max(0, finishedAt.getTime() - this.startedAt.getTime());
    const judged = opts.status ? { status: opts.status, reason: opts.reason } : judgeRun(opts.published, this.failures, opts.work);
    const status = judged.status;
    const reason = judged.reason ? scrubString(judged.reason) : status === 'cancelled' && opts.signal ? `cancelled by ${opts.signal}` : undefined;
    const notes = (opts.notes === undefined ? [] : Array.isArray(opts.notes) ? opts.notes : [opts.notes]).map((n) =>
      scrubString(String(n)),
    );
    if (reason && !notes.includes(reason)) notes.unshift(reason);
    if (reason) this.extras.reason = reason;
    if (opts.work) {
      const w = opts.work;
      this.extras.work = { unit: w.unit, total: w.total, failed: w.failed, max_share: w.maxShare ?? PARTIAL_MAX_SHARE };
    }
    const rawStats = opts.requestStats ?? this.liveStats?.();
    const ownStats = this.statsBaseline === undefined ? rawStats : subtractStats(rawStats, this.statsBaseline);
    const requests = normaliseRequestStats(ownStats, durationMs);
    const facts = (): RunFacts => ({
      runId: this.id,
      runType: this.runType,
      mode: this.mode,
      status,
      date: this.date,
      startedAt: this.startedAt,
      finishedAt,
      contract: this.contract,
      counts: this.counters,
      extras: this.extras,
      failed: this.failedBy,
      skipped: this.skippedBy,
      errors: this.errors,
      groups: [...this.groups.values()].sort((a, b) => b.count - a.count),
      skipReasons: this.skipReasons,
      requests,
      notes,
    });

    let recorded = false;
    let adminPath: string | undefined;
    let document: DocData = buildRunDocument(facts());
    try {
      await this.writeDocument(document);
      document = buildRunDocument(facts());
      adminPath = await this.writeAdminDocument(document, status, finishedAt);
      recorded = true;
    } catch (err) {
      this.log.error({ err, run_id: this.id }, `could not record run ${this.id}: ${cleanReason(err)}`);
    }

    const f = facts();
    const markdown = renderRunMarkdown(f);
    if (this.stepSummaryPath) {
      try {
        await appendFile(this.stepSummaryPath, markdown, 'utf8');
      } catch (err) {
        this.log.warn({ err, path: this.stepSummaryPath }, `could not append the step summary: ${cleanReason(err)}`);
      }
    }
    const level = status === 'failed' ? 'error' : status === 'cancelled' || status === 'partial' ? 'warn' : 'info';
    this.log[level](
      {
        run_id: this.id,
        run_type: this.runType,
        status,
        reason,
        duration_ms: durationMs,
        ...this.contract,
        counts: this.counters,
        failed: this.failedBy,
        skipped: this.skippedBy,
        requests: f.requests ? { total: f.requests.requests, per_second: f.requests.per_second, retries: f.requests.retries } : undefined,
        recorded,
      },
      reason ? `${statisticsLine(f)} — ${reason}` : statisticsLine(f),
    );
    // The error analysis: one line per cause, however many items it hit.
    for (const g of f.groups) {
      this.log[status === 'failed' ? 'error' : 'warn']({ run_id: this.id, scope: g.scope, count: g.count, cause: g.cause, examples: g.examples }, groupLine(g));
    }
    if (this.annotate) for (const line of annotationLines({ ...f, reason })) this.annotate(line);
    return {
      runId: this.id,
      path: `${RUN_LOG}/${this.id}`,
      ...(adminPath ? { adminPath } : {}),
      status,
      exitCode: exitCodeOf(status, opts.signal),
      durationMs,
      recorded,
      ...(reason ? { reason } : {}),
      document,
      markdown,
    };
  }

  /**
   * Create the run's record without overwriting another run's: if a run of the same type took the
   * same second (parallel shards), switch to the id with milliseconds, then count up.
   */
  private async writeDocument(doc: DocData): Promise<void> {
    const ms = this.startedAt.getUTCMilliseconds();
    const candidates = [makeRunId(this.runType, this.startedAt, undefined, this.mode)];
    for (let i = 0; i < 20; i++) candidates.push(makeRunId(this.runType, this.startedAt, ms + i, this.mode));
    for (const id of candidates) {
      const data = { ...doc, run_id: id };
      const created = await this.store.transaction(`${RUN_LOG}/${id}`, (current) =>
        current === undefined ? { write: data, result: true } : { result: false },
      );
      if (created) {
        this.id = id;
        return;
      }
    }
    throw new Error(`no free run id near ${candidates[0]}`);
  }

  /** What the admin's Scraper Monitor gets of this run (see the file comment); its path, if any. */
  private async writeAdminDocument(doc: DocData, status: RunStatus, finishedAt: Date): Promise<string | undefined> {
    if (this.runType === 'movies') {
      const path = `${SCRAPER_RUNS}/${this.id}`;
      await this.store.set(path, doc);
      return path;
    }
    if (this.runType !== 'seats' || this.mode !== 'jit') return undefined;
    const day = (await dayMoviesRun(this.store, this.date))?.data ?? {};
    const counts: DayCounts = {};
    for (const k of ['movies', 'cities', 'theatres_total'] as const) if (typeof day[k] === 'number') counts[k] = day[k] as number;
    const pass: JitPass = {
      runId: this.id,
      status,
      date: this.date,
      startedAt: this.startedAt,
      finishedAt,
      showtimesScraped: this.contract.showtimes_scraped ?? 0,
      showtimesSuccess: this.contract.showtimes_success ?? 0,
      day: counts,
    };
    const path = `${SCRAPER_RUNS}/${jitHourDocId(this.startedAt)}`;
    await this.store.transaction(path, (current) => {
      const next = mergeJitPass(current, pass);
      return next ? { write: next, result: true } : { result: false };
    });
    return path;
  }
}
