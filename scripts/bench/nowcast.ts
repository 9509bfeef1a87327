/**
 * The bench's nowcast step: the day's two scheduled nowcasts (12:00 and 18:00 WIB) run
 * against the bench's day after its summary, through a counting store: their time and their reads
 * and writes (the day input through the box office's loader, ≤ 28 box_office documents, one
 * nowcast document and one run record each), which the day budget adds (report.ts `dayBudget`).
 */
import { FixedClock, localToInstant } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { Store } from '../../shared/store/store.js';
import { runNowcast } from '../nowcast/run.js';
import { measuredStore } from './measured-store.js';
import type { NowcastMeasure } from './report.js';

export const NOWCAST_TIMES = ['12:00', '18:00'] as const;

export async function measureNowcast(store: Store, date: string, log: Logger): Promise<NowcastMeasure> {
  const counted = measuredStore(store);
  const t0 = performance.now();
  const statuses: string[] = [];
  try {
    for (const at of NOWCAST_TIMES) {
      const r = await runNowcast(
        { store: counted, clock: new FixedClock(localToInstant(date, at, 'Asia/Jakarta')), log },
        { date, at },
      );
      statuses.push(r.refused ? `${at} failed: ${r.refused}` : `${at} ${r.run.status}`);
    }
    const m = counted.measure();
    return {
      status: statuses.join(', '),
      wallMs: performance.now() - t0,
      reads: m.reads,
      writes: m.written,
      runs: NOWCAST_TIMES.length,
    };
  } catch (err) {
    return { status: 'failed', error: String(err), wallMs: performance.now() - t0, reads: 0, writes: 0, runs: 0 };
  }
}
