/**
 * `npm run dataset -- sql "SELECT …"`: one query over the dataset's views, its answer as text.
 * A query DuckDB refuses (syntax, an unknown column, a bad cast) is a QueryError carrying DuckDB's
 * first line, which the command prints alone and exits 2 with.
 */
import { errorLine, plainRows } from './duck.js';
import { openDataset } from './open.js';
import { formatAnswer, type OutputFormat } from './format.js';

export class QueryError extends Error {
  override name = 'QueryError';
}

export async function runQuery(
  dir: string,
  query: string,
  format: OutputFormat,
  opts: { threads?: number } = {},
): Promise<string> {
  if (!query.trim()) throw new QueryError('the query is empty');
  const ds = await openDataset(dir, opts);
  try {
    let reader;
    try {
      reader = await ds.connection.runAndReadAll(query);
    } catch (err) {
      throw new QueryError(errorLine(err));
    }
    return formatAnswer({ columns: reader.columnNames(), rows: plainRows(reader) }, format);
  } finally {
    ds.close();
  }
}
