/**
 * The coverage totals as a Markdown table, from vitest's json-summary report: appended to the
 * file GITHUB_STEP_SUMMARY names (GitHub Actions), printed otherwise.
 *
 *   npx tsx scripts/coverage-summary.ts [coverage/coverage-summary.json]
 *
 * Exits 1, naming the file, when the report is missing or unreadable (the tests did not get as
 * far as measuring), so the CI step shows why there are no totals.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { ArgsError } from '../shared/args.js';
import { defineCommand, isMain, startStandalone, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import { COVERAGE_FLOOR } from './coverage-floor.js';
import { REPO_ROOT } from './lint-workflows.js';

interface Metric {
  total: number;
  covered: number;
  pct: number | 'Unknown';
}
type FileSummary = Record<'lines' | 'statements' | 'functions' | 'branches', Metric>;
export type CoverageSummary = { total: FileSummary } & Record<string, FileSummary>;

const METRICS = ['lines', 'branches', 'statements', 'functions'] as const;

/** A percentage with two decimals, computed as istanbul does for the `pct` vitest checks against the floor. */
function pct(covered: number, total: number): string {
  return total === 0 ? '100.00' : (Math.floor((100_000 * covered) / total / 10) / 100).toFixed(2);
}

/** Covered and total per metric, summed over the files under each top-level folder (scrapers/, shared/). */
function byFolder(
  summary: CoverageSummary,
  root: string,
): Map<string, Record<(typeof METRICS)[number], { covered: number; total: number }>> {
  const out = new Map<string, Record<(typeof METRICS)[number], { covered: number; total: number }>>();
  for (const [file, s] of Object.entries(summary)) {
    if (file === 'total') continue;
    const folder = relative(root, file).split(sep)[0] ?? file;
    const acc =
      out.get(folder) ??
      (Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }])) as Record<
        (typeof METRICS)[number],
        { covered: number; total: number }
      >);
    for (const m of METRICS) {
      acc[m].covered += s[m].covered;
      acc[m].total += s[m].total;
    }
    out.set(folder, acc);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** The Markdown: totals with the floor and whether they meet it, then lines and branches per folder. */
export function coverageMarkdown(
  summary: CoverageSummary,
  root = REPO_ROOT,
  floor: Partial<Record<(typeof METRICS)[number], number>> = COVERAGE_FLOOR,
): string {
  const rows = METRICS.map((m) => {
    const t = summary.total[m];
    const value = pct(t.covered, t.total);
    const min = floor[m];
    const status = min === undefined ? '' : Number(value) >= min ? `${min}% ✅` : `${min}% ❌`;
    return `| ${m} | ${value}% | ${t.covered} / ${t.total} | ${status} |`;
  });
  const folders = [...byFolder(summary, root)].map(
    ([folder, s]) =>
      `| ${folder}/ | ${pct(s.lines.covered, s.lines.total)}% | ${pct(s.branches.covered, s.branches.total)}% |`,
  );
  return [
    '## Coverage (scrapers/ and shared/)',
    '',
    '| metric | covered | count | floor |',
    '|---|---|---|---|',
    ...rows,
    '',
    '| folder | lines | branches |',
    '|---|---|---|',
    ...folders,
    '',
    "The full HTML report is the run's `coverage` artifact.",
    '',
  ].join('\n');
}

export const command = defineCommand({
  name: 'coverage-summary',
  invoke: 'npx tsx scripts/coverage-summary.ts',
  summary: "the coverage totals as Markdown from vitest's json-summary (appended to the job summary in CI)",
  positionals: { usage: '[FILE]', description: 'the json-summary report (default: coverage/coverage-summary.json)' },
  options: {},
  env: ['GITHUB_STEP_SUMMARY'],
  exitCodes: { 0: 'the table was printed or appended', 1: 'the report is missing or unreadable', ...USAGE_EXIT },
  examples: [
    'npx tsx scripts/coverage-summary.ts',
    'npx tsx scripts/coverage-summary.ts coverage/coverage-summary.json',
  ],
});

function coverageOptions({ positionals }: Parsed<typeof command.options>): string[] {
  if (positionals.length > 1) throw new ArgsError('give at most one report file');
  return positionals;
}

async function main(argv: string[]): Promise<number> {
  const file = argv[0] ?? 'coverage/coverage-summary.json';
  let summary: CoverageSummary;
  try {
    summary = JSON.parse(await readFile(file, 'utf8')) as CoverageSummary;
    if (!summary.total?.lines) throw new Error('no "total" entry');
  } catch (err) {
    process.stderr.write(
      `coverage-summary: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
  const md = coverageMarkdown(summary);
  const target = process.env.GITHUB_STEP_SUMMARY;
  if (target) await appendFile(target, `${md}\n`);
  else process.stdout.write(md);
  return 0;
}

if (isMain(import.meta.url)) void startStandalone({ def: command, options: coverageOptions, main });
