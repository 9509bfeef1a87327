/**
 * DuckDB, embedded (@duckdb/node-api): an in-memory database in UTC (TIMESTAMPTZ columns print
 * with +00; theatre-local times are `start_local`), SQL literals, and results as plain rows. The
 * dataset's views are open.ts's `openDataset`.
 */
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { COLUMNS, type TableName } from './schema.js';

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
