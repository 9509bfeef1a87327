/**
 * The admin's Scraper Monitor adapter. The monitor reads only the newest 30 `scraper_runs`
 * documents, so only what it can show right goes there (docs/data-contract.md, "Run records"): `movies` runs (the same document as in run_log) and, for
 * JIT seat passes, one aggregate document per Asia/Jakarta hour (`mergeJitPass`) carrying the
 * day's catalogue counts (movies, cities, theatres total/success/failed) copied from the day's
 * movies run, so each JIT row of its history reads like the day's scrape.
 */
import { iso, jakartaDate, jakartaHHMM } from '../clock.js';
import type { DocData, Store } from '../store/store.js';
import { runIdPrefix } from './ids.js';
import { RUN_LOG, type RunFacts } from './report.js';
import type { RunStatus } from './vocabulary.js';

/** The admin-visible collection (docs/data-contract.md, Run records). */
export const SCRAPER_RUNS = 'scraper_runs';

/** Worst first: the status an hour's aggregate takes from its passes. */
const STATUS_RANK: Record<RunStatus, number> = { success: 0, partial: 1, cancelled: 2, failed: 3 };

export function worstStatus(a: RunStatus, b: RunStatus): RunStatus {
  return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}

/** The Asia/Jakarta hour of an instant, `YYYY-MM-DDTHH`. */
export function jitHourOf(at: Date): string {
  return `${jakartaDate(at)}T${jakartaHHMM(at).slice(0, 2)}`;
}

/**
 * The id of the JIT aggregate of the WIB hour an instant falls in: the hour's start in UTC,
 * `{YYYY-MM-DDTHH-00-00}_seats` (deterministic, so concurrent passes meet in one transaction).
 * Its `timestamp` field is the hour's first pass's start: the admin shows the oldest and newest
 * `timestamp` of the day's seats rows as its first and last JIT run.
 */
export function jitHourDocId(at: Date): string {
  const hourStart = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  return `${runIdPrefix(hourStart)}_seats`;
}

/** The day's catalogue counts a JIT aggregate copies from the day's movies run. */
export const DAY_COUNT_FIELDS = ['movies', 'cities', 'theatres_total', 'theatres_success', 'theatres_failed'] as const;

/** The day's catalogue counts a JIT aggregate carries so the admin's averages, "Changes" and theatre columns stay right. */
export type DayCounts = Partial<Record<(typeof DAY_COUNT_FIELDS)[number], number>>;

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

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The counts of the pass's day, else those the aggregate already holds. */
function dayCountsOf(current: DocData | undefined, pass: JitPass): DocData {
  const out: DocData = {};
  for (const k of DAY_COUNT_FIELDS) {
    const v = pass.day[k] ?? (typeof current?.[k] === 'number' ? (current[k] as number) : undefined);
    if (v !== undefined) out[k] = Math.round(v);
  }
  return out;
}

/**
 * The hour's aggregate after adding one JIT pass (pure; run inside a transaction). Undefined when
 * the pass is already in it (a re-run of the same recording adds once).
 */
export function mergeJitPass(current: DocData | undefined, pass: JitPass): DocData | undefined {
  const ids = Array.isArray(current?.pass_ids) ? (current.pass_ids as string[]) : [];
  if (ids.includes(pass.runId)) return undefined;
  const start = iso(pass.startedAt);
  const finish = iso(pass.finishedAt);
  const prevStatus =
    typeof current?.status === 'string' && current.status in STATUS_RANK ? (current.status as RunStatus) : undefined;
  const prevTimestamp = text(current?.timestamp);
  const prevLast = text(current?.last_pass_at);
  return {
    run_id: jitHourDocId(pass.startedAt),
    run_type: 'seats',
    mode: 'jit',
    jit_hour: jitHourOf(pass.startedAt),
    status: prevStatus ? worstStatus(prevStatus, pass.status) : pass.status,
    timestamp: prevTimestamp && prevTimestamp < start ? prevTimestamp : start,
    date: pass.date,
    showtimes_scraped: count(current?.showtimes_scraped) + pass.showtimesScraped,
    showtimes_success: count(current?.showtimes_success) + pass.showtimesSuccess,
    passes: count(current?.passes) + 1,
    failed_passes: count(current?.failed_passes) + (pass.status === 'failed' ? 1 : 0),
    last_pass_at: prevLast && prevLast > finish ? prevLast : finish,
    pass_ids: [...ids, pass.runId],
    ...dayCountsOf(current, pass),
  };
}

