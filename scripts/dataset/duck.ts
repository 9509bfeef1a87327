/**
 * DuckDB, embedded (@duckdb/node-api): an in-memory database whose views `readings`, `shows` and
 * `movie_days`, `nowcasts` read the dataset's Parquet files (hive-partitioned by date). `openDataset` is what
 * every reader uses (the `sql` command, the period report, the bench):
 *
 *   const ds = await openDataset('./dataset');
 *   const rows = await ds.rows('SELECT title, sum(admissions) AS adm FROM movie_days GROUP BY 1');
 *   ds.close();
 *
 * Sessions run in UTC (TIMESTAMPTZ columns print with +00); theatre-local times are `start_local`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { COLUMNS, TABLES, type TableName } from './schema.js';

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** A DuckDB error as one line: its first line, without the LINE/caret context that follows. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? 'unknown DuckDB error'
  );
}

export interface Duck {
  connection: DuckDBConnection;
  close(): void;
}

/** An in-memory DuckDB in UTC. `threads` defaults to DuckDB's own (the machine's cores). */
export async function openDuck(opts: { threads?: number } = {}): Promise<Duck> {
  const instance = await DuckDBInstance.create(':memory:', opts.threads ? { threads: String(opts.threads) } : {});
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  // keep the files' footers between queries: a year is ~1,100 files, each opened by every query
  await connection.run(`SET parquet_metadata_cache = true`);
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A string as a SQL literal. */
export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The columns of a table as the views give them (date first). */
export const columnList = (table: TableName) => COLUMNS[table].map((c) => c.name).join(', ');

/** The SELECT behind a table's view: its files, or an empty typed relation when it has none. */
export function viewSql(dir: string, table: TableName): string {
  const glob = join(dir, table, 'date=*', '*.parquet');
  if (!hasFiles(dir, table)) {
    const nulls = COLUMNS[table].map((c) => `CAST(NULL AS ${c.type}) AS ${c.name}`).join(', ');
    return `SELECT ${nulls} WHERE false`;
  }
  return `SELECT ${columnList(table)} FROM read_parquet(${sqlString(glob)}, hive_partitioning = true, hive_types = {'date': DATE})`;
}

function hasFiles(dir: string, table: TableName): boolean {
  // a cheap look: DuckDB's glob is the authority; this only avoids its "no files found" error
  return existsSync(join(dir, table));
}

export interface Dataset extends Duck {
  dir: string;
  /** Rows of a query as plain objects (BIGINT → number when safe, DATE → 'YYYY-MM-DD', lists → arrays). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/**
 * DuckDB with `readings`, `shows`, `movie_days` and `nowcasts` over `dir`: views (each query reads the files), or
 * with `materialize` tables loaded once (for many queries: each daily file costs every query that
 * reads it an open and a footer, which over a year of days outweighs the scan itself). Throws
 * DatasetError when `dir` is not a directory.
 */
export async function openDataset(
  dir: string,
  opts: { threads?: number; materialize?: boolean } = {},
): Promise<Dataset> {
  if (!existsSync(dir)) throw new DatasetError(`no dataset at ${dir} (npm run dataset -- pull, or export)`);
  const duck = await openDuck(opts);
  const kind = opts.materialize ? 'TABLE' : 'VIEW';
  for (const table of TABLES) await duck.connection.run(`CREATE ${kind} ${table} AS ${viewSql(dir, table)}`);
  return {
    ...duck,
    dir,
    rows: async (sql) => plainRows(await duck.connection.runAndReadAll(sql)),
  };
}

const WIDE_INTEGERS = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/**
 * A result's rows as JSON-ready objects: DATE 'YYYY-MM-DD', TIMESTAMPTZ '… +00', lists as arrays,
 * and wide integers (BIGINT, HUGEINT: sums) and DECIMALs as numbers when they fit exactly.
 */
export function plainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.columnNames();
  const wide = reader.columnTypes().map((t) => WIDE_INTEGERS.has(t.typeId));
  return reader.getRowsJson().map((row) => {
    const out: Record<string, unknown> = {};
    row.forEach((v, i) => (out[names[i]!] = wide[i] && typeof v === 'string' ? numberIfExact(v) : v));
    return out;
  });
}

function numberIfExact(v: string): number | string {
  const n = Number(v);
  return Number.isFinite(n) && (v.includes('.') || Number.isSafeInteger(n)) ? n : v;
}
