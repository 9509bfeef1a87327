/**
 * The start-up line names the TIX.id host and rate limits only for a run that talks to TIX.id:
 * the store commands (health, summary, report, prune, restore, token status) leave them out.
 * Real processes, as a user starts them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import { startupLine } from '../shared/runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'cineradar-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Start a command file; stop it once its start-up line is logged; that line's message. */
function startupOf(file: string, args: string[]): Promise<string | undefined> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_FORMAT: 'json',
        CINERADAR_STORE: 'file',
        CINERADAR_DATA_DIR: dir,
        CINERADAR_NOW: '2026-01-19T06:00:00+07:00',
        TIX_API_BASE: 'http://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    let line: string | undefined;
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /"msg":"(store: [^"]*)"/.exec(err);
      if (m && !line) {
        line = m[1];
        child.kill('SIGTERM');
      }
    });
    child.on('error', fail);
    child.on('close', () => done(line));
  });
}

describe('the start-up line', () => {
  it('without TIX.id: store and date only', () => {
    const config = loadConfig(
      {
        TIX_API_BASE: 'https://api-b2b.tix.id',
        FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
        FIREBASE_PROJECT_ID: 'demo-x',
      },
      false,
    );
    expect(startupLine(config, new FixedClock('2026-01-18T23:30:00Z'), false)).toBe(
      'store: firestore project demo-x (emulator 127.0.0.1:8080); date: 2026-01-19 (Asia/Jakarta)',
    );
  });

  it(
    'store commands leave out the TIX.id host and limits; the scrapers and token refresh name them',
    { timeout: 120_000 },
    async () => {
      const quiet = [
        ['scripts/health.ts'],
        ['scripts/summary.ts'],
        ['scripts/report/main.ts', '--out', join(dir, 'r.html')],
        ['scripts/prune.ts'],
        ['scripts/token.ts', 'status'],
      ];
      for (const [file, ...args] of quiet) {
        const line = await startupOf(file!, args);
        expect(line, file).toMatch(/^store: file store .*; date: 2026-01-19 \(Asia\/Jakarta\), clock pinned to /);
        expect(line, file).not.toMatch(/API host|req\/s/);
      }
      for (const [file, ...args] of [['scrapers/movies/main.ts'], ['scripts/token.ts', 'refresh']]) {
        expect(await startupOf(file!, args), file).toMatch(
          /API host: 127\.0\.0\.1:9; .*limits: 10 req\/s, 4 concurrent$/,
        );
      }
    },
  );
});
