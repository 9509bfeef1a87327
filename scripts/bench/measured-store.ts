/**
 * A Store that counts what goes through it: documents written and read, failures, the biggest
 * document and the time spent writing. Wraps any Store; the bench's scraper process hands this
 * to the scrapers so the figures are the scrapers' own writes.
 */
import { documentSize } from '../../shared/store/documents.js';
import { storedBytes } from './storage.js';
import type { DocData, DocWrite, ListOptions, Store, TxResult, WriteReport } from '../../shared/store/store.js';
import type { StoreMeasure } from './report.js';
import type { TypedDoc } from '../../shared/store/typed.js';

export interface MeasuredStore extends Store {
  /** The counts since the last reset. */
  measure(): StoreMeasure;
  reset(): void;
}

/** A measure with nothing counted: a fresh or reset measured store, or a phase that never ran. */
export function emptyMeasure(): StoreMeasure {
  return {
    written: 0,
    failed: 0,
    maxBytes: 0,
    writeMs: 0,
    reads: 0,
    deletes: 0,
    storedDocs: 0,
    storedBytes: 0,
  };
}

function sizeOf(path: string, data: DocData): number {
  try {
    return documentSize(path, data);
  } catch {
    return 0;
  }
}

export function measuredStore(inner: Store): MeasuredStore {
  let m = emptyMeasure();
  /** Stored bytes (document + index entries) of each path written, at its last write. */
  let stored = new Map<string, number>();
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      m.writeMs += performance.now() - t0;
    }
  };
  const noteDocs = (docs: { path: string; data: DocData }[]) => {
    for (const d of docs) {
      m.maxBytes = Math.max(m.maxBytes, sizeOf(d.path, d.data));
      stored.set(d.path, storedBytes(d.path, d.data));
    }
  };
  return {
    get kind() {
      return inner.kind;
    },
    async get(path: string) {
      const d = await inner.get(path);
      m.reads += 1;
      return d;
    },
    async set(path: string, data: DocData, opts?: { merge?: boolean }) {
      try {
        await timed(() => inner.set(path, data, opts));
      } catch (err) {
        m.failed += 1;
        throw err;
      }
      m.written += 1;
      noteDocs([{ path, data }]);
    },
    async writeMany(docs: DocWrite[]): Promise<WriteReport> {
      const report = await timed(() => inner.writeMany(docs));
      const failed = new Set(report.failed.map((f) => f.path));
      noteDocs(docs.filter((d) => !failed.has(d.path)));
      m.written += report.written;
      m.failed += report.failed.length;
      m.maxBytes = Math.max(m.maxBytes, report.maxBytes);
      return report;
    },
    async list(collection: string, opts?: ListOptions) {
      const docs = await inner.list(collection, opts);
      m.reads += docs.length;
      return docs;
    },
    async publish(docs: DocWrite[]) {
      try {
        await timed(() => inner.publish(docs));
      } catch (err) {
        m.failed += docs.length;
        throw err;
      }
      m.written += docs.length;
      noteDocs(docs);
    },
    async transaction<T>(path: string, fn: (current: DocData | undefined) => TxResult<T> | Promise<TxResult<T>>) {
      let wrote: DocData | undefined;
      const result = await timed(() =>
        inner.transaction(path, async (current) => {
          m.reads += 1;
          const r = await fn(current);
          wrote = r.write;
          return r;
        }),
      );
      if (wrote) {
        m.written += 1;
        noteDocs([{ path, data: wrote }]);
      }
      return result;
    },
    async delete(path: string) {
      await timed(() => inner.delete(path));
      m.deletes += 1;
      stored.delete(path);
    },
    async deleteMany(paths: readonly string[]) {
      const report = await timed(() => inner.deleteMany(paths));
      m.deletes += report.deleted;
      for (const p of paths) stored.delete(p);
      return report;
    },
    async count(collection: string, where?: ListOptions['where']) {
      const n = await inner.count(collection, where);
      // Firestore bills an aggregation one read per 1,000 index entries counted (at least one).
      m.reads += Math.max(1, Math.ceil(n / 1000));
      return n;
    },
    async exportDocs(collection: string, opts?: Omit<ListOptions, 'fields'>) {
      const docs = await inner.exportDocs(collection, opts);
      m.reads += Math.max(1, docs.length);
      return docs;
    },
    async exportDoc(path: string) {
      m.reads += 1;
      return inner.exportDoc(path);
    },
    async importDocs(docs: readonly TypedDoc[]) {
      const report = await timed(() => inner.importDocs(docs));
      m.written += report.written;
      m.failed += report.failed.length;
      return report;
    },
    close: () => inner.close(),
    measure: () => ({ ...m, storedDocs: stored.size, storedBytes: [...stored.values()].reduce((a, b) => a + b, 0) }),
    reset() {
      m = emptyMeasure();
      stored = new Map();
    },
  };
}
