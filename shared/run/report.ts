/**
 * What a finished run says about itself, built by pure functions of its facts (`RunFacts`): the
 * run document (`run_log/{id}`, and for the admin `scraper_runs`), the Markdown summary for
 * `$GITHUB_STEP_SUMMARY`, the final statistics line of the log and the GitHub annotations.
 */
import { iso } from '../clock.js';
import type { DocData } from '../store/store.js';
import { groupLine, type ErrorGroup, type RunError } from './causes.js';
import type { RequestTotals } from './request-stats.js';
import type { RunStatus, RunType, SeatMode } from './vocabulary.js';

/** The private collection holding every run's complete record. */
export const RUN_LOG = 'run_log';

/** The counts the admin reads (docs/data-contract.md, Run records). Always stored as integers. */
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

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const durationOf = (f: Pick<RunFacts, 'startedAt' | 'finishedAt'>) =>
  Math.max(0, f.finishedAt.getTime() - f.startedAt.getTime());

/** The run document (contract fields as integers, instants as ISO strings, no secrets). */
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
    duration_ms: durationOf(f),
  });
  if (f.mode) doc.mode = f.mode;
  for (const field of CONTRACT_COUNT_FIELDS) {
    const v = f.contract[field];
    if (v !== undefined) doc[field] = Math.round(v);
  }
  doc.counts = { ...f.counts };
  doc.failed = { ...f.failed };
  doc.skipped = { ...f.skipped };
  doc.error_count = total(f.failed);
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

function overviewLines(f: RunFacts): string[] {
  const lines = [`## ${STATUS_MARK[f.status]} CineRadar ${f.runType} run: ${f.status}`, ''];
  lines.push('| | |', '|---|---|');
  lines.push(`| Run | \`${f.runId}\` |`);
  lines.push(`| Date (Asia/Jakarta) | ${f.date} |`);
  lines.push(`| Started | ${iso(f.startedAt)} |`);
  lines.push(`| Duration | ${formatDuration(durationOf(f))} |`);
  if (f.requests) {
    const r = f.requests;
    lines.push(
      `| Requests | ${r.requests} (${r.per_second} req/s), ${r.retries} retries, ${r.failures} failed, ${formatBytes(r.bytes)} |`,
    );
  }
  lines.push(`| Failed | ${total(f.failed)} |`, `| Skipped | ${total(f.skipped)} |`, '');
  return lines;
}

/** Contract counts first, then the free counters. */
function countEntries(f: RunFacts): [string, number][] {
  return [
    ...CONTRACT_COUNT_FIELDS.filter((k) => f.contract[k] !== undefined).map(
      (k) => [k, f.contract[k]!] as [string, number],
    ),
    ...Object.entries(f.counts),
  ];
}

function countLines(f: RunFacts): string[] {
  const counts = countEntries(f);
  if (!counts.length) return [];
  return ['### Counts', '', '| what | count |', '|---|---:|', ...counts.map(([k, v]) => `| ${cell(k)} | ${v} |`), ''];
}

function failureLines(f: RunFacts): string[] {
  const failures = total(f.failed);
  if (!failures) return [];
  const lines = [`### Failures (${failures})`, ''];
  lines.push(
    Object.entries(f.failed)
      .map(([scope, n]) => `${n} ${scope}`)
      .join(', '),
    '',
  );
  lines.push('| count | scope | cause | examples |', '|---:|---|---|---|');
  for (const g of f.groups) {
    const more = g.count > g.examples.length ? ', …' : '';
    lines.push(`| ${g.count} | ${cell(g.scope)} | ${cell(g.cause)} | ${cell(g.examples.join(', ') + more)} |`);
  }
  lines.push('');
  return lines;
}

function skipLines(f: RunFacts): string[] {
  const skips = total(f.skipped);
  if (!skips) return [];
  const lines = [`### Skipped (${skips})`, ''];
  lines.push(
    Object.entries(f.skipped)
      .map(([scope, n]) => `${n} ${scope}`)
      .join(', '),
    '',
  );
  const reasons = Object.entries(f.skipReasons);
  if (reasons.length) {
    lines.push('| reason | count |', '|---|---:|');
    for (const [reason, n] of reasons) lines.push(`| ${cell(reason)} | ${n} |`);
    lines.push('');
  }
  return lines;
}

function endpointLines(f: RunFacts): string[] {
  if (!f.requests || !Object.keys(f.requests.endpoints).length) return [];
  const lines = ['### Requests by endpoint', '', '| endpoint | requests | retries | failed | bytes | p50 | p95 |'];
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  const ms = (v: number | undefined) => (v === undefined ? '–' : `${v} ms`);
  for (const [name, e] of Object.entries(f.requests.endpoints)) {
    lines.push(
      `| ${cell(name)} | ${e.requests} | ${e.retries} | ${e.failures} | ${formatBytes(e.bytes)} | ${ms(e.p50_ms)} | ${ms(e.p95_ms)} |`,
    );
  }
  lines.push('');
  return lines;
}

function noteLines(f: RunFacts): string[] {
  if (!f.notes.length) return [];
  return ['### Notes', '', ...f.notes.map((n) => `- ${n.replace(/\r?\n/g, ' ')}`), ''];
}

/** A readable Markdown summary of a run for `$GITHUB_STEP_SUMMARY`. */
export function renderRunMarkdown(f: RunFacts): string {
  const lines = [
    ...overviewLines(f),
    ...countLines(f),
    ...failureLines(f),
    ...skipLines(f),
    ...endpointLines(f),
    ...noteLines(f),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line for the log: the run's final statistics. */
export function statisticsLine(f: RunFacts): string {
  const parts = [`${f.runType} run ${f.status} in ${formatDuration(durationOf(f))}`];
  const counts = countEntries(f).map(([k, v]) => `${k}=${v}`);
  if (counts.length) parts.push(counts.join(' '));
  parts.push(`failed=${total(f.failed)}`, `skipped=${total(f.skipped)}`);
  if (f.requests)
    parts.push(`requests=${f.requests.requests} (${f.requests.per_second}/s, ${f.requests.retries} retries)`);
  return parts.join(', ');
}

/**
 * GitHub Actions workflow commands for a run: `::error::` with the reason of a failed run,
 * `::warning::` per cause of failure. Only printed when GITHUB_ACTIONS=true.
 */
export function annotationLines(f: Pick<RunFacts, 'runType' | 'status' | 'groups'> & { reason?: string }): string[] {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const lines: string[] = [];
  if (f.status === 'failed') lines.push(`::error title=CineRadar ${f.runType} failed::${esc(f.reason ?? 'failed')}`);
  if (f.status === 'cancelled')
    lines.push(`::warning title=CineRadar ${f.runType} cancelled::${esc(f.reason ?? 'cancelled')}`);
  for (const g of f.groups)
    lines.push(`::warning title=CineRadar ${f.runType}: ${g.count} ${g.scope} failed::${esc(groupLine(g))}`);
  return lines;
}
