/**
 * Writing a day: the box office's rows → one Parquet file per table, through DuckDB only (rows go
 * in with an appender, out with `COPY … TO … (FORMAT parquet)`). A day's files replace the ones it
 * had: each is written beside them under a hidden name, renamed over `data.parquet`, and any other
 * file in the day's folder is removed, so a reader never sees half a day. Rows are sorted
 * (schema.ts ORDER_BY) and no time of export is written, so re-exporting the same rows gives the
 * same bytes.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DuckDBDataChunkWriter, JSToDuckDBValueConverter } from '@duckdb/node-api';
import { DatasetError, openDuck, sqlString, type Duck } from './duck.js';
import {
  COLUMNS,
  DATA_FILE,
  dayDir,
  KV_TABLE,
  KV_VERSION,
  ORDER_BY,
  SCHEMA_VERSION,
  TABLES,
  type Column,
  type TableName,
  type TableRows,
} from './schema.js';

export interface WrittenFile {
  table: TableName;
  /** Relative to the dataset directory: `shows/date=2026-01-19/data.parquet`. */
  path: string;
  rows: number;
  bytes: number;
}

/** A row value as the appender takes it for the column's type; a wrong value is a DatasetError. */
export function toDuckValue(c: Column, v: unknown, where: () => string): unknown {
  if (v === null || v === undefined) {
    if (c.nullable) return null;
    throw new DatasetError(`${where()}: ${c.name} is ${v === null ? 'null' : 'missing'}`);
  }
  const bad = (what: string) => new DatasetError(`${where()}: ${c.name} ${JSON.stringify(v)} is not ${what}`);
  switch (c.type) {
    case 'VARCHAR':
      if (typeof v !== 'string') throw bad('a string');
      return v;
    case 'INTEGER':
      if (!Number.isInteger(v) || Math.abs(v as number) > 2 ** 31 - 1) throw bad('an integer');
      return v;
    case 'BIGINT':
      if (!Number.isSafeInteger(v)) throw bad('a whole number');
      return BigInt(v as number);
    case 'DOUBLE':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
      return v;
    case 'BOOLEAN':
      if (typeof v !== 'boolean') throw bad('true or false');
      return v;
    case 'TIMESTAMPTZ': {
      const ok = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(v);
      if (!ok) throw bad('an ISO instant ending in Z');
      return new Date(v);
    }
    case 'VARCHAR[]':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad('a list of strings');
      return v;
    case 'DATE':
      throw bad('expected here (date is the partition)');
  }
}

const rowKey = (table: TableName, r: Record<string, unknown>) =>
  table === 'nowcasts'
    ? `nowcast ${String(r.nowcast_id)} movie ${String(r.movie_id)}`
    : table === 'movie_days'
      ? `movie ${String(r.movie_id)}`
      : `show ${String(r.showtime_id)}${table === 'readings' ? ` (${String(r.kind)})` : ''}`;

/** Load a table's rows into a temporary DuckDB table `t_{table}` (without date, checked to be `date`). */
async function loadTable(
  duck: Duck,
  table: TableName,
  date: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const cols = COLUMNS[table].filter((c) => c.name !== 'date');
  const name = `t_${table}`;
  await duck.connection.run(
    `CREATE OR REPLACE TEMP TABLE ${name} (${cols.map((c) => `${c.name} ${c.type}`).join(', ')})`,
  );
  const appender = await duck.connection.createAppender(name);
  const writer = DuckDBDataChunkWriter.forAppender(appender, { converter: JSToDuckDBValueConverter });
  for (const r of rows) {
    const where = () => `${table} ${date}, ${rowKey(table, r)}`;
    if (r.date !== date) throw new DatasetError(`${where()}: date ${JSON.stringify(r.date)} in the export of ${date}`);
    writer.appendRow(cols.map((c) => toDuckValue(c, r[c.name], where)) as never);
  }
  writer.flush();
  appender.closeSync();
}

/** COPY a loaded table to its day's file, replacing what the folder held. */
async function copyOut(duck: Duck, dir: string, table: TableName, date: string): Promise<WrittenFile> {
  const folder = join(dir, dayDir(table, date));
  await fs.mkdir(folder, { recursive: true });
  const tmp = join(folder, `.${DATA_FILE}.${process.pid}.tmp`);
  const kv = `{${KV_VERSION}: '${SCHEMA_VERSION}', ${KV_TABLE}: '${table}'}`;
  await duck.connection.run(
    `COPY (SELECT * FROM t_${table} ORDER BY ${ORDER_BY[table]}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000, KV_METADATA ${kv})`,
  );
  const count = await duck.connection.runAndReadAll(`SELECT count(*)::INTEGER FROM t_${table}`);
  const final = join(folder, DATA_FILE);
  await fs.rename(tmp, final);
  for (const f of await fs.readdir(folder))
    if (f !== DATA_FILE && !f.startsWith('.')) await fs.rm(join(folder, f), { force: true });
  await duck.connection.run(`DROP TABLE t_${table}`);
  return {
    table,
    path: `${dayDir(table, date)}/${DATA_FILE}`,
    rows: count.getRowsJson()[0]![0] as number,
    bytes: (await fs.stat(final)).size,
  };
}

/**
 * Write a day's tables (every one of TABLES) under `dir`. Every row is checked first (types, nulls, its date), so a
 * bad row leaves the day's existing files as they were.
 */
export async function writeDay(
  dir: string,
  date: string,
  rows: TableRows,
  opts: { duck?: Duck } = {},
): Promise<WrittenFile[]> {
  const duck = opts.duck ?? (await openDuck({ threads: 1 }));
  try {
    for (const table of TABLES) await loadTable(duck, table, date, rows[table] as unknown as Record<string, unknown>[]);
    const out: WrittenFile[] = [];
    for (const table of TABLES) out.push(await copyOut(duck, dir, table, date));
    return out;
  } finally {
    if (!opts.duck) duck.close();
  }
}
