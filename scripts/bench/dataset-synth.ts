/**
 * Synthetic data for the bench's dataset phase, made inside DuckDB (fast, no store, no simulator):
 *
 * - `synthNationalDay`: a national day's rows (≈ 12,300 shows in ≈ 500 theatres of 83 cities, 40
 *   movies with a skewed share of shows, two readings for most shows, the movies' day rows), as the
 *   box office's row types, for timing the writer when no real exported day is at hand.
 * - `synthYear`: 365 days made from one exported day's files (real or synthetic): each day is the
 *   day's rows with its date, its movies rotated every 28 days (so runs start and end, day_of_run
 *   counts 1–28) and admissions scaled by weekday, written with `COPY … PARTITION_BY (date)` into
 *   the same hive layout the dataset has.
 *
 * The values are plausible, not a model: they exist to give the queries a year's worth of rows.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MovieDayRow, ReadingRow, ShowRow } from '../box-office/types.js';
import { sqlString, type Duck, plainRows } from '../dataset/duck.js';
import type { TableRows } from '../dataset/schema.js';

const GENRES = `['Horror', 'Drama', 'Comedy', 'Action', 'Animation', 'Romance', 'Family', 'Thriller']`;
const ROOMS = `['REGULAR 2D', '2D', 'IMAX 2D', 'GOLD CLASS 2D', '4DX2D', 'SCREENX 2D', 'VELVET 2D', '3D']`;
const FORMATS = `['2D', '2D', 'IMAX', 'Gold Class', '4DX', 'ScreenX', 'Velvet', '3D']`;
const ISLANDS = `['Jawa', 'Jawa', 'Jawa', 'Sumatera', 'Kalimantan', 'Sulawesi', 'Bali & NT', 'Papua & Maluku']`;
const ISO = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.000Z')`;

/** The shows of a synthetic national day, as a DuckDB table `syn_shows`. */
async function synthShows(duck: Duck, date: string, shows: number): Promise<void> {
  await duck.connection.run(`CREATE OR REPLACE TEMP TABLE syn_shows AS
WITH b AS (
  SELECT i, (hash(i, 'u') % 10000) / 10000.0 AS u, (hash(i, 'v') % 10000) / 10000.0 AS v, (hash(i, 'w') % 10000) / 10000.0 AS w,
         i % 497 AS th, floor(40 * pow((hash(i, 'm') % 10000) / 10000.0, 2))::INTEGER AS mv, (hash(i, 'r') % 8)::INTEGER AS room
  FROM range(${shows}) t(i)),
c AS (
  SELECT *, th % 83 AS city, 100 + (hash(th) % 200)::INTEGER AS seats, (10 + floor(u * 13))::INTEGER AS hh,
         CASE WHEN w < 0.05 THEN NULL WHEN w < 0.15 THEN 'morning' WHEN w < 0.9 THEN 'jit' ELSE 'final' END AS last_kind,
         35000 + 5000 * (hash(th, room) % 6)::INTEGER AS price
  FROM b)
SELECT DATE '${date}' AS date, CAST(7000000 + i AS VARCHAR) AS showtime_id, 'M' || lpad(mv::VARCHAR, 3, '0') AS movie_id,
  'MOVIE ' || mv AS movie_title, 'T' || th AS theatre_id, 'THEATRE ' || th AS theatre_name,
  CASE WHEN th % 10 < 6 THEN 'XXI' WHEN th % 10 < 9 THEN 'CGV' ELSE 'Cinépolis' END AS merchant,
  'CITY ' || city AS city, CASE WHEN city = 82 THEN NULL ELSE 'PROVINCE ' || (city % 38) END AS province,
  CASE WHEN city = 82 THEN NULL ELSE ${ISLANDS}[1 + city % 8] END AS island_group,
  ${ROOMS}[1 + room] AS room_category, ${FORMATS}[1 + room] AS format,
  lpad(hh::VARCHAR, 2, '0') || ':' || CASE WHEN v < 0.5 THEN '00' ELSE '30' END AS start_local,
  ${ISO(`(TIMESTAMP '${date} 00:00:00' + to_minutes(hh * 60 + CASE WHEN v < 0.5 THEN 0 ELSE 30 END - 420))`)} AS start_at,
  CASE WHEN last_kind IS NULL THEN NULL ELSE seats END AS seats_total,
  CASE WHEN last_kind IS NULL THEN NULL ELSE floor(seats * v * 0.3)::INTEGER END AS unavailable_morning,
  CASE WHEN last_kind IS NULL THEN NULL WHEN last_kind = 'morning' THEN floor(seats * v * 0.3)::INTEGER
       ELSE least(seats, floor(seats * v * 0.3)::INTEGER + floor(seats * u * 0.9)::INTEGER) END AS unavailable_last,
  last_kind, price AS price_idr_min, price + CASE WHEN room = 3 THEN 5000 ELSE 0 END AS price_idr_max,
  list_slice(${GENRES}, 1 + mv % 8, 1 + mv % 8 + (mv % 2)) AS genres
FROM c`);
  await duck.connection
    .run(`ALTER TABLE syn_shows ADD COLUMN admissions INTEGER; ALTER TABLE syn_shows ADD COLUMN walkup INTEGER;
ALTER TABLE syn_shows ADD COLUMN gross_idr_min BIGINT; ALTER TABLE syn_shows ADD COLUMN gross_idr_max BIGINT;
UPDATE syn_shows SET admissions = unavailable_last, walkup = CASE WHEN last_kind IN ('jit', 'final') THEN unavailable_last - unavailable_morning END,
  gross_idr_min = unavailable_last * price_idr_min, gross_idr_max = unavailable_last * price_idr_max`);
}

