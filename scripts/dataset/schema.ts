/**
 * The dataset's schema (docs/dataset.md documents every column): four tables, each stored as
 * `DIR/{table}/date=YYYY-MM-DD/data.parquet` (hive-partitioned by date; `date` lives in the path,
 * not in the file, as hive layouts do, so DuckDB, BigQuery and Spark all read it as the partition
 * key). Rows are the box office's own rows (scripts/box-office/types.ts): the same names, the same
 * values, never recomputed here; `nowcasts` are the scored nowcasts the summary stored in
 * `box_office/{date}.nowcast` (scripts/nowcast/score.ts).
 *
 * SCHEMA_VERSION changes when a column's meaning or type changes (a new column is a new version
 * too); it is written into every file's key-value metadata (`cineradar_schema_version`).
 *
 * This module is light (no DuckDB): the docs test and the command's help read it.
 */
import type { MovieDayRow, ReadingRow, ShowRow } from '../box-office/types.js';
import type { ScoreRow } from '../nowcast/score.js';

export const SCHEMA_VERSION = 1;
/** Key-value metadata keys in every file. */
export const KV_VERSION = 'cineradar_schema_version';
export const KV_TABLE = 'cineradar_table';

export type ColumnType = 'DATE' | 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMPTZ' | 'VARCHAR[]';

export interface Column {
  name: string;
  type: ColumnType;
  /** May be null (unknown); a non-null column refuses a null. */
  nullable: boolean;
}

export type TableName = 'readings' | 'shows' | 'movie_days' | 'nowcasts';
export const TABLES: readonly TableName[] = ['readings', 'shows', 'movie_days', 'nowcasts'];

export interface TableRows {
  readings: ReadingRow[];
  shows: ShowRow[];
  movie_days: (MovieDayRow & { date: string })[];
  /** The day's nowcasts as the summary scored them (scripts/nowcast/score.ts): one row per movie and nowcast. */
  nowcasts: (ScoreRow & { date: string })[];
}

const col = (name: string, type: ColumnType, nullable = false): Column => ({ name, type, nullable });
const DATE = col('date', 'DATE');

/** Each table's columns in file order, `date` first (it is the partition key, kept out of the file). */
export const COLUMNS: Readonly<Record<TableName, readonly Column[]>> = {
  readings: [
    DATE,
    col('showtime_id', 'VARCHAR'),
    col('kind', 'VARCHAR'),
    col('read_at', 'TIMESTAMPTZ'),
    col('seats_total', 'INTEGER'),
    col('seats_unavailable', 'INTEGER'),
  ],
  shows: [
    DATE,
    col('showtime_id', 'VARCHAR'),
    col('movie_id', 'VARCHAR'),
    col('movie_title', 'VARCHAR'),
    col('theatre_id', 'VARCHAR'),
    col('theatre_name', 'VARCHAR'),
    col('merchant', 'VARCHAR'),
    col('city', 'VARCHAR'),
    col('province', 'VARCHAR', true),
    col('island_group', 'VARCHAR', true),
    col('room_category', 'VARCHAR', true),
    col('format', 'VARCHAR'),
    col('start_local', 'VARCHAR'),
    col('start_at', 'TIMESTAMPTZ'),
    col('seats_total', 'INTEGER', true),
    col('unavailable_morning', 'INTEGER', true),
    col('unavailable_last', 'INTEGER', true),
    col('last_kind', 'VARCHAR', true),
    col('admissions', 'INTEGER', true),
    col('walkup', 'INTEGER', true),
    col('price_idr_min', 'BIGINT', true),
    col('price_idr_max', 'BIGINT', true),
    col('gross_idr_min', 'BIGINT', true),
    col('gross_idr_max', 'BIGINT', true),
    col('genres', 'VARCHAR[]'),
  ],
  movie_days: [
    DATE,
    col('movie_id', 'VARCHAR'),
    col('title', 'VARCHAR'),
    col('rank', 'INTEGER'),
    col('shows', 'INTEGER'),
    col('theatres', 'INTEGER'),
    col('cities', 'INTEGER'),
    col('seats', 'INTEGER'),
    col('admissions', 'INTEGER'),
    col('occupancy_pct', 'DOUBLE', true),
    col('gross_idr_min', 'BIGINT', true),
    col('gross_idr_max', 'BIGINT', true),
    col('avg_price_idr', 'BIGINT', true),
    col('show_share', 'DOUBLE'),
    col('admission_share', 'DOUBLE', true),
    col('sold_out_shows', 'INTEGER'),
    col('nearly_full_shows', 'INTEGER'),
    col('walkup', 'INTEGER', true),
    col('walkup_share', 'DOUBLE', true),
    col('change_day_pct', 'DOUBLE', true),
    col('change_week_pct', 'DOUBLE', true),
    col('cumulative_admissions', 'BIGINT'),
    col('cumulative_gross_idr_min', 'BIGINT', true),
    col('cumulative_gross_idr_max', 'BIGINT', true),
    col('day_of_run', 'INTEGER'),
    col('genres', 'VARCHAR[]'),
  ],
  nowcasts: [
    DATE,
    col('nowcast_id', 'VARCHAR'),
    col('at_local', 'VARCHAR'),
    col('movie_id', 'VARCHAR'),
    col('title', 'VARCHAR'),
    col('point', 'INTEGER'),
    col('low', 'INTEGER'),
    col('high', 'INTEGER'),
    col('measured', 'INTEGER'),
    col('ape', 'DOUBLE', true),
    col('gross_point', 'BIGINT', true),
    col('gross_measured', 'BIGINT', true),
    col('gross_ape', 'DOUBLE', true),
    col('held', 'BOOLEAN'),
    col('z', 'DOUBLE', true),
  ],
};

/** The order rows are written in (deterministic files: a re-export gives the same bytes). */
export const ORDER_BY: Readonly<Record<TableName, string>> = {
  readings: 'showtime_id, read_at, kind',
  shows: 'movie_id, theatre_id, start_at, showtime_id',
  movie_days: 'rank, movie_id',
  nowcasts: 'nowcast_id, movie_id',
};

/** A day's file of a table, relative to the dataset directory. */
export const dayDir = (table: TableName, date: string) => `${table}/date=${date}`;
export const DATA_FILE = 'data.parquet';
