/**
 * `npm run report -- --from D1 --to D2`: the period's page, from the dataset (DuckDB views over its
 * Parquet files: scripts/dataset/duck.ts). Every chart is one query's answer, drawn as it comes back:
 * the period's top movies and their daily admissions, each one's run (cumulative admissions), the
 * week-over-week changes, admissions by province and chain per day, the weekday pattern, walk-up by
 * start hour, and the nowcast error history (the `nowcasts` table: rolling 7-day mean error, coverage).
 */
import type { Dataset } from '../dataset/open.js';
import { sqlString } from '../dataset/duck.js';

/** How many movies the period's movie charts follow (the most admissions over the period). */
export const TOP_MOVIES = 8;

export type Row = Record<string, unknown>;

export interface PeriodData {
  from: string;
  to: string;
  /** Days of the period the dataset holds (movie_days rows). */
  days: string[];
  top: Row[];
  daily: Row[];
  runs: Row[];
  weekOverWeek: Row[];
  byProvince: Row[];
  byChain: Row[];
  weekday: Row[];
  walkupByHour: Row[];
  /** The nowcasts' error history per day and time of day, or the reason it could not be read. */
  nowcast: { rows: Row[] } | { error: string };
}

/** The period's SQL, in one place: each chart's data is exactly one of these answers. */
export function periodSql(from: string, to: string) {
  const range = `date BETWEEN ${sqlString(from)} AND ${sqlString(to)}`;
  const top = `SELECT movie_id, any_value(title ORDER BY date DESC) AS title, SUM(admissions) AS admissions FROM movie_days WHERE ${range} GROUP BY movie_id ORDER BY admissions DESC, movie_id LIMIT ${TOP_MOVIES}`;
  // a movie keeps one name over the period (its latest title), even if TIX.id renamed it on the way
  const perMovie = (cols: string, extra = '') =>
    `SELECT strftime(m.date, '%Y-%m-%d') AS date, t.title AS movie, ${cols} FROM movie_days m JOIN (${top}) t USING (movie_id) WHERE m.${range}${extra} ORDER BY date, movie`;
  const perDay = (key: string) =>
    `SELECT strftime(date, '%Y-%m-%d') AS date, coalesce(${key}, 'unknown') AS key, SUM(admissions) AS admissions FROM shows WHERE ${range} AND admissions IS NOT NULL GROUP BY ALL ORDER BY date, key`;
  return {
    days: `SELECT DISTINCT strftime(date, '%Y-%m-%d') AS date FROM movie_days WHERE ${range} ORDER BY date`,
    top,
    daily: perMovie('m.admissions'),
    runs: perMovie('m.cumulative_admissions AS cumulative'),
    weekOverWeek: perMovie('round(m.change_week_pct, 1) AS change_week_pct', ' AND m.change_week_pct IS NOT NULL'),
    byProvince: perDay('province'),
    byChain: perDay('merchant'),
    weekday: `SELECT isodow(date) AS dow, dayname(date) AS weekday, COUNT(DISTINCT date) AS days, SUM(admissions) AS admissions, round(SUM(admissions) / COUNT(DISTINCT date), 1) AS per_day FROM shows WHERE ${range} AND admissions IS NOT NULL GROUP BY ALL ORDER BY dow`,
    walkupByHour: `SELECT substr(start_local, 1, 2) AS hour, SUM(walkup) AS walkup, SUM(admissions) AS admissions, round(100.0 * SUM(walkup) / nullif(SUM(admissions), 0), 1) AS walkup_pct FROM shows WHERE ${range} AND walkup IS NOT NULL GROUP BY ALL ORDER BY hour`,
    // the nowcasts table: one row per movie and scored nowcast; errors per time of day (at_local)
    nowcast: `SELECT strftime(date, '%Y-%m-%d') AS date, at_local, round(100 * avg(ape), 1) AS mean_ape_pct,
      round(100 * avg(CASE WHEN held THEN 1 ELSE 0 END), 1) AS coverage_pct,
      round(100 * avg(avg(ape)) OVER (PARTITION BY at_local ORDER BY date RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW), 1) AS rolling_ape_pct
      FROM nowcasts WHERE ${range} GROUP BY date, at_local ORDER BY date, at_local`,
  };
}

/** The period's answers from the dataset. */
export async function readPeriod(ds: Dataset, from: string, to: string): Promise<PeriodData> {
  const q = periodSql(from, to);
  const days = (await ds.rows(q.days)).map((r) => String(r.date));
  let nowcast: PeriodData['nowcast'];
  try {
    nowcast = { rows: await ds.rows(q.nowcast) };
  } catch (err) {
    nowcast = { error: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  }
  return {
    from,
    to,
    days,
    top: await ds.rows(q.top),
    daily: await ds.rows(q.daily),
    runs: await ds.rows(q.runs),
    weekOverWeek: await ds.rows(q.weekOverWeek),
    byProvince: await ds.rows(q.byProvince),
    byChain: await ds.rows(q.byChain),
    weekday: await ds.rows(q.weekday),
    walkupByHour: await ds.rows(q.walkupByHour),
    nowcast,
  };
}
