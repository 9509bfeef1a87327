/**
 * `npm run dataset -- export|backfill|pull|compact|sql …`: the box-office history as Parquet files
 * (docs/dataset.md). sql, pull and compact need no store and start light (DuckDB is imported once the
 * arguments are good); export and backfill read the store through the shared runtime.
 */
import { ArgsError, argChoice, argDate } from '../shared/args.js';
import {
  defineCommand,
  isMain,
  LOG_ENV,
  parseCommand,
  startCommand,
  startStandalone,
  STORE_ENV,
  type Parsed,
} from '../shared/cli.js';
import { addDaysToDate, jakartaDate } from '../shared/clock.js';
import type { Runtime } from '../shared/runtime.js';
import { FORMATS, type OutputFormat } from './dataset/format.js';

export const ACTIONS = ['export', 'backfill', 'pull', 'compact', 'sql'] as const;
export type Action = (typeof ACTIONS)[number];
export const SOURCES = ['auto', 'store', 'archive'] as const;
export type Source = (typeof SOURCES)[number];

export const command = defineCommand({
  name: 'dataset',
  invoke: 'npm run dataset --',
  summary:
    'the box-office history as Parquet files (readings, shows, movie_days by date): export, backfill, pull, compact, and SQL with DuckDB',
  docs: 'docs/dataset.md',
  description:
    "export writes a finished day to DIR/{readings,shows,movie_days}/date=D/data.parquet from the store, through the box office's own " +
    "loader and computation, replacing the day's files. backfill does it for each day of --from..--to, taking a day the store no longer " +
    'holds from its retention archive (--archive-dir, restored into a temporary file store). pull downloads the published days (the ' +
    'dataset-YYYY-MM releases of --repo), then compacts. compact rebuilds the reader copy DIR/.compact/{table}.parquet (every day in ' +
    'one file a table, read instead of the daily files for the days it still matches: much faster queries). sql runs one DuckDB query with the views readings, shows and movie_days over DIR.',
  positionals: {
    usage: 'export|backfill|pull|compact|sql [QUERY]',
    description: 'what to do; sql takes the query as the next word',
  },
  options: {
    dir: { type: 'string', value: 'DIR', default: './dataset', description: 'the dataset directory' },
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      defaultText: 'yesterday in Asia/Jakarta',
      description: 'export: the day',
    },
    from: { type: 'string', value: 'YYYY-MM-DD', description: 'backfill (required), pull: the first day' },
    to: { type: 'string', value: 'YYYY-MM-DD', description: 'backfill (required), pull: the last day' },
    source: {
      type: 'string',
      value: 'auto|store|archive',
      default: 'auto',
      description:
        'export, backfill: where a day is read (auto: the archive when manifest.json says the day left the store)',
    },
    'archive-dir': {
      type: 'string',
      value: 'DIR',
      default: './archive',
      description: 'export, backfill: the retention archives (manifest.json, {date}.ndjson.gz)',
    },
    repo: {
      type: 'string',
      value: 'OWNER/NAME',
      defaultText: '$GITHUB_REPOSITORY',
      description: 'pull: the repository whose releases hold the dataset',
    },
    format: {
      type: 'string',
      value: 'table|csv|json',
      default: 'table',
      description: 'sql: how the answer is printed',
    },
  },
  env: [...STORE_ENV, 'CINERADAR_NOW', 'GITHUB_TOKEN', 'GITHUB_REPOSITORY', 'GITHUB_API_URL', ...LOG_ENV],
  exitCodes: {
    0: 'done',
    1: 'a day could not be exported or fetched (named; the others went on)',
    2: 'usage or configuration error, or a query DuckDB refuses (one line)',
  },
  examples: [
    'npm run dataset -- export --date 2026-01-19',
    `npm run dataset -- sql "SELECT title, sum(admissions) AS admissions FROM movie_days GROUP BY title ORDER BY 2 DESC LIMIT 10"`,
  ],
});

export interface DatasetCli {
  action: Action;
  dir: string;
  query?: string;
  format: OutputFormat;
  /** export: the day (undefined: yesterday by the clock). */
  date?: string;
  from?: string;
  to?: string;
  source: Source;
  archiveDir: string;
  repo?: string;
}

