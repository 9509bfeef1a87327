/**
 * A day's dataset rows, from the box office's one computation (scripts/box-office/): its loader
 * reads the day's input from `dayStore` (the store, or a day restored from its archive),
 * buildShowRows makes the show and reading rows and computeBoxOffice the movie rows, with the
 * earlier days' box office (the history behind changes, cumulative figures and day of run) read
 * from `historyStore`. Nothing is computed here: the rows are the box office's own.
 */
import type { DocData, Store } from '../../shared/store/store.js';
import { boxOfficePath } from '../../shared/store/paths.js';
import { fromScoresField } from '../nowcast/doc.js';
import { addDaysToDate } from '../../shared/clock.js';
import { asHistory, computeBoxOffice } from '../box-office/day.js';
import { HISTORY_DAYS, loadDayInput, loadHistory } from '../box-office/load.js';
import { buildShowRows } from '../box-office/shows.js';
import type { HistoryDay } from '../box-office/types.js';
import type { TableRows } from './schema.js';

export interface DayRows {
  rows: TableRows;
  /** The input's issues by kind (as the box office counts them). */
  issues: Record<string, number>;
  /** The day as the next days' history sees it (for a backfill over days the store has no box office of). */
  history: HistoryDay;
}

/**
 * The history of `date`: the stored box office of the days before, and for a day the store has no
 * `box_office` document of (days before the box office existed, backfilled), the day as this run
 * computed it (`computed`). The stored document wins.
 */
async function historyOf(store: Store, date: string, computed: ReadonlyMap<string, HistoryDay>): Promise<HistoryDay[]> {
  const { history } = await loadHistory(store, date);
  const stored = new Set(history.map((h) => h.date));
  const from = addDaysToDate(date, -HISTORY_DAYS);
  const extra = [...computed.values()].filter((h) => h.date >= from && h.date < date && !stored.has(h.date));
  return [...history, ...extra].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The day's scored nowcasts, as the summary stored them in `box_office/{date}.nowcast` (none: no rows). */
function nowcastRows(date: string, stored: DocData | undefined): TableRows['nowcasts'] {
  return (fromScoresField(stored?.nowcast)?.nowcasts ?? []).flatMap((n) => n.movies.map((m) => ({ date, ...m })));
}

export class EmptyDayError extends Error {
  override name = 'EmptyDayError';
}

export async function dayRows(
  dayStore: Store,
  historyStore: Store,
  date: string,
  computed: ReadonlyMap<string, HistoryDay> = new Map(),
): Promise<DayRows> {
  const [loaded, stored] = await Promise.all([loadDayInput(dayStore, date), historyStore.get(boxOfficePath(date))]);
  if (loaded.input.showtimes.length === 0 && loaded.input.records.length === 0) {
    throw new EmptyDayError(`nothing scheduled or read on ${date} in the ${dayStore.kind} store`);
  }
  const history = await historyOf(historyStore, date, computed);
  const { shows, readings, issues } = buildShowRows(loaded.input);
  // computed_at is not a dataset column: the rows do not depend on it
  const day = computeBoxOffice(date, shows, history, `${date}T00:00:00.000Z`, issues);
  const counts: Record<string, number> = { ...(day.issues as Record<string, number>) };
  if (loaded.badLines) counts.unreadable_slot_lines = loaded.badLines;
  if (loaded.badDocs.length) counts.bad_showtimes_documents = loaded.badDocs.length;
  return {
    rows: { readings, shows, movie_days: day.movies.map((m) => ({ date, ...m })), nowcasts: nowcastRows(date, stored) },
    issues: counts,
    history: asHistory(day),
  };
}
