/**
 * The ten example queries of docs/dataset.md ("Ten questions"), one place for all their readers:
 * the docs carry each text verbatim (tests/dataset/docs.test.ts checks), the tests run them over
 * the simulator's season, the bench times them over a synthetic year.
 */
export interface ExampleQuery {
  id: string;
  question: string;
  sql: string;
}

export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    id: 'top-movies',
    question: 'Which movies sold the most over the whole period, and for how much?',
    sql: `SELECT movie_id, any_value(title) AS title, count(*) AS days, sum(admissions) AS admissions,
       sum(gross_idr_min) AS gross_idr_min, sum(gross_idr_max) AS gross_idr_max
FROM movie_days GROUP BY movie_id ORDER BY admissions DESC, movie_id LIMIT 10`,
  },
  {
    id: 'whole-run',
    question: "How did the period's biggest movie do over its whole run, day by day?",
    sql: `SELECT date, day_of_run, rank, shows, admissions, cumulative_admissions, change_day_pct, change_week_pct
FROM movie_days
WHERE movie_id = (SELECT movie_id FROM movie_days GROUP BY movie_id ORDER BY sum(admissions) DESC, movie_id LIMIT 1)
ORDER BY date`,
  },
  {
    id: 'second-week-drop',
    question:
      'How much do movies drop in their second week, by genre (average admissions a day, days 8–14 vs days 1–7)?',
    sql: `WITH runs AS (
  SELECT movie_id, any_value(genres) AS genres,
         avg(admissions) FILTER (WHERE day_of_run BETWEEN 1 AND 7) AS week1,
         avg(admissions) FILTER (WHERE day_of_run BETWEEN 8 AND 14) AS week2
  FROM movie_days GROUP BY movie_id
  HAVING min(day_of_run) = 1 AND week2 IS NOT NULL AND week1 > 0)
SELECT genre, count(*) AS movies, round(100 * median(week2 / week1 - 1), 1) AS median_drop_pct
FROM (SELECT unnest(genres) AS genre, week1, week2 FROM runs)
GROUP BY genre ORDER BY movies DESC, genre`,
  },
  {
    id: 'province-genre',
    question:
      "Which genres does each province watch (share of the province's admissions, a show counted once per genre)?",
    sql: `WITH pm AS (SELECT province, movie_id, sum(admissions) AS admissions FROM shows WHERE province IS NOT NULL GROUP BY ALL),
mg AS (SELECT DISTINCT movie_id, unnest(genres) AS genre FROM movie_days),
g AS (SELECT province, genre, sum(admissions) AS admissions FROM pm JOIN mg USING (movie_id) GROUP BY ALL)
PIVOT (SELECT province, genre, round(100 * admissions / sum(admissions) OVER (PARTITION BY province), 1) AS pct FROM g)
ON genre USING first(pct) GROUP BY province ORDER BY province`,
  },
  {
    id: 'walkup-chain-hour',
    question: "What share of each chain's audience buys on the day, by start hour?",
    sql: `SELECT merchant, substr(start_local, 1, 2) AS hour, count(*) AS shows,
       round(100 * sum(walkup) / sum(admissions), 1) AS walkup_pct
FROM shows WHERE walkup IS NOT NULL AND admissions > 0
GROUP BY ALL ORDER BY merchant, hour`,
  },
  {
    id: 'sold-out',
    question: 'Where is demand unmet: which movies sell out the most shows, and in how many cities?',
    sql: `SELECT movie_title, count(*) FILTER (WHERE admissions >= seats_total) AS sold_out_shows, count(*) AS shows,
       round(100 * count(*) FILTER (WHERE admissions >= seats_total) / count(*), 1) AS sold_out_pct,
       count(DISTINCT city) FILTER (WHERE admissions >= seats_total) AS cities_sold_out
FROM shows WHERE seats_total > 0 AND admissions IS NOT NULL
GROUP BY movie_title HAVING sold_out_shows > 0 ORDER BY sold_out_shows DESC LIMIT 15`,
  },
  {
    id: 'share-vs-share',
    question: 'Did releases get the screens their audience asked for (show share vs admission share, first two weeks)?',
    sql: `SELECT title, day_of_run, round(100 * show_share, 1) AS show_share_pct, round(100 * admission_share, 1) AS admission_share_pct,
       round(admission_share / show_share, 2) AS demand_per_supply
FROM movie_days
WHERE movie_id IN (SELECT movie_id FROM movie_days WHERE day_of_run = 1) AND day_of_run <= 14 AND show_share > 0
ORDER BY title, day_of_run`,
  },
  {
    id: 'weekday',
    question: 'How does a week go: admissions, shows and occupancy by weekday?',
    sql: `SELECT dayname(date) AS weekday, count(DISTINCT date) AS days, round(sum(admissions) / count(DISTINCT date)) AS admissions_per_day,
       round(count(*) / count(DISTINCT date)) AS shows_per_day, round(100 * sum(admissions) / sum(seats_total), 1) AS occupancy_pct
FROM shows WHERE admissions IS NOT NULL
GROUP BY ALL ORDER BY min(isodow(date))`,
  },
  {
    id: 'formats',
    question: 'What do premium formats bring: shows, occupancy and average ticket price by format?',
    sql: `SELECT format, count(*) AS shows, sum(admissions) AS admissions, round(100 * sum(admissions) / sum(seats_total), 1) AS occupancy_pct,
       round(sum(gross_idr_min) / sum(admissions)) AS avg_price_idr_min, round(sum(gross_idr_max) / sum(admissions)) AS avg_price_idr_max
FROM shows WHERE admissions IS NOT NULL AND gross_idr_min IS NOT NULL
GROUP BY format ORDER BY admissions DESC`,
  },
  {
    id: 'freshness',
    question:
      "How fresh is each day's figure: shows read minutes before their start, morning-only, unread, and the readings behind them?",
    sql: `WITH s AS (
  SELECT date, count(*) AS shows, count(*) FILTER (WHERE last_kind IN ('jit', 'final')) AS pre_show,
         count(*) FILTER (WHERE last_kind = 'morning') AS morning_only, count(*) FILTER (WHERE last_kind IS NULL) AS unread,
         round(100 * sum(seats_total) FILTER (WHERE last_kind IN ('jit', 'final')) / sum(seats_total), 1) AS pre_show_seats_pct
  FROM shows GROUP BY date),
r AS (SELECT date, count(*) FILTER (WHERE kind = 'morning') AS morning_readings, count(*) FILTER (WHERE kind <> 'morning') AS later_readings
      FROM readings GROUP BY date)
SELECT * FROM s LEFT JOIN r USING (date) ORDER BY date`,
  },
];