/** The parsed arguments → the options of one action. */
export function datasetOptions(
  { values, positionals }: Parsed<typeof command.options>,
  env: NodeJS.ProcessEnv = process.env,
): DatasetCli {
  const action = positionals[0] as Action | undefined;
  if (!action || !ACTIONS.includes(action))
    throw new ArgsError(`say what to do: ${ACTIONS.join(', ')}${action ? ` (got ${JSON.stringify(action)})` : ''}`);
  const extra = positionals.slice(action === 'sql' ? 2 : 1);
  if (extra.length)
    throw new ArgsError(
      `unexpected ${extra.map((p) => JSON.stringify(p)).join(' ')}${action === 'sql' ? ' (quote the query as one word)' : ''}`,
    );
  const o: DatasetCli = {
    action,
    dir: values.dir ?? './dataset',
    format: argChoice(values.format, '--format', FORMATS, 'table'),
    date: argDate(values.date),
    from: argDate(values.from, '--from'),
    to: argDate(values.to, '--to'),
    source: argChoice(values.source, '--source', SOURCES, 'auto'),
    archiveDir: values['archive-dir'] ?? './archive',
    repo: values.repo ?? (env.GITHUB_REPOSITORY || undefined),
  };
  if (action === 'sql') {
    o.query = positionals[1];
    if (!o.query?.trim()) throw new ArgsError('sql needs a query: npm run dataset -- sql "SELECT …"');
  }
  if (action === 'backfill' && (!o.from || !o.to)) throw new ArgsError('backfill needs --from and --to');
  if (o.from && o.to && o.from > o.to) throw new ArgsError(`--from ${o.from} is after --to ${o.to}`);
  if (action === 'pull' && !o.repo) throw new ArgsError('pull needs --repo OWNER/NAME (or GITHUB_REPOSITORY)');
  return o;
}

/** The days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDaysToDate(d, 1)) out.push(d);
  return out;
}

async function sqlMain(o: DatasetCli): Promise<number> {
  const { runQuery, QueryError } = await import('./dataset/sql.js');
  const { DatasetError } = await import('./dataset/duck.js');
  try {
    process.stdout.write(await runQuery(o.dir, o.query!, o.format));
    return 0;
  } catch (err) {
    if (err instanceof QueryError || err instanceof DatasetError) throw new ArgsError(err.message);
    throw err;
  }
}

async function pullMain(o: DatasetCli, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { pull } = await import('./dataset/pull.js');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const r = await pull(
    {
      dir: o.dir,
      repo: o.repo!,
      from: o.from,
      to: o.to,
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      token: env.GITHUB_TOKEN || undefined,
    },
    say,
  );
  for (const f of r.failed) process.stderr.write(`dataset pull: ${f.file}: ${f.error}\n`);
  if (r.downloaded.length) await compactMain(o);
  say(
    `pull: ${r.days.length} day${r.days.length === 1 ? '' : 's'}, ${r.downloaded.length} files downloaded, ${r.unchanged.length} already there, ${r.failed.length} failed, into ${o.dir}`,
  );
  return r.failed.length ? 1 : 0;
}

async function compactMain(o: DatasetCli): Promise<number> {
  const { compact } = await import('./dataset/compact.js');
  const t0 = performance.now();
  const done = await compact(o.dir);
  const what = done.map((c) => `${c.table} ${c.days} days, ${c.rows} rows, ${c.bytes} bytes`).join('; ');
  process.stdout.write(
    `compact: ${what}, in ${((performance.now() - t0) / 1000).toFixed(1)} s, into ${o.dir}/.compact\n`,
  );
  return 0;
}

/** export and backfill: each day from the store or its archive (scripts/dataset/export.ts). */
export async function runExportCommand(
  rt: Runtime,
  o: DatasetCli,
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  const { exportDays } = await import('./dataset/export.js');
  const days =
    o.action === 'export' ? [o.date ?? addDaysToDate(jakartaDate(rt.clock.now()), -1)] : daysBetween(o.from!, o.to!);
  const results = await exportDays(
    { store: rt.store, log: rt.log },
    { days, dir: o.dir, source: o.source, archiveDir: o.archiveDir },
  );
  for (const r of results) {
    if (r.error) out(`dataset ${o.action} ${r.date}: failed: ${r.error}\n`);
    else
      out(
        `dataset ${o.action} ${r.date}: from the ${r.source}, ${r.files.map((f) => `${f.table} ${f.rows} rows`).join(', ')}, ${r.files.reduce((n, f) => n + f.bytes, 0)} bytes\n`,
      );
  }
  return results.some((r) => r.error) ? 1 : 0;
}

if (isMain(import.meta.url)) {
  const argv = process.argv.slice(2);
  let usesStore = false;
  try {
    usesStore = ['export', 'backfill'].includes(parseCommand(command, argv).positionals[0] ?? '');
  } catch {
    // the same parser reports the error below
  }
  if (usesStore)
    void startCommand({
      def: command,
      options: (p) => datasetOptions(p),
      run: runExportCommand,
      starting: (o) => `dataset ${o.action}: into ${o.dir}`,
    });
  else
    void startStandalone({
      def: command,
      options: (p, env) => datasetOptions(p, env),
      main: (o) => (o.action === 'sql' ? sqlMain(o) : o.action === 'compact' ? compactMain(o) : pullMain(o)),
    });
}
