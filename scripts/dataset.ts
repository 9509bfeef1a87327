/**
 * `npm run dataset -- sql …`: the box-office history as Parquet files (docs/dataset.md). `sql`
 * starts light: DuckDB is imported once the arguments are good.
 */
import { ArgsError, argChoice } from '../shared/args.js';
import { defineCommand, isMain, startStandalone, type Parsed } from '../shared/cli.js';
import { FORMATS, type OutputFormat } from './dataset/format.js';

export const ACTIONS = ['sql'] as const;
export type Action = (typeof ACTIONS)[number];

export const command = defineCommand({
  name: 'dataset',
  invoke: 'npm run dataset --',
  summary: 'the box-office history as Parquet files (readings, shows, movie_days by date) and SQL over them with DuckDB',
  docs: 'docs/dataset.md',
  description:
    'The dataset is DIR/{readings,shows,movie_days}/date=D/data.parquet (hive-partitioned by date; docs/dataset.md documents every ' +
    'column). sql runs one DuckDB query with the views readings, shows and movie_days over DIR.',
  positionals: { usage: 'sql QUERY', description: 'what to do; sql takes the query as the next word' },
  options: {
    dir: { type: 'string', value: 'DIR', default: './dataset', description: 'the dataset directory' },
    format: { type: 'string', value: 'table|csv|json', default: 'table', description: 'sql: how the answer is printed' },
  },
  env: [],
  exitCodes: { 0: 'done', 1: 'an unexpected error (one line)', 2: 'usage error, or a query DuckDB refuses (one line)' },
  examples: [
    'npm run dataset -- sql "SELECT * FROM shows LIMIT 5" --dir dataset --format csv',
    `npm run dataset -- sql "SELECT title, sum(admissions) AS admissions FROM movie_days GROUP BY title ORDER BY 2 DESC LIMIT 10"`,
  ],
});

export interface DatasetCli {
  action: Action;
  dir: string;
  query: string;
  format: OutputFormat;
}

/** The parsed arguments → the options of one action. */
export function datasetOptions({ values, positionals }: Parsed<typeof command.options>): DatasetCli {
  const action = positionals[0] as Action | undefined;
  if (!action || !ACTIONS.includes(action)) throw new ArgsError(`say what to do: ${ACTIONS.join(', ')}${action ? ` (got ${JSON.stringify(action)})` : ''}`);
  const extra = positionals.slice(2);
  if (extra.length) throw new ArgsError(`unexpected ${extra.map((p) => JSON.stringify(p)).join(' ')} (quote the query as one word)`);
  const query = positionals[1];
  if (!query?.trim()) throw new ArgsError('sql needs a query: npm run dataset -- sql "SELECT …"');
  return { action, dir: values.dir ?? './dataset', query, format: argChoice(values.format, '--format', FORMATS, 'table') };
}

async function sqlMain(o: DatasetCli): Promise<number> {
  const { runQuery, QueryError } = await import('./dataset/sql.js');
  const { DatasetError } = await import('./dataset/duck.js');
  try {
    process.stdout.write(await runQuery(o.dir, o.query, o.format));
    return 0;
  } catch (err) {
    if (err instanceof QueryError || err instanceof DatasetError) throw new ArgsError(err.message);
    throw err;
  }
}

if (isMain(import.meta.url)) {
  void startStandalone({ def: command, options: (p) => datasetOptions(p), main: sqlMain });
}
