/**
 * Step 1 of the report: read one day from the store, whichever is configured (Firestore or files).
 *
 * Every figure of the page is the box office's (scripts/box-office/, the one computation): the
 * stored `box_office/{date}` when the summary has run, else computed here by the same loader and
 * functions (`loadDayInput` → `buildShowRows` → `computeBoxOffice`, history from the earlier
 * `box_office` documents). The show rows (each show with its last reading before start) give the
 * sold-out and empty lists. Besides: the latest nowcast of the day (`box_office_nowcast/{date}_*`),
 * the scheduled showtimes, and the day's runs (`run_log`; `scraper_runs` for days before it).
 *
 * Cost on Firestore: the loader's reads (~35 slot documents, one per showtimes document, the movies
 * list), one for box_office/{date} (≤ 8 more for the history when it is absent), the nowcasts of the
 * day, one per run.
 */
import type { Store, StoredDoc } from '../../shared/store/store.js';
import { iso, type Clock } from '../../shared/clock.js';
import { loadDayInput, loadHistory } from '../box-office/load.js';
import { buildShowRows } from '../box-office/shows.js';
import { computeBoxOffice } from '../box-office/day.js';
import { boxOfficePath, fromBoxOfficeDoc } from '../box-office/doc.js';
import type { BoxOfficeDay, ShowRow } from '../box-office/types.js';
import { latestNowcast } from '../nowcast/page.js';
import type { Nowcast } from '../nowcast/model.js';

/** One run of any step, as recorded. */
export interface RunEntry {
  id: string;
  run_type: string;
  mode?: string;
  status: string;
  started_at: string;
  finished_at?: string;
  duration_ms?: number;
  requests?: number;
  retries?: number;
  request_failures?: number;
  /** Items that failed (showtimes, cities, pages…), all kinds together. */
  error_count?: number;
  /** The first recorded errors' reasons (at most 3). */
  errors: string[];
}

export interface DayDocs {
  date: string;
  storeKind: 'firestore' | 'file';
  /** The day's box office, and whether it is the stored document or was computed for this page. */
  boxOffice: BoxOfficeDay;
  boxOfficeSource: 'stored' | 'computed';
  /** Every scheduled show of the day, read or not (the box office's rows). */
  shows: ShowRow[];
  /** Slot records read (shows with at least one reading). */
  recordsRead: number;
  /** The latest nowcast of the day, if any was made. */
  nowcast: Nowcast | undefined;
  /** Showtimes documents (movie × city) of the day's schedules. */
  scheduleDocs: number;
  runs: RunEntry[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // A Double read back from Firestore is a number; one handed over unread is { value }.
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number')
    return (v as { value: number }).value;
  return undefined;
};

function toRun(d: StoredDoc): RunEntry | undefined {
  const x = d.data;
  const started = str(x.started_at) ?? str(x.timestamp);
  const type = str(x.run_type);
  const status = str(x.status);
  if (!started || !type || !status) return undefined;
  const requests = x.requests && typeof x.requests === 'object' ? (x.requests as Record<string, unknown>) : undefined;
  const errors = Array.isArray(x.errors) ? (x.errors as { scope?: unknown; name?: unknown; reason?: unknown }[]) : [];
  return {
    id: d.id,
    run_type: type,
    mode: str(x.mode),
    status,
    started_at: started,
    finished_at: str(x.finished_at),
    duration_ms: num(x.duration_ms),
    requests: num(requests?.requests),
    retries: num(requests?.retries),
    request_failures: num(requests?.failures),
    error_count: num(x.error_count),
    errors: errors.slice(0, 3).map((e) => [str(e.scope), str(e.name), str(e.reason)].filter(Boolean).join(' ')),
  };
}

/**
 * The day's runs. Every run's complete record is in `run_log`; days recorded before it existed
 * have theirs in `scraper_runs` (which now holds only the admin's view: the movies run and one
 * aggregate per JIT hour, so it is read only when `run_log` has nothing for the day).
 */
export async function readRuns(store: Store, date: string): Promise<RunEntry[]> {
  let docs = await store.list('run_log', { where: { date } });
  if (docs.length === 0) docs = await store.list('scraper_runs', { where: { date } });
  const runs = docs.map(toRun).filter((r): r is RunEntry => r !== undefined);
  return runs.sort((a, b) =>
    a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : a.id < b.id ? -1 : 1,
  );
}

export async function readDay(store: Store, date: string, clock: Clock): Promise<DayDocs> {
  const { input } = await loadDayInput(store, date);
  const { shows, issues } = buildShowRows(input);
  const stored = fromBoxOfficeDoc(await store.get(boxOfficePath(date)));
  let boxOffice = stored;
  if (!boxOffice) {
    const { history } = await loadHistory(store, date);
    boxOffice = computeBoxOffice(date, shows, history, iso(clock.now()), issues);
  }
  return {
    date,
    storeKind: store.kind,
    boxOffice,
    boxOfficeSource: stored ? 'stored' : 'computed',
    shows,
    recordsRead: input.records.length,
    nowcast: (await latestNowcast(store, date)).nowcast,
    scheduleDocs: input.showtimes.length,
    runs: await readRuns(store, date),
  };
}
