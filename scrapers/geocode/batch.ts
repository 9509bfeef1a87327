/**
 * The geocoder's writes, gathered into batches (one `writeMany` per `size` documents) instead of
 * one round trip each; `flush()` writes what is left. A refused or failed write is handed to
 * `onFailed` (recorded in the run), never dropped silently.
 */
import type { DocWrite, Store, WriteFailure } from '../../shared/store/store.js';

export class WriteBatcher {
  private queue: DocWrite[] = [];
  written = 0;

  constructor(
    private readonly store: Store,
    private readonly onFailed: (f: WriteFailure) => void,
    private readonly size = 100,
  ) {}

  async add(w: DocWrite): Promise<void> {
    this.queue.push(w);
    if (this.queue.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    const report = await this.store.writeMany(batch);
    this.written += report.written;
    for (const f of report.failed) this.onFailed(f);
  }
}
