/**
 * Write batching for a seat pass: readings are queued as workers produce them and persisted in
 * batches, one batch at a time, in this order:
 *
 *   1. (JIT, final) the batch's `seat_snapshots` documents, in one `writeMany`;
 *   2. the readings whose snapshot was written (morning: all) merged into their half-hour slot
 *      documents, one transaction per slot touched.
 *
 * A reading is stored (and the next pass leaves its show alone) only once its slot merge is done;
 * a snapshot or slot write that fails leaves the show unread, so the next pass reads it again.
 */
import type { Clock } from '../../shared/clock.js';
import type { SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { DocData, Store } from '../../shared/store/store.js';
import { saveSlot } from './day.js';
import { mapKey, rebuildable, type SlotMaps } from './maps.js';
import type { Occupancy } from './occupancy.js';
import { factsOf, slotOf, type SlotRecords } from './readings.js';
import type { SeatMode } from '../../shared/run/vocabulary.js';
import type { ShowtimeTarget } from './select.js';
import { buildSnapshot, snapshotDigest, snapshotPath } from './snapshot.js';

interface Queued {
  target: ShowtimeTarget;
  /** Absent: TIX.id said the show started. */
  occ?: Occupancy;
  capturedAt: Date;
}

export interface ReadingWriterOptions {
  store: Store;
  clock: Clock;
  date: string;
  mode: SeatMode;
  /** Persist once this many readings are queued (besides `flush()`). */
  chunk: number;
  /** …or once the oldest queued reading is this old (ms; default 2,000): what a SIGKILL can lose. */
  maxWaitMs?: number;
  /** A write that failed (path, reason): recorded by the caller. */
  onFailure: (path: string, reason: unknown) => void;
}

export class ReadingWriter {
  /** Snapshot documents written, by path. */
  readonly snapshots = new Map<string, SeatSnapshotDoc>();
  /** Readings stored in their slot (morning: the pass's written readings). */
  stored = 0;
  /** Slot documents written. */
  slotWrites = 0;
  /** Snapshot or slot writes that failed (their readings were not stored). */
  failedWrites = 0;
  private pending: Queued[] = [];
  private chain: Promise<void> = Promise.resolve();
  private oldest = 0;

  constructor(private readonly o: ReadingWriterOptions) {}

  /** Queue a reading; persists a batch when `chunk` are queued. */
  reading(target: ShowtimeTarget, occ: Occupancy, capturedAt: Date): void {
    this.queue({ target, occ, capturedAt });
  }

  /** Queue "TIX.id says this show started" (no pass asks for it again). */
  started(target: ShowtimeTarget, at: Date): void {
    this.queue({ target, capturedAt: at });
  }

  private queue(q: Queued): void {
    if (this.pending.length === 0) this.oldest = performance.now();
    this.pending.push(q);
    if (this.pending.length >= this.o.chunk || performance.now() - this.oldest >= (this.o.maxWaitMs ?? 2_000))
      void this.flush();
  }

  /** Persist everything queued so far; resolves when it (and every earlier batch) is done. Never rejects. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.chain = this.chain.then(() => this.persist(batch));
    return this.chain;
  }

  private async persist(batch: Queued[]): Promise<void> {
    const written = new Map<Queued, SeatSnapshotDoc>();
    const safe = this.o.mode === 'morning' ? batch : await this.writeSnapshots(batch, written);
    const bySlot = new Map<string, { records: SlotRecords; maps: SlotMaps }>();
    for (const q of safe) {
      const slot = slotOf(this.o.date, q.target.startsAt);
      const entry = bySlot.get(slot) ?? { records: new Map(), maps: new Map() };
      bySlot.set(slot, entry);
      const facts = factsOf(q.target);
      const reading = q.occ
        ? { unavailable: q.occ.unavailable, total: q.occ.total, at: q.capturedAt.toISOString() }
        : undefined;
      entry.records.set(q.target.showtime_id, {
        facts,
        ...(reading ? { [this.o.mode]: reading } : {}),
        started: !q.occ,
      });
      // the seat map of a snapshot written, so the archive can rebuild the snapshot from the slot
      const doc = written.get(q);
      if (doc && this.o.mode !== 'morning' && rebuildable(facts))
        entry.maps.set(mapKey(this.o.mode, q.target.showtime_id), { digest: snapshotDigest(doc), rows: q.occ!.rows });
    }
    for (const [slot, { records, maps }] of bySlot) {
      try {
        this.slotWrites += await saveSlot(this.o.store, this.o.date, slot, records, this.o.clock, maps);
        for (const r of records.values()) if (!r.started) this.stored++;
      } catch (err) {
        this.failedWrites += records.size;
        this.o.onFailure(`seat_days/${this.o.date}/slots/${slot}`, err);
      }
    }
  }

  /** Write the batch's snapshot documents; returns the entries that are safe to record in slots. */
  private async writeSnapshots(batch: Queued[], written: Map<Queued, SeatSnapshotDoc>): Promise<Queued[]> {
    const docs = batch
      .filter((q) => q.occ)
      .map((q) => ({
        q,
        path: snapshotPath(q.target, this.o.mode),
        doc: buildSnapshot(q.target, q.occ!, this.o.mode, q.capturedAt),
      }));
    if (docs.length === 0) return batch;
    let failed: Map<string, string>;
    try {
      const report = await this.o.store.writeMany(
        docs.map((d) => ({ path: d.path, data: d.doc as unknown as DocData })),
      );
      failed = new Map(report.failed.map((f) => [f.path, f.error]));
    } catch (err) {
      failed = new Map(docs.map((d) => [d.path, String(err)]));
    }
    for (const d of docs) {
      if (failed.has(d.path)) {
        this.failedWrites++;
        this.o.onFailure(d.path, failed.get(d.path));
      } else {
        this.snapshots.set(d.path, d.doc);
        written.set(d.q, d.doc);
      }
    }
    const failedTargets = new Set(docs.filter((d) => failed.has(d.path)).map((d) => d.q));
    return batch.filter((q) => !failedTargets.has(q));
  }
}