/** A national day's rows, as the box office hands them to the dataset. */
export async function synthNationalDay(duck: Duck, date: string, shows = 12_300): Promise<TableRows> {
  await synthShows(duck, date, shows);
  const cols = `strftime(date, '%Y-%m-%d') AS date, showtime_id, movie_id, movie_title, theatre_id, theatre_name, merchant, city, province, island_group,
    room_category, format, start_local, start_at, seats_total, unavailable_morning, unavailable_last, last_kind, admissions, walkup,
    price_idr_min, price_idr_max, gross_idr_min, gross_idr_max, genres`;
  const showRows = plainRows(
    await duck.connection.runAndReadAll(`SELECT ${cols} FROM syn_shows ORDER BY showtime_id`),
  ) as unknown as ShowRow[];
  const readings = plainRows(
    await duck.connection
      .runAndReadAll(`SELECT strftime(date, '%Y-%m-%d') AS date, showtime_id, 'morning' AS kind, '${date}T00:00:00.000Z'::VARCHAR AS read_at,
       seats_total, unavailable_morning AS seats_unavailable FROM syn_shows WHERE last_kind IS NOT NULL
UNION ALL SELECT strftime(date, '%Y-%m-%d'), showtime_id, last_kind, ${ISO(`(start_at::TIMESTAMP - INTERVAL 8 MINUTE)`)}, seats_total, unavailable_last
  FROM syn_shows WHERE last_kind IN ('jit', 'final') ORDER BY 2, 4`),
  ) as unknown as ReadingRow[];
  const movies = plainRows(
    await duck.connection.runAndReadAll(`WITH m AS (
  SELECT movie_id, any_value(movie_title) AS title, count(*)::INTEGER AS shows, count(DISTINCT theatre_id)::INTEGER AS theatres,
    count(DISTINCT city)::INTEGER AS cities, coalesce(sum(seats_total), 0)::INTEGER AS seats, coalesce(sum(admissions), 0)::INTEGER AS admissions,
    sum(gross_idr_min)::BIGINT AS gross_idr_min, sum(gross_idr_max)::BIGINT AS gross_idr_max,
    count(*) FILTER (WHERE admissions >= seats_total)::INTEGER AS sold_out_shows, count(*) FILTER (WHERE admissions >= 0.8 * seats_total)::INTEGER AS nearly_full_shows,
    sum(walkup)::INTEGER AS walkup, any_value(genres) AS genres
  FROM syn_shows GROUP BY movie_id)
SELECT '${date}' AS date, movie_id, title, row_number() OVER (ORDER BY admissions DESC, movie_id)::INTEGER AS rank, shows, theatres, cities, seats, admissions,
  round(100.0 * admissions / seats, 1) AS occupancy_pct, gross_idr_min, gross_idr_max, round(gross_idr_min / admissions, 0) AS avg_price_idr,
  shows / sum(shows) OVER () AS show_share, admissions / sum(admissions) OVER () AS admission_share, sold_out_shows, nearly_full_shows,
  walkup, walkup / admissions AS walkup_share, NULL::DOUBLE AS change_day_pct, NULL::DOUBLE AS change_week_pct,
  admissions::BIGINT AS cumulative_admissions, gross_idr_min AS cumulative_gross_idr_min, gross_idr_max AS cumulative_gross_idr_max, 1 AS day_of_run, genres
FROM m ORDER BY rank`),
  ) as unknown as (MovieDayRow & { date: string })[];
  return { shows: showRows, readings, movie_days: movies, nowcasts: [] };
}

/** Per-day movie identity: a movie runs 28 days, then another takes its place. */
const rotated = (col: string) => `${col} || '-' || ((t.i + hash(${col}) % 28) // 28)`;
const weekdayScale = `[0.8, 0.75, 0.8, 0.85, 1.1, 1.5, 1.35][isodow(DATE '@START' + t.i::INTEGER)]`;

/** 365 (or `days`) days from one exported day, into `out` (hive layout), through DuckDB only. */
export async function synthYear(duck: Duck, dayDir: string, out: string, start: string, days = 365): Promise<void> {
  await mkdir(out, { recursive: true });
  const src = (t: string) => `${sqlString(join(dayDir, t, 'date=*', '*.parquet'))}, hive_partitioning = false`;
  const scale = weekdayScale.replace('@START', start);
  const date = `(DATE '${start}' + t.i::INTEGER) AS date`;
  const copy = (sql: string, table: string) =>
    duck.connection.run(
      `COPY (${sql}) TO ${sqlString(join(out, table))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date), OVERWRITE_OR_IGNORE true)`,
    );
  await copy(`SELECT r.*, ${date} FROM read_parquet(${src('readings')}) r CROSS JOIN range(${days}) t(i)`, 'readings');
  await copy(
    `SELECT s.* REPLACE (${rotated('s.movie_id')} AS movie_id, ${rotated('s.movie_title')} AS movie_title,
       least(s.seats_total, round(s.admissions * ${scale}))::INTEGER AS admissions), ${date}
     FROM read_parquet(${src('shows')}) s CROSS JOIN range(${days}) t(i)`,
    'shows',
  );
  await copy(
    `SELECT m.* REPLACE (${rotated('m.movie_id')} AS movie_id, ${rotated('m.title')} AS title, round(m.admissions * ${scale})::INTEGER AS admissions,
       ((t.i + hash(m.movie_id) % 28) % 28 + 1)::INTEGER AS day_of_run), ${date}
     FROM read_parquet(${src('movie_days')}) m CROSS JOIN range(${days}) t(i)`,
    'movie_days',
  );
}
