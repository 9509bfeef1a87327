/**
 * The embedded store: one pretty-printed JSON file per document, mirroring the Firestore path
 * under a data directory (`snapshots/latest` → `data/snapshots/latest.json`,
 * `schedules/2026-01-19/movies/123` → `data/schedules/2026-01-19/movies/123.json`).
 *
 * Every file is written atomically (temp file + rename), so a reader sees the old or the new
 * document, never half of one. `publish` writes every temp file before renaming any. Each write
 * holds the document's lock file (file-lock.ts), so merges and transactions from several
 * processes never lose an update. Deleting a document removes the folders it leaves empty.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from '../log.js';
import { errno, FileLocks } from './file-lock.js';
import { checkDocument, checkPublishSet, Double } from './documents.js';
import { pathSegments } from './limits.js';
import { dataOf, typedFromPlain, type TypedDoc } from './typed.js';
import {
  StoreError,
  type DeleteReport,
  type DocData,
  type DocWrite,
  type ListOptions,
  type Store,
  type StoredDoc,
  type TxResult,
  type WriteFailure,
  type WriteReport,
} from './store.js';

export interface FileStoreOptions {
  /** Root directory (CINERADAR_DATA_DIR). */
  dataDir: string;
  log?: Logger;
  /** A lock older than this is considered abandoned (ms). */
  staleLockMs?: number;
  /** Give up waiting for a lock after this long (ms). */
  lockTimeoutMs?: number;
  /** Documents written in parallel by writeMany. */
  concurrency?: number;
}

/** A document's data as JSON will store it: Double → number, undefined fields dropped. */
export function toPlain(data: unknown): unknown {
  if (data instanceof Double) return data.value;
  if (Array.isArray(data)) return data.map(toPlain);
  if (data !== null && typeof data === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
      if (v !== undefined) out[k] = toPlain(v);
    }
    return out;
  }
  return data;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Firestore's `merge: true`: maps merge field by field, every other value replaces. */
export function mergeDeep(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (isMap(v) && isMap(out[k]) && Object.keys(v).length > 0)
      out[k] = mergeDeep(out[k] as Record<string, unknown>, v);
    else out[k] = v;
  }
  return out;
}

/** The named top-level fields of a document (ListOptions.fields); missing ones stay absent. */
function pick(data: DocData, fields: readonly string[]): DocData {
  const out: DocData = {};
  for (const f of fields) if (Object.hasOwn(data, f)) out[f] = data[f];
  return out;
}

export class FileStore implements Store {
  readonly kind = 'file' as const;
  readonly root: string;
  private readonly log: Logger | undefined;
  private readonly locks: FileLocks;
  private readonly concurrency: number;

  constructor(opts: FileStoreOptions) {
    this.root = resolve(opts.dataDir);
    this.log = opts.log;
    this.locks = new FileLocks({
      staleLockMs: opts.staleLockMs ?? 30_000,
      lockTimeoutMs: opts.lockTimeoutMs ?? 60_000,
      log: opts.log,
    });
    this.concurrency = opts.concurrency ?? 16;
  }

  /** The JSON file holding a document. */
  fileOf(path: string): string {
    return join(this.root, ...pathSegments(path, 'document')) + '.json';
  }

  async get(path: string): Promise<DocData | undefined> {
    return this.read(path, this.fileOf(path));
  }

  async set(path: string, data: DocData, opts: { merge?: boolean } = {}): Promise<void> {
    checkDocument(path, data, { partial: opts.merge === true });
    await this.writeLocked(path, data, opts.merge === true);
  }

  async writeMany(docs: DocWrite[]): Promise<WriteReport> {
    let maxBytes = 0;
    const { done, failed, ms } = await this.each(
      docs,
      (d) => d.path,
      async (d) => {
        const { bytes } = checkDocument(d.path, d.data, { partial: d.merge === true });
        await this.writeLocked(d.path, d.data, d.merge === true);
        maxBytes = Math.max(maxBytes, bytes);
      },
    );
    if (failed.length > 0)
      this.log?.warn({ failed: failed.length, first: failed[0] }, 'file store: some documents were not written');
    return { written: done, failed, ms, maxBytes };
  }

