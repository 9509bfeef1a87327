/**
 * The file store's locks: a document's lock is `{file}.lock`, created with O_EXCL and holding its
 * owner (pid, host, time). Several are taken in sorted order, so two holders never deadlock; a
 * lock left by a dead process (or older than `staleLockMs`) is taken over.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Logger } from '../log.js';
import { StoreError } from './store.js';

export function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) === 'EPERM';
  }
}

/** `mkdir -p`, again when a parent was removed as empty in between (FileStore deletes empty folders). */
export async function makeDir(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.mkdir(dir, { recursive: true });
      return;
    } catch (err) {
      if (errno(err) !== 'ENOENT' || attempt >= 5) throw err;
    }
  }
}

export class FileLocks {
  private readonly staleLockMs: number;
  private readonly lockTimeoutMs: number;
  private readonly log: Logger | undefined;

  constructor(opts: { staleLockMs: number; lockTimeoutMs: number; log?: Logger }) {
    this.staleLockMs = opts.staleLockMs;
    this.lockTimeoutMs = opts.lockTimeoutMs;
    this.log = opts.log;
  }

  /** Hold the lock files of `files` (taken in sorted order, so two holders never deadlock) while `fn` runs. */
  async hold<T>(files: string[], fn: () => Promise<T>): Promise<T> {
    const locks = [...new Set(files.map((f) => `${f}.lock`))].sort();
    const held: string[] = [];
    try {
      for (const lock of locks) {
        await this.acquire(lock);
        held.push(lock);
      }
      return await fn();
    } finally {
      await Promise.all(held.map((l) => fs.rm(l, { force: true })));
    }
  }

  private async acquire(lock: string): Promise<void> {
    const deadline = Date.now() + this.lockTimeoutMs;
    const me = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() });
    await makeDir(dirname(lock));
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await fs.open(lock, 'wx');
        try {
          await handle.writeFile(me, 'utf8');
        } finally {
          await handle.close();
        }
        return;
      } catch (err) {
        // The folder was removed as empty after a delete (removeEmptyDirs): make it again.
        if (errno(err) === 'ENOENT' && attempt < 20) {
          await makeDir(dirname(lock));
          continue;
        }
        if (errno(err) !== 'EEXIST') throw new StoreError(lock, `cannot create lock: ${(err as Error).message}`);
      }
      if (await this.takeOver(lock)) continue;
      if (Date.now() > deadline) {
        throw new StoreError(
          lock,
          `lock held for over ${this.lockTimeoutMs} ms by another writer; remove the file if no writer is running`,
        );
      }
      await sleep(Math.min(50, 2 + attempt) + Math.random() * 5);
    }
  }

  /**
   * Remove `lock` if it is abandoned; true when it was. Takeovers are serialised by a second
   * O_EXCL file: without it, two waiters that both judged the old lock abandoned could each remove
   * it, the second removing the lock the first had just created, and both would write at once.
   * Inside the guard the lock is judged again; an abandoned lock is removed by nobody but a
   * guard holder, so the file removed is the one judged.
   */
  private async takeOver(lock: string): Promise<boolean> {
    if (!(await this.isStale(lock))) return false;
    const guard = `${lock}.takeover`;
    try {
      await (await fs.open(guard, 'wx')).close();
    } catch (err) {
      if (errno(err) !== 'EEXIST') throw new StoreError(lock, `cannot create lock: ${(err as Error).message}`);
      // Another waiter is taking over. The guard is held for milliseconds; one left by a crash
      // in between is removed once old.
      const stat = await fs.stat(guard).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > this.staleLockMs) await fs.rm(guard, { force: true });
      return false;
    }
    try {
      if (!(await this.isStale(lock))) return false;
      this.log?.warn({ lock }, 'file store: removing an abandoned lock');
      await fs.rm(lock, { force: true });
      return true;
    } finally {
      await fs.rm(guard, { force: true });
    }
  }

  private async isStale(lock: string): Promise<boolean> {
    try {
      const [stat, text] = await Promise.all([fs.stat(lock), fs.readFile(lock, 'utf8')]);
      if (Date.now() - stat.mtimeMs > this.staleLockMs) return true;
      if (!text) return false; // being written right now
      const owner = JSON.parse(text) as { pid?: number; host?: string };
      return owner.host === hostname() && typeof owner.pid === 'number' && !pidAlive(owner.pid);
    } catch {
      // Gone already (free now) or half-written (its owner is alive and writing it).
      return false;
    }
  }
}
