/**
 * The one loader of a day's box-office input from the store (the summary, the report, the dataset
 * and the nowcast all call it), with its reads counted:
 *
 *  - `seat_days/{date}/slots/*`: the day's readings (one query, ~35 documents on a national day);
 *  - `schedules/{date}/showtimes/*`: every scheduled show with its showtime id, theatre, room
 *    category and listed price (one query, one read per document: ~660 on a national day);
 *  - `snapshots/{date}`: the movies list (genres), one read.
 *
 * The theatres collection is not read: the showtimes documents carry each theatre's name, chain
 * and city. `loadHistory` reads the box office of the 8 days before (one id-range query on
 * `box_office`, at most 8 reads; 1 when there is none): the previous day, the same weekday a week
 * before, and the latest earlier document's runs for cumulative figures.
 */
import { addDaysToDate } from '../../shared/clock.js';
import { ShowtimesDoc } from '../../shared/store/documents.js';
import type { Store, StoredDoc } from '../../shared/store/store.js';
import { loadDay } from '../../scrapers/seats/day.js';
import { daySnapshotPath, showtimesCollection } from '../../shared/store/paths.js';
import { BOX_OFFICE, historyOf } from './doc.js';
import type { DayInput, HistoryDay } from './types.js';

export const HISTORY_DAYS = 8;

export interface LoadReads {
  slots: number;
  showtimes: number;
  snapshot: number;
  history?: number;
}

export interface LoadedInput {
  input: DayInput;
  reads: LoadReads;
  /** Slot lines that did not parse (their shows count as unread). */
  badLines: number;
  /** Documents that did not match their schema, by path (left out). */
  badDocs: { path: string; reason: string }[];
  /** Whether snapshots/{date} was there (without it, genres are unknown). */
  hasMoviesList: boolean;
}

function moviesOf(data: Record<string, unknown> | undefined): DayInput['movies'] | undefined {
  if (!data || !Array.isArray(data.movies)) return undefined;
  return (data.movies as Record<string, unknown>[])
    .filter((m) => typeof m.id === 'string')
    .map((m) => ({
      id: m.id as string,
      title: typeof m.title === 'string' ? m.title : '',
      genres: Array.isArray(m.genres) ? m.genres.filter((g): g is string => typeof g === 'string') : [],
      ...(typeof m.is_presale === 'boolean' ? { is_presale: m.is_presale } : {}),
    }));
}

export async function loadDayInput(store: Store, date: string): Promise<LoadedInput> {
  const [day, showtimeDocs, snapshot] = await Promise.all([
    loadDay(store, date),
    store.list(showtimesCollection(date)),
    store.get(daySnapshotPath(date)),
  ]);
  const badDocs: LoadedInput['badDocs'] = [];
  const showtimes: ShowtimesDoc[] = [];
  for (const d of showtimeDocs) {
    const p = ShowtimesDoc.safeParse(d.data);
    if (p.success) showtimes.push(p.data);
    else
      badDocs.push({
        path: d.path,
        reason: `does not match the ShowtimesDoc schema: ${p.error.issues[0]?.message ?? ''}`,
      });
  }
  const movies = moviesOf(snapshot);
  return {
    input: { date, records: [...day.records.values()], showtimes, movies: movies ?? [] },
    reads: { slots: day.reads, showtimes: Math.max(1, showtimeDocs.length), snapshot: 1 },
    badLines: day.badLines,
    badDocs,
    hasMoviesList: movies !== undefined,
  };
}

/**
 * The box office of the 8 days before `date` (those that exist). `extra` fields of the same
 * documents come back in `docs` (the summary's nowcast part reads `release_dates` from this one
 * query instead of querying the same days again).
 */
export async function loadHistory(
  store: Store,
  date: string,
  extra: readonly string[] = [],
): Promise<{ history: HistoryDay[]; docs: StoredDoc[]; reads: number }> {
  const docs = await store.list(BOX_OFFICE, {
    idFrom: addDaysToDate(date, -HISTORY_DAYS),
    idBefore: date,
    fields: ['date', 'movies', 'runs', ...extra],
  });
  const history = docs.map((d) => historyOf(d.data)).filter((h): h is HistoryDay => h !== undefined);
  return { history, docs, reads: Math.max(1, docs.length) };
}
