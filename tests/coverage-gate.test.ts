/**
 * The coverage floor is a real gate: vitest, run with the project's own coverage options and floor
 * (vitest.config.ts) on a small fixture (tests/fixtures/coverage-gate), exits non-zero naming the
 * metrics under the floor when half the fixture is untested, and 0 when all of it is. And the
 * totals table for the CI step summary says the same.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageMarkdown, type CoverageSummary } from '../scripts/coverage-summary.js';
import { COVERAGE, COVERAGE_FLOOR } from '../vitest.config.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURE_CONFIG = join(ROOT, 'tests', 'fixtures', 'coverage-gate', 'vitest.config.ts');

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'cineradar-coverage-gate-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/** vitest on the fixture, only the spec files matching `filter`; its exit code, output and summary. */
async function runFixture(filter: string): Promise<{ code: number | null; output: string; summary: CoverageSummary }> {
  const reports = join(out, filter);
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', FIXTURE_CONFIG, filter],
    {
      cwd: ROOT,
      env: { ...process.env, COVERAGE_GATE_OUT: reports, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const summary = JSON.parse(await readFile(join(reports, 'coverage-summary.json'), 'utf8')) as CoverageSummary;
  return { code, output, summary };
}

describe('the coverage floor', () => {
  it('is at least 70% of lines and branches, over scrapers/ and shared/, on in CI', () => {
    expect(COVERAGE_FLOOR.lines).toBeGreaterThanOrEqual(70);
    expect(COVERAGE_FLOOR.branches).toBeGreaterThanOrEqual(70);
    expect(COVERAGE.thresholds).toEqual(COVERAGE_FLOOR);
    expect(COVERAGE.include).toEqual(['scrapers/**/*.ts', 'shared/**/*.ts']);
    expect(COVERAGE.provider).toBe('v8');
    expect(COVERAGE.reporter).toEqual(expect.arrayContaining(['json-summary', 'html']));
    // "CI" turns it on: .ci/run exports it, GitHub Actions sets it for every step
    expect(COVERAGE.enabled).toBe(Boolean(process.env.CI));
  });

  it('fails a run whose code is half untested, naming lines and branches', async () => {
    const { code, output, summary } = await runFixture('half');
    expect(output).toMatch(/1 passed/); // the test itself passed: only the gate failed the run
    expect(summary.total.lines.pct).toBeLessThan(COVERAGE_FLOOR.lines);
    expect(output).toContain(
      `ERROR: Coverage for lines (${summary.total.lines.pct}%) does not meet global threshold (${COVERAGE_FLOOR.lines}%)`,
    );
    expect(output).toContain(
      `ERROR: Coverage for branches (${summary.total.branches.pct}%) does not meet global threshold (${COVERAGE_FLOOR.branches}%)`,
    );
    expect(code).toBe(1);
  });

  it('passes the same project fully tested', async () => {
    const { code, output, summary } = await runFixture('full');
    expect(summary.total.lines.pct).toBe(100);
    expect(summary.total.branches.pct).toBe(100);
    expect(output).not.toContain('does not meet');
    expect(code).toBe(0);
  });
});

describe('the step summary table', () => {
  const file = (lines: [number, number], branches: [number, number]) => ({
    lines: { covered: lines[0], total: lines[1], pct: 0 },
    statements: { covered: lines[0], total: lines[1], pct: 0 },
    functions: { covered: 1, total: 1, pct: 100 },
    branches: { covered: branches[0], total: branches[1], pct: 0 },
  });
  const summary = {
    total: file([150, 200], [60, 100]),
    [join('/repo', 'shared', 'a.ts')]: file([100, 100], [50, 50]),
    [join('/repo', 'scrapers', 'movies', 'b.ts')]: file([50, 100], [10, 50]),
  } as CoverageSummary;

  it('shows the totals against the floor and lines and branches per folder', () => {
    const md = coverageMarkdown(summary, '/repo', { lines: 70, branches: 70 });
    expect(md).toContain('| lines | 75.00% | 150 / 200 | 70% ✅ |');
    expect(md).toContain('| branches | 60.00% | 60 / 100 | 70% ❌ |');
    expect(md).toContain('| scrapers/ | 50.00% | 20.00% |');
    expect(md).toContain('| shared/ | 100.00% | 100.00% |');
    // folders sorted, and every table row as wide as its header
    expect(md.indexOf('| scrapers/')).toBeLessThan(md.indexOf('| shared/'));
    for (const table of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const rows = table.trim().split('\n');
      for (const r of rows) expect(r.split('|').length, r).toBe(rows[0]!.split('|').length);
    }
  });

  it('truncates like the gate does, so the table never shows a pass the gate refuses', () => {
    const md = coverageMarkdown({ total: file([2, 3], [139, 200]) } as CoverageSummary, '/repo', {
      lines: 66.67,
      branches: 69.5,
    });
    expect(md).toContain('| lines | 66.66% | 2 / 3 | 66.67% ❌ |');
    expect(md).toContain('| branches | 69.50% | 139 / 200 | 69.5% ✅ |');
  });
});