  async list(collection: string, opts: ListOptions = {}): Promise<StoredDoc[]> {
    const dir = join(this.root, ...pathSegments(collection, 'collection'));
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (err) {
      if (errno(err) === 'ENOENT') return [];
      throw new StoreError(collection, `cannot list: ${(err as Error).message}`);
    }
    const ids = names
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => n.slice(0, -'.json'.length))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const where = Object.entries(opts.where ?? {});
    const out: StoredDoc[] = [];
    for (const id of ids) {
      if ((opts.idFrom !== undefined && id < opts.idFrom) || (opts.idBefore !== undefined && id >= opts.idBefore))
        continue;
      const path = `${collection}/${id}`;
      const data = await this.read(path, join(dir, `${id}.json`));
      if (!data) continue;
      if (where.every(([k, v]) => data[k] === v))
        out.push({ id, path, data: opts.fields ? pick(data, opts.fields) : data });
    }
    return out;
  }

  async publish(docs: DocWrite[]): Promise<void> {
    if (docs.length === 0) return;
    checkPublishSet(docs);
    const files = docs.map((d) => this.fileOf(d.path));
    await this.locks.hold(files, async () => {
      const temps: string[] = [];
      try {
        for (let i = 0; i < docs.length; i++) {
          temps.push(await this.writeTemp(docs[i]!.path, files[i]!, docs[i]!.data, docs[i]!.merge === true));
        }
      } catch (err) {
        await Promise.all(temps.map((t) => fs.rm(t, { force: true })));
        throw err;
      }
      for (let i = 0; i < docs.length; i++) {
        try {
          await this.commit(docs[i]!.path, temps[i]!, files[i]!);
        } catch (err) {
          // commit removed its own temp file; the ones not reached yet are removed too.
          await Promise.all(temps.slice(i + 1).map((t) => fs.rm(t, { force: true })));
          throw err;
        }
      }
    });
  }

  async transaction<T>(
    path: string,
    fn: (current: DocData | undefined) => TxResult<T> | Promise<TxResult<T>>,
  ): Promise<T> {
    const file = this.fileOf(path);
    return this.locks.hold([file], async () => {
      const current = await this.read(path, file);
      const { write, result } = await fn(current);
      if (write) {
        checkDocument(path, write);
        const tmp = await this.writeTemp(path, file, write, false);
        await this.commit(path, tmp, file);
      }
      return result;
    });
  }

  async delete(path: string): Promise<void> {
    const file = this.fileOf(path);
    await this.locks.hold([file], () => fs.rm(file, { force: true }));
    await this.removeEmptyDirs(dirname(file));
  }

  async deleteMany(paths: readonly string[]): Promise<DeleteReport> {
    const { done, failed, ms } = await this.each(
      paths,
      (p) => p,
      (p) => this.delete(p),
    );
    return { deleted: done, failed, ms };
  }

  async count(collection: string, where?: ListOptions['where']): Promise<number> {
    return (await this.list(collection, { where, fields: [] })).length;
  }

  async exportDocs(collection: string, opts: Omit<ListOptions, 'fields'> = {}): Promise<TypedDoc[]> {
    return (await this.list(collection, opts)).map((d) => ({ path: d.path, fields: typedFromPlain(d.data) }));
  }

  async exportDoc(path: string): Promise<TypedDoc | undefined> {
    const data = await this.get(path);
    return data ? { path, fields: typedFromPlain(data) } : undefined;
  }

  /** The JSON each archived document held, written back as it was (no schema check: the file store kept no types to check). */
  async importDocs(docs: readonly TypedDoc[]): Promise<WriteReport> {
    const { done, failed, ms } = await this.each(
      docs,
      (d) => d.path,
      (d) => this.writeLocked(d.path, dataOf(d.fields), false),
    );
    return { written: done, failed, ms, maxBytes: 0 };
  }

  async close(): Promise<void> {
    // Nothing to release: every write is finished before its promise resolves.
  }

  // ------------------------------------------------------------------ internals

  /** Run `work` for every item, `concurrency` at a time; a failure is collected with its path, never thrown. */
  private async each<T>(
    items: readonly T[],
    pathOf: (x: T) => string,
    work: (x: T) => Promise<void>,
  ): Promise<{ done: number; failed: WriteFailure[]; ms: number }> {
    const started = Date.now();
    const limit = pLimit(this.concurrency);
    let done = 0;
    const failed: WriteFailure[] = [];
    await Promise.all(
      items.map((x) =>
        limit(async () => {
          try {
            await work(x);
            done += 1;
          } catch (err) {
            failed.push({ path: pathOf(x), error: err instanceof Error ? err.message : String(err) });
          }
        }),
      ),
    );
    return { done, failed, ms: Date.now() - started };
  }

  /** Write one document under its lock (temp file + rename). */
  private async writeLocked(path: string, data: DocData, merge: boolean): Promise<void> {
    const file = this.fileOf(path);
    await this.locks.hold([file], async () => this.commit(path, await this.writeTemp(path, file, data, merge), file));
  }

  private async read(path: string, file: string): Promise<DocData | undefined> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (errno(err) === 'ENOENT') return undefined;
      throw new StoreError(path, `cannot read ${file}: ${(err as Error).message}`);
    }
    try {
      const data = JSON.parse(text) as unknown;
      if (!isMap(data)) throw new Error('not a JSON object');
      return data;
    } catch (err) {
      throw new StoreError(path, `${file} is not a JSON document: ${(err as Error).message}`);
    }
  }

  /** Write the document's next content to a temp file beside it; returns the temp file. */
  private async writeTemp(path: string, file: string, data: DocData, merge: boolean): Promise<string> {
    let content = toPlain(data) as Record<string, unknown>;
    if (merge) content = mergeDeep((await this.read(path, file)) ?? {}, content);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.mkdir(dirname(file), { recursive: true });
      await fs.writeFile(tmp, JSON.stringify(content, null, 2) + '\n', 'utf8');
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw new StoreError(path, `cannot write ${tmp}: ${(err as Error).message}`);
    }
    return tmp;
  }

  private async commit(path: string, tmp: string, file: string): Promise<void> {
    try {
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw new StoreError(path, `cannot rename into ${file}: ${(err as Error).message}`);
    }
  }

  /**
   * Remove `dir` and its parents up to the root while they are empty, so deleting a day leaves no
   * empty folders. A writer that lands in between finds its folder gone when it takes its lock
   * (the lock file is the folder's first entry) and makes it again (`acquire`).
   */
  private async removeEmptyDirs(dir: string): Promise<void> {
    for (let d = dir; d.startsWith(this.root + sep); d = dirname(d)) {
      try {
        await fs.rmdir(d);
      } catch {
        return; // not empty (or gone already): its parents are not empty either
      }
    }
  }
}
