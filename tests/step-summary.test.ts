/**
 * A real scraper CLI, run as GitHub Actions runs it (a child process with GITHUB_STEP_SUMMARY set),
 * appends a readable Markdown summary of its run to that file. Simulator over HTTP, file store.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../scripts/tix-sim/index.js';

const NOW = '2026-01-19T06:00:00+07:00';
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ preset: 'tiny', seed: 11, now: NOW });
  dir = await mkdtemp(join(tmpdir(), 'cineradar-step-summary-'));
});
afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function runCli(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('GITHUB_STEP_SUMMARY', () => {
  it('scrape:movies appends a Markdown summary with its status, counts and requests', async () => {
    const summary = join(dir, 'step_summary.md');
    const env = {
      TIX_API_BASE: sim.apiBase,
      TIX_APP_BASE: sim.appBase,
      TIX_RPS: '200',
      TIX_CONCURRENCY: '8',
      CINERADAR_STORE: 'file',
      CINERADAR_DATA_DIR: join(dir, 'data'),
      CINERADAR_NOW: NOW,
      LOG_FORMAT: 'json',
      GITHUB_STEP_SUMMARY: summary,
    };
    const { code, stderr } = await runCli('scrapers/movies/main.ts', [], env);
    expect(code, stderr).toBe(0);
    const md = await readFile(summary, 'utf8');
    const movies = sim.data.movies.length;
    const cities = sim.data.cities.length;
    expect(md).toMatch(/^## .*CineRadar movies run: success/m);
    expect(md).toContain('| Date (Asia/Jakarta) | 2026-01-19 |');
    expect(md).toContain(`| movies | ${movies} |`);
    expect(md).toContain(`| cities | ${cities} |`);
    // requests: one per city for movies, plus cities and the guest token
    expect(md).toMatch(new RegExp(`\\| Requests \\| ${cities + 2} \\(`));
    // a table a person can read: every table row is closed
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line.endsWith('|'), line).toBe(true);

    // a second step of the same job appends, it does not overwrite
    const again = await runCli('scrapers/schedules/main.ts', [], env);
    expect(again.code, again.stderr).toBe(0);
    const both = await readFile(summary, 'utf8');
    expect(both.startsWith(md)).toBe(true);
    expect(both).toMatch(/^## .*CineRadar schedules run: success/m);
  });
});
