/**
 * One failure contract for every step: a step that crashes once its run has started returns its
 * run record (failed, exit 1, written to run_log) and says why in `crashed`; it never throws, and
 * the pipeline reads the record it returned. The crashes are real ones, no mock: the file store
 * finds a file where a collection's directory belongs (ENOTDIR), or a directory where a document's
 * file belongs (EISDIR).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import { createLogger } from '../shared/log.js';
import { FileStore } from '../shared/store/file-store.js';
import { daySnapshotPath, slotsCollection } from '../shared/store/paths.js';
import { runHealth } from '../scripts/health/check.js';
import { openSession, runStep } from '../scripts/pipeline/steps.js';
import { runSummary } from '../scripts/summary/run.js';

const DATE = '2026-01-19';
const clock = new FixedClock(new Date('2026-01-20T02:00:00Z'));
const log = createLogger({ level: 'silent', format: 'json' });

let dir: string;
let store: FileStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'step-failure-'));
  store = new FileStore({ dataDir: dir });
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A file where the day's slot collection (a directory) belongs: listing it fails. */
function breakSlots(): void {
  mkdirSync(join(dir, 'seat_days', DATE), { recursive: true });
  writeFileSync(join(dir, ...slotsCollection(DATE).split('/')), 'not a directory');
}

describe('a step that crashes returns its run record', () => {
  it('summary: failed, exit 1, the cause in crashed and in its run_log record', async () => {
    breakSlots();
    const r = await runSummary({ store, clock, log }, { date: DATE });
    expect(r.crashed).toMatch(new RegExp(`^${slotsCollection(DATE)}: cannot list: ENOTDIR`));
    expect(r.run.status).toBe('failed');
    expect(r.run.exitCode).toBe(1);
    expect(r.run.recorded).toBe(true);
    expect(r.written).toBe(0);
    const doc = (await store.get(r.run.path))!;
    expect(doc.status).toBe('failed');
    expect(doc.run_type).toBe('summary');
    expect(JSON.stringify(doc.errors)).toContain('cannot list: ENOTDIR');
  });

  it("health: failed, exit 1, the crash as the report's one problem", async () => {
    mkdirSync(join(dir, `${daySnapshotPath(DATE)}.json`), { recursive: true });
    const r = await runHealth({ store, clock, log }, { date: DATE });
    expect(r.crashed).toMatch(/cannot read .*EISDIR/);
    expect(r.run.status).toBe('failed');
    expect(r.run.exitCode).toBe(1);
    expect(r.report.problems).toEqual([`the check could not run: ${r.crashed}`]);
    expect((await store.get(r.run.path))!.status).toBe('failed');
  });

  it('pipeline: the crashed step is failed with its cause and points at the run record it returned', async () => {
    breakSlots();
    const config = loadConfig({ CINERADAR_STORE: 'file', CINERADAR_DATA_DIR: dir, LOG_LEVEL: 'silent' }, false);
    const session = await openSession({ config, store, clock, log });
    try {
      const record = await runStep('summary', { config, store, clock, log }, session, { date: DATE });
      expect(record.status).toBe('failed');
      expect(record.detail).toMatch(new RegExp(`^${slotsCollection(DATE)}: cannot list: ENOTDIR`));
      expect(record.counts).toEqual({});
      expect(record.runPath).toMatch(/^run_log\/2026-01-20T02-00-00_summary$/);
      expect((await store.get(record.runPath!))!.status).toBe('failed');
    } finally {
      session.close();
    }
  });
});