/** The newest `movies` run of a day in `scraper_runs` (id and data), or undefined. */
export async function dayMoviesRun(store: Store, date: string): Promise<{ id: string; data: DocData } | undefined> {
  const runs = await store.list(SCRAPER_RUNS, { where: { run_type: 'movies', date } });
  const newest = runs
    .sort((a, b) => String(a.data.timestamp ?? '').localeCompare(String(b.data.timestamp ?? '')))
    .at(-1);
  return newest ? { id: newest.id, data: newest.data } : undefined;
}

/** The day's catalogue counts from its newest movies run (none when the day has no movies run). */
export async function dayCounts(store: Store, date: string): Promise<DayCounts> {
  const day = (await dayMoviesRun(store, date))?.data ?? {};
  const counts: DayCounts = {};
  for (const k of DAY_COUNT_FIELDS) if (typeof day[k] === 'number') counts[k] = day[k] as number;
  return counts;
}

/**
 * Merge counts into the day's newest movies run, in `scraper_runs` and in its `run_log` record
 * (the schedules step knows theatres_total/success/failed, the admin reads them from movies runs).
 * Returns the scraper_runs path, or undefined when the day has no movies run.
 */
export async function addToDayMoviesRun(
  store: Store,
  date: string,
  fields: Record<string, number>,
): Promise<string | undefined> {
  const run = await dayMoviesRun(store, date);
  if (!run) return undefined;
  await store.set(`${SCRAPER_RUNS}/${run.id}`, fields, { merge: true });
  if (await store.get(`${RUN_LOG}/${run.id}`)) await store.set(`${RUN_LOG}/${run.id}`, fields, { merge: true });
  return `${SCRAPER_RUNS}/${run.id}`;
}

/** A finished run as the monitor adapter needs it: the recorder's facts of it, and its complete record. */
export interface FinishedRun extends Pick<
  RunFacts,
  'runId' | 'runType' | 'mode' | 'status' | 'date' | 'startedAt' | 'finishedAt' | 'contract'
> {
  /** The run's complete record (as in run_log). */
  document: DocData;
}

/** Add a JIT pass to its hour's aggregate (in a transaction); returns the aggregate's path. */
async function addJitPass(store: Store, run: FinishedRun): Promise<string> {
  const pass: JitPass = {
    runId: run.runId,
    status: run.status,
    date: run.date,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    showtimesScraped: run.contract.showtimes_scraped ?? 0,
    showtimesSuccess: run.contract.showtimes_success ?? 0,
    day: await dayCounts(store, run.date),
  };
  const path = `${SCRAPER_RUNS}/${jitHourDocId(run.startedAt)}`;
  await store.transaction(path, (current) => {
    const next = mergeJitPass(current, pass);
    return next ? { write: next, result: true } : { result: false };
  });
  return path;
}

/**
 * What the admin's Scraper Monitor gets of a run: a movies run as it is, a JIT seat pass merged
 * into its hour's aggregate, nothing of any other run. Returns the path written, if any.
 */
export async function recordForMonitor(store: Store, run: FinishedRun): Promise<string | undefined> {
  if (run.runType === 'movies') {
    const path = `${SCRAPER_RUNS}/${run.runId}`;
    await store.set(path, run.document);
    return path;
  }
  if (run.runType === 'seats' && run.mode === 'jit') return addJitPass(store, run);
  return undefined;
}
