/**
 * Step 5 of a seat pass (scrape.ts): read each selected show's layout and persist the readings.
 *
 *   readShows    opens the ReadingWriter (writer.ts) and the progress line, reads, flushes
 *   readLayouts  a worker pool (shared/pool.ts) over the selected shows; stops taking shows on a
 *                403 block, a lost token or an aborted signal
 *   readOne      one show: its layout → occupancy.ts → the writer; a started show is skipped,
 *                a failure recorded by name
 */
import { runPool } from '../../shared/pool.js';
import { createProgress, type Progress } from '../../shared/progress.js';
import { ShowStartedError, TixBlockedError } from '../../shared/tix/client.js';
import { TokenUnavailableError } from '../../shared/tix/errors.js';
import { MORNING_FLUSH_EVERY } from './budget.js';
import { parseLayout } from './occupancy.js';
import type { PassContext } from './pass.js';
import type { ShowtimeTarget } from './select.js';
import { ReadingWriter } from './writer.js';

const WORKERS = 32;

export interface ReadCounts {
  success: number;
  unchanged: number;
  started: number;
  failed: number;
  notAttempted: number;
  fatal?: Error;
  cancelled: boolean;
}

/** What reading one show needs: the pass, where its reading goes, and the counts it adds to. */
interface Reading {
  ctx: PassContext;
  writer: ReadingWriter;
  /** Show id → its morning reading as `unavailable/total`. */
  morningOf: Map<string, string>;
  progress: Progress;
  counts: ReadCounts;
}

/**
 * Step 5: read the selected shows, persisting in batches; every reading taken is stored before it
 * returns. The progress line stops on every way out.
 */
export async function readShows(
  ctx: PassContext,
  selected: ShowtimeTarget[],
  morningOf: Map<string, string>,
): Promise<{ writer: ReadingWriter; counts: ReadCounts }> {
  const { store, client, clock, log } = ctx.deps;
  const { recorder, date, mode, opts } = ctx;
  const writer = new ReadingWriter({
    store,
    clock,
    date,
    mode,
    chunk: opts.writeChunk ?? MORNING_FLUSH_EVERY,
    onFailure: (path, reason) => recorder.fail('write', path, reason),
  });
  const progress = createProgress({
    label: `seats ${mode}`,
    total: selected.length,
    log,
    requests: () => client.requests(),
    ...(opts.progressIntervalMs ? { intervalMs: opts.progressIntervalMs } : {}),
  });
  try {
    const counts = await readLayouts({ ctx, writer, morningOf, progress, counts: newCounts() }, selected);
    await writer.flush();
    return { writer, counts };
  } finally {
    progress.stop();
  }
}

function newCounts(): ReadCounts {
  return { success: 0, unchanged: 0, started: 0, failed: 0, notAttempted: 0, cancelled: false };
}

/** Read each selected show's layout through a worker pool and hand the readings to the writer. */
async function readLayouts(r: Reading, selected: ShowtimeTarget[]): Promise<ReadCounts> {
  const { counts, ctx } = r;
  const stop = () => counts.fatal !== undefined || ctx.opts.signal?.aborted === true;
  const { taken } = await runPool(selected, ctx.opts.workers ?? WORKERS, (target) => readOne(r, target), stop);
  counts.notAttempted = selected.length - taken;
  counts.cancelled = ctx.opts.signal?.aborted === true;
  return counts;
}

async function readOne(r: Reading, target: ShowtimeTarget): Promise<void> {
  const { counts, writer, progress } = r;
  const { client, clock } = r.ctx.deps;
  const { recorder } = r.ctx;
  recorder.count('showtimes_scraped');
  try {
    const occ = parseLayout(await client.layout(target.merchant, target.showtime_id));
    counts.success++;
    recorder.count('showtimes_success');
    if (r.morningOf.get(target.showtime_id) === `${occ.unavailable}/${occ.total}`) counts.unchanged++;
    writer.reading(target, occ, clock.now());
    progress.tick();
  } catch (err) {
    if (err instanceof ShowStartedError) {
      counts.started++;
      writer.started(target, clock.now());
      recorder.skip('showtime', target.showtime_id, 'show started (401 EXPIRED_EVENT_DETAIL)');
      progress.tick();
      return;
    }
    counts.failed++;
    recorder.fail('showtime', `${target.showtime_id} (${target.city}, ${target.theatre_name} ${target.showtime})`, err);
    progress.fail();
    if (err instanceof TixBlockedError || err instanceof TokenUnavailableError) counts.fatal = err;
  }
}
