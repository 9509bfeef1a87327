/**
 * `box_office/{date}`: the BoxOfficeDay as stored (shares and percentages wrapped in `Double`, so
 * Firestore keeps them as doubleValue even when whole; the schema is BoxOfficeDoc in
 * shared/store/box-office-documents.ts), and back from a stored document to the `HistoryDay` a
 * later day needs (its movies' admissions and gross, and every movie's run).
 */
import { Double } from '../../shared/store/documents.js';
import type { DocData } from '../../shared/store/store.js';
import { asHistory } from './day.js';
import type { BoxOfficeDay, HistoryDay, MovieDayRow, RollupRow } from './types.js';

export { BOX_OFFICE, boxOfficePath } from '../../shared/store/paths.js';

const dbl = (v: number | null): Double | null => (v === null ? null : new Double(v));

function rollupDoc(r: RollupRow) {
  return { ...r, occupancy_pct: dbl(r.occupancy_pct) };
}

function movieDoc(m: MovieDayRow) {
  return {
    ...m,
    occupancy_pct: dbl(m.occupancy_pct),
    show_share: new Double(m.show_share),
    admission_share: dbl(m.admission_share),
    walkup_share: dbl(m.walkup_share),
    change_day_pct: dbl(m.change_day_pct),
    change_week_pct: dbl(m.change_week_pct),
  };
}

export function toBoxOfficeDoc(day: BoxOfficeDay): DocData {
  const t = day.totals;
  return {
    date: day.date,
    computed_at: day.computed_at,
    totals: {
      ...t,
      occupancy_pct: dbl(t.occupancy_pct),
      seats_share_pre_show: dbl(t.seats_share_pre_show),
      seats_share_morning_only: dbl(t.seats_share_morning_only),
      show_share_pre_show: dbl(t.show_share_pre_show),
      show_share_morning_only: dbl(t.show_share_morning_only),
      show_share_unread: dbl(t.show_share_unread),
      walkup_share: dbl(t.walkup_share),
    },
    movies: day.movies.map(movieDoc),
    by_chain: day.by_chain.map(rollupDoc),
    by_city: day.by_city.map(rollupDoc),
    by_province: day.by_province.map(rollupDoc),
    by_island: day.by_island.map(rollupDoc),
    by_format: day.by_format.map(rollupDoc),
    by_hour: day.by_hour.map(rollupDoc),
    by_genre: day.by_genre.map(rollupDoc),
    runs: day.runs,
    issues: day.issues,
  };
}

/**
 * A stored document as a BoxOfficeDay (the store gives Doubles back as plain numbers, so the
 * shapes are the same); undefined when it lacks the parts a later day reads. A document read with a
 * field mask (`date`, `movies`, `runs`) has only those parts.
 */
export function fromBoxOfficeDoc(data: DocData | undefined): BoxOfficeDay | undefined {
  if (!data || typeof data.date !== 'string' || !Array.isArray(data.movies) || !Array.isArray(data.runs))
    return undefined;
  return data as unknown as BoxOfficeDay;
}

/** The history a later day needs from a stored box_office document; undefined when it is not one. */
export function historyOf(data: DocData | undefined): HistoryDay | undefined {
  const day = fromBoxOfficeDoc(data);
  return day && asHistory(day);
}
