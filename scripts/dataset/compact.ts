/**
 * The reader copy (docs/dataset.md "The reader copy"): `DIR/.compact/{table}.parquet`, one file per
 * table holding every day it was built from, in date order. A year is 1,095 daily files, and a
 * query over the daily files pays each one's open and footer, which outweighs the scan itself; the
 * same rows in one file are read several times faster. The published layout
 * (`DIR/{table}/date=D/`) stays the truth: the copy is derived from it and never published.
 *
 * The copy records in its Parquet metadata each day it holds and the signature of that day's files
 * (names, sizes, modification times). A reader (`tableSource`) takes from the copy only the days
 * whose files still have that signature, and every other day (new, re-exported, or not in the
 * copy) from its daily files, so each day is read from exactly one place and a stale copy is
 * never wrong, only slower. `compact` (run by `npm run dataset -- compact`, and by `pull` after it
 * downloads) rebuilds it.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { columnList, openDuck, sqlString, type Duck } from './duck.js';
import { KV_TABLE, KV_VERSION, SCHEMA_VERSION, TABLES, type TableName } from './schema.js';

const COMPACT_DIR = '.compact';
/** The Parquet key-value metadata holding the copy's days: JSON `{ "YYYY-MM-DD": signature }`. */
const KV_COMPACT_DAYS = 'cineradar_compact_days';

export const compactFile = (dir: string, table: TableName) => join(dir, COMPACT_DIR, `${table}.parquet`);

interface DayFiles {
  date: string;
  /** Absolute paths of the day's Parquet files. */
  files: string[];
  /** Names, sizes and modification times: changes whenever the day is rewritten. */
  signature: string;
}

/** A table's days as they are on disk now, in date order. */
async function dayFiles(dir: string, table: TableName): Promise<DayFiles[]> {
  const root = join(dir, table);
  const folders = (await fs.readdir(root, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory() && /^date=\d{4}-\d{2}-\d{2}$/.test(e.name))
    .map((e) => e.name)
    .sort();
  const days = await Promise.all(
    folders.map(async (folder): Promise<DayFiles> => {
      const names = (await fs.readdir(join(root, folder)))
        .filter((f) => f.endsWith('.parquet') && !f.startsWith('.'))
        .sort();
      const files = names.map((f) => join(root, folder, f));
      const stats = await Promise.all(files.map((f) => fs.stat(f)));
      const signature = names.map((n, i) => `${n}:${stats[i]!.size}:${stats[i]!.mtimeMs}`).join('|');
      return { date: folder.slice(5), files, signature };
    }),
  );
  return days.filter((d) => d.files.length > 0);
}

/** The days the copy holds and their signatures, or undefined when there is no usable copy. */
async function compactDays(duck: Duck, file: string): Promise<Record<string, string> | undefined> {
  if (!(await fs.stat(file).catch(() => undefined))) return undefined;
  const kv = await duck.connection.runAndReadAll(
    `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlString(file)})`,
  );
  const meta = Object.fromEntries(kv.getRowsJson().map(([k, v]) => [String(k), String(v)]));
  if (meta[KV_VERSION] !== String(SCHEMA_VERSION) || !meta[KV_COMPACT_DAYS]) return undefined;
  return JSON.parse(meta[KV_COMPACT_DAYS]) as Record<string, string>;
}

const readDaily = (table: TableName, files: string[]) =>
  `SELECT ${columnList(table)} FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = true, hive_types = {'date': DATE})`;

/**
 * The SELECT behind a table's view: the copy's still-current days from the copy, every other day
 * from its daily files (each day from one place only); undefined when the table has no day.
 */
export async function tableSource(duck: Duck, dir: string, table: TableName): Promise<string | undefined> {
  const days = await dayFiles(dir, table);
  if (!days.length) return undefined;
  const file = compactFile(dir, table);
  const held = (await compactDays(duck, file)) ?? {};
  const fromCopy = new Set(days.filter((d) => held[d.date] === d.signature).map((d) => d.date));
  const dropped = Object.keys(held).filter((d) => !fromCopy.has(d));
  const daily = days.filter((d) => !fromCopy.has(d.date)).flatMap((d) => d.files);
  const parts: string[] = [];
  if (fromCopy.size) {
    const where = dropped.length ? ` WHERE date NOT IN (${dropped.map((d) => `DATE '${d}'`).join(', ')})` : '';
    parts.push(`SELECT ${columnList(table)} FROM read_parquet(${sqlString(file)})${where}`);
  }
  if (daily.length) parts.push(readDaily(table, daily));
  return parts.join(' UNION ALL ');
}

interface CompactResult {
  table: TableName;
  days: number;
  rows: number;
  bytes: number;
}

/** Rebuild one table's copy from its daily files (written beside it, then renamed over it). */
async function compactTable(duck: Duck, dir: string, table: TableName): Promise<CompactResult> {
  const file = compactFile(dir, table);
  const days = await dayFiles(dir, table);
  if (!days.length) {
    await fs.rm(file, { force: true });
    return { table, days: 0, rows: 0, bytes: 0 };
  }
  const held = JSON.stringify(Object.fromEntries(days.map((d) => [d.date, d.signature])));
  const kv = `{${KV_VERSION}: '${SCHEMA_VERSION}', ${KV_TABLE}: '${table}', ${KV_COMPACT_DAYS}: ${sqlString(held)}}`;
  const tmp = join(dir, COMPACT_DIR, `.${table}.parquet.${process.pid}.tmp`);
  // the files are listed in date order and insertion order is kept: the copy is in date order
  // without a sort (each day's rows keep the order the export wrote them in)
  await duck.connection.run(
    `COPY (${readDaily(
      table,
      days.flatMap((d) => d.files),
    )}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, KV_METADATA ${kv})`,
  );
  const count = await duck.connection.runAndReadAll(`SELECT count(*)::BIGINT FROM read_parquet(${sqlString(tmp)})`);
  await fs.rename(tmp, file);
  return { table, days: days.length, rows: Number(count.getRowsJson()[0]![0]), bytes: (await fs.stat(file)).size };
}

/** Rebuild the reader copy of every table of `dir`. */
export async function compact(dir: string, opts: { threads?: number } = {}): Promise<CompactResult[]> {
  await fs.mkdir(join(dir, COMPACT_DIR), { recursive: true });
  const duck = await openDuck(opts);
  try {
    const out: CompactResult[] = [];
    for (const table of TABLES) out.push(await compactTable(duck, dir, table));
    return out;
  } finally {
    duck.close();
  }
}
