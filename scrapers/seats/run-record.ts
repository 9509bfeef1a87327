/**
 * Step 6 of a seat pass (scrape.ts): its counts, the day's write estimate (budget.ts) and the run
 * record (shared/run/recorder.ts): finished, failed with one line why, or cancelled.
 */
import type { RunRecord } from '../../shared/run/recorder.js';
import { cancelSignalOf } from '../../shared/signals.js';
import { estimateDayWrites, type DayEstimate } from './budget.js';
import type { ReadCounts } from './layouts.js';
import type { PassContext } from './pass.js';
import type { ReadingWriter } from './writer.js';

/** What the steps before this one found, for the record. */
export interface PassFacts {
  candidates: number;
  selected: number;
  documentsRead: number;
  dayShowtimes: number;
  bookkeepingWrites: number;
  /** Why the pass failed for want of schedules (step 1), if it did. */
  noSchedules?: string;
}

/** Shows that failed: layout and write failures, and, when a block or a lost token stopped the pass, those not asked for. */
export function failedShows(counts: ReadCounts, writer: ReadingWriter): number {
  return counts.failed + writer.failedWrites + (counts.fatal ? counts.notAttempted : 0);
}

/** Step 6: counts, the day's write estimate and the run record. */
export async function recordPass(
  ctx: PassContext,
  facts: PassFacts,
  counts: ReadCounts,
  writer: ReadingWriter,
): Promise<{ run: RunRecord; estimate: DayEstimate }> {
  const { recorder } = ctx;
  const failed = failedShows(counts, writer);
  if (counts.fatal) recorder.set({ stopped_early: `${counts.fatal.name}: ${counts.fatal.message}` });
  if (counts.notAttempted > 0) recorder.count('showtimes_not_attempted', counts.notAttempted);
  const estimate = estimateDayWrites({ showtimes: facts.dayShowtimes, morningPasses: ctx.opts.shard?.n ?? 1 });
  recorder.count('readings_stored', writer.stored);
  recorder.count('snapshots_written', writer.snapshots.size);
  recorder.count('readings_unchanged_since_morning', counts.unchanged);
  recorder.count('showtimes_started', counts.started);
  recorder.count('showtimes_failed', failed);
  recorder.count('bookkeeping_writes', facts.bookkeepingWrites);
  recorder.set({
    showtimes_candidates: facts.candidates,
    documents_read: facts.documentsRead,
    writes_estimate_day: estimate.total,
    writes_estimate: {
      ...estimate,
      basis: 'one snapshot per show (JIT) + slot, run and index writes; docs/performance.md',
    },
  });
  const notes = passNotes(facts, counts, writer, failed, estimate);
  const signal = cancelSignalOf(ctx.opts.signal);
  const run = signal
    ? await recorder.cancel(signal, { notes })
    : await recorder.finish({
        published: failed === 0 || counts.success > 0,
        // No schedules stored, or stopped early (403 block, no token): the pass did not do its work.
        ...(facts.noSchedules || counts.fatal
          ? {
              status: 'failed' as const,
              reason:
                facts.noSchedules ??
                `stopped early (${counts.fatal!.name}: ${counts.fatal!.message}); ${counts.notAttempted} of ${facts.selected} showtimes not attempted`,
            }
          : {}),
        work: { unit: 'showtimes', total: facts.selected, failed },
        notes,
      });
  return { run, estimate };
}

/** The run record's notes: what was read and stored, what is left for the next pass, the day's estimate. */
function passNotes(
  facts: PassFacts,
  counts: ReadCounts,
  writer: ReadingWriter,
  failed: number,
  estimate: DayEstimate,
): string[] {
  return [
    `${facts.selected} showtimes selected of ${facts.candidates}; ${writer.stored} readings stored (${writer.snapshots.size} snapshot documents), ${counts.started} already started, ${failed} failed.`,
    ...(counts.cancelled
      ? [
          `${counts.notAttempted} selected showtimes not asked for (the next pass takes them); every reading taken was stored`,
        ]
      : []),
    `Day write estimate (seat passes): ${estimate.total} (morning ${estimate.morning} + JIT ${estimate.jit} + runs/index ${estimate.bookkeeping}); free tier 20,000.`,
  ];
}
