/**
 * Retention, measured: after the day's phases, the bench prunes that day the way the summary
 * workflow will once it is older than the retention window (`runPrune`, archive then delete, the
 * clock moved past the window) through a counting store, and reports its reads, deletes and the
 * archive file's size. The bench's day has one JIT pass's snapshots, not the whole day's; report.ts
 * scales the terms that grow with them (the snapshot count aggregation, the deletes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDaysToDate, FixedClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { Store } from '../../shared/store/store.js';
import { runPrune } from '../retention/prune.js';
import { readManifest } from '../retention/archive-file.js';
import { measuredStore } from './measured-store.js';
import type { PruneMeasure } from './report.js';

export async function measurePrune(store: Store, date: string, keepDays: number, log: Logger): Promise<PruneMeasure> {
  const dir = mkdtempSync(join(tmpdir(), 'cineradar-bench-archive-'));
  try {
    const m = measuredStore(store);
    const clock = new FixedClock(new Date(`${addDaysToDate(date, keepDays + 1)}T03:00:00.000Z`));
    const t0 = performance.now();
    const r = await runPrune({ store: m, clock, log }, { phase: 'all', archiveDir: dir, keepDays, lookback: 1, date });
    const wallMs = performance.now() - t0;
    const measure = m.measure();
    const entry = (await readManifest(dir)).days[date];
    const day = r.days[0];
    return {
      status: r.run.status,
      error: day?.error,
      wallMs,
      reads: measure.reads,
      deletes: measure.deletes,
      documents: entry?.documents ?? 0,
      archiveBytes: entry?.bytes ?? 0,
      snapshotsRebuilt:
        r.run.document.counts && typeof r.run.document.counts === 'object'
          ? Number((r.run.document.counts as Record<string, unknown>).snapshots_rebuilt ?? 0)
          : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
