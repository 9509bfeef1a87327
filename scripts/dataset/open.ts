/**
 * The dataset for readers: an in-memory DuckDB whose views (`readings`, `shows`, `movie_days`, `nowcasts`)
 * read `dir`, each day from the reader copy when it holds the day's current files, else from the
 * day's Parquet files (compact.ts). `openDataset` is what every reader uses (the `sql` command, the
 * period report, the bench):
 *
 *   const ds = await openDataset('./dataset');
 *   const rows = await ds.rows('SELECT title, sum(admissions) AS adm FROM movie_days GROUP BY 1');
 *   ds.close();
 */
import { existsSync } from 'node:fs';
import { tableSource } from './compact.js';
import { DatasetError, openDuck, plainRows, type Duck } from './duck.js';
import { COLUMNS, TABLES } from './schema.js';

export interface Dataset extends Duck {
  dir: string;
  /** Rows of a query as plain objects (BIGINT → number when safe, DATE → 'YYYY-MM-DD', lists → arrays). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/**
 * DuckDB with a view (or table) per dataset table over `dir`: views (each query reads the files), or
 * with `materialize` tables loaded once. A table with no day is an empty typed relation. Throws
 * DatasetError when `dir` is not a directory.
 */
export async function openDataset(
  dir: string,
  opts: { threads?: number; materialize?: boolean } = {},
): Promise<Dataset> {
  if (!existsSync(dir)) throw new DatasetError(`no dataset at ${dir} (npm run dataset -- pull, or export)`);
  const duck = await openDuck(opts);
  const kind = opts.materialize ? 'TABLE' : 'VIEW';
  for (const table of TABLES) {
    const nulls = COLUMNS[table].map((c) => `CAST(NULL AS ${c.type}) AS ${c.name}`).join(', ');
    const source = (await tableSource(duck, dir, table)) ?? `SELECT ${nulls} WHERE false`;
    await duck.connection.run(`CREATE ${kind} ${table} AS ${source}`);
  }
  return {
    ...duck,
    dir,
    rows: async (sql) => plainRows(await duck.connection.runAndReadAll(sql)),
  };
}
