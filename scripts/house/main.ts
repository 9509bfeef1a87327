/**
 * `npm run -s house`: the house's counts (functions over 80/120 lines, files over 400, import
 * cycles, imports between scraper folders, dead exports; also imports against the floors and
 * unformatted files), measured with today's rules and without their temporary exceptions
 * (scripts/house/count.ts). `--before REF` adds a column for a revision, so one command prints the
 * before/after table.
 */
import { ArgsError } from '../../shared/args.js';
import { defineCommand, isMain, startStandalone, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import type { HouseCounts } from './count.js';

export const command = defineCommand({
  name: 'house',
  invoke: 'npm run -s house --',
  summary:
    'counts what the house rules forbid (long functions and files, cycles, cross-scraper imports, dead exports, unformatted files)',
  options: {
    before: {
      type: 'string',
      value: 'REF',
      description: 'also count a git revision (e.g. a commit of main) and print both columns',
    },
    root: {
      type: 'string',
      value: 'DIR',
      description: 'count this directory instead of the checkout (a tree laid out like the repo)',
    },
    list: { type: 'boolean', description: 'list every finding under the table' },
    json: { type: 'boolean', description: 'print the findings as JSON' },
  },
  env: [],
  exitCodes: {
    0: 'counted (the counts are a report, not a verdict: npm run check fails on violations)',
    1: 'a tool failed',
    ...USAGE_EXIT,
  },
  examples: ['npm run -s house', 'npm run -s house -- --before 69eb0ca --list'],
  docs: 'CONTRIBUTING.md#house-rules',
});

interface HouseOptions {
  before?: string;
  root?: string;
  list: boolean;
  json: boolean;
}

function options({ values }: Parsed<typeof command.options>): HouseOptions {
  if (values.before !== undefined && values.root !== undefined) throw new ArgsError('--before and --root: give one');
  return { before: values.before, root: values.root, list: Boolean(values.list), json: Boolean(values.json) };
}

/** The table: one row per count, a column per measured tree. */
function houseTable(
  columns: { name: string; counts: HouseCounts }[],
  labels: Record<keyof HouseCounts, string>,
): string {
  const keys = Object.keys(labels) as (keyof HouseCounts)[];
  const head = ['', ...columns.map((c) => c.name)];
  const rows = keys.map((k) => [labels[k], ...columns.map((c) => String(c.counts[k].length))]);
  const cols = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(cols[0]!) : cell.padStart(cols[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** Every finding, grouped by count. */
function findingList(counts: HouseCounts, labels: Record<keyof HouseCounts, string>): string {
  const keys = Object.keys(labels) as (keyof HouseCounts)[];
  return (
    keys
      .filter((k) => counts[k].length > 0)
      .map((k) => [`${labels[k]}:`, ...counts[k].map((f) => `  ${f.file}  ${f.what}`)].join('\n'))
      .join('\n') + '\n'
  );
}

async function main(opts: HouseOptions): Promise<number> {
  const { COUNT_LABELS, REPO_ROOT, countHouse, extractRevision } = await import('./count.js');
  const columns: { name: string; counts: HouseCounts }[] = [];
  if (opts.before) {
    const rev = await extractRevision(opts.before);
    try {
      columns.push({ name: opts.before, counts: await countHouse(rev.root) });
    } finally {
      await rev.remove();
    }
  }
  const root = opts.root ?? REPO_ROOT;
  columns.push({ name: opts.root ? opts.root : 'now', counts: await countHouse(root) });
  if (opts.json) {
    process.stdout.write(JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.counts])), null, 2) + '\n');
    return 0;
  }
  process.stdout.write(houseTable(columns, COUNT_LABELS));
  if (opts.list) process.stdout.write('\n' + findingList(columns.at(-1)!.counts, COUNT_LABELS));
  return 0;
}

if (isMain(import.meta.url)) {
  void startStandalone({ def: command, options, main });
}
