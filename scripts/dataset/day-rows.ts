/**
 * A day's dataset rows, from the box office's one computation (scripts/box-office/): its loader
 * reads the day's input from `dayStore` (the store, or a day restored from its archive),
 * buildShowRows makes the show and reading rows and computeBoxOffice the movie rows, with the
 * earlier days' box office (the history behind changes, cumulative figures and day of run) read
 * from `historyStore`. Nothing is computed here: the rows are the box office's own.
 */
import type { Store } from '../../shared/store/store.js';
import { computeBoxOffice } from '../box-office/day.js';
import { loadDayInput, loadHistory } from '../box-office/load.js';
import { buildShowRows } from '../box-office/shows.js';
import type { TableRows } from './schema.js';

export interface DayRows {
  rows: TableRows;
  /** The input's issues by kind (as the box office counts them). */
  issues: Record<string, number>;
}

export class EmptyDayError extends Error {
  override name = 'EmptyDayError';
}

export async function dayRows(dayStore: Store, historyStore: Store, date: string): Promise<DayRows> {
  const loaded = await loadDayInput(dayStore, date);
  if (loaded.input.showtimes.length === 0 && loaded.input.records.length === 0) {
    throw new EmptyDayError(`nothing scheduled or read on ${date} in the ${dayStore.kind} store`);
  }
  const { history } = await loadHistory(historyStore, date);
  const { shows, readings, issues } = buildShowRows(loaded.input);
  // computed_at is not a dataset column: the rows do not depend on it
  const day = computeBoxOffice(date, shows, history, `${date}T00:00:00.000Z`, issues);
  const counts: Record<string, number> = { ...(day.issues as Record<string, number>) };
  if (loaded.badLines) counts.unreadable_slot_lines = loaded.badLines;
  if (loaded.badDocs.length) counts.bad_showtimes_documents = loaded.badDocs.length;
  return { rows: { readings, shows, movie_days: day.movies.map((m) => ({ date, ...m })) }, issues: counts };
}
