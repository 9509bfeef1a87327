/**
 * export and backfill: each day's rows from the box office (day-rows.ts), written by writeDay.
 * A day still in the store is read there; a day retention removed (manifest.json marks it
 * deleted) is read from its archive, restored into a temporary file store first, so both go
 * through the same loader and computation and give the same rows. The earlier days' box office
 * (the history behind change, cumulative and day of run) comes from the store, which keeps
 * `box_office` for good; a day it has none of (before the box office existed) is taken as this run
 * computed it, so a backfill in date order carries cumulative figures and day of run across it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../shared/log.js';
import { FileStore } from '../../shared/store/file-store.js';
import type { Store } from '../../shared/store/store.js';
import { readArchive, readManifest, type Manifest } from '../retention/archive-file.js';
import type { HistoryDay } from '../box-office/types.js';
import { dayRows } from './day-rows.js';
import { openDuck } from './duck.js';
import { writeDay, type WrittenFile } from './write.js';

export type DaySource = 'store' | 'archive';

export interface ExportOptions {
  days: readonly string[];
  dir: string;
  /** auto: the archive for a day the manifest marks deleted from the store, else the store. */
  source: 'auto' | DaySource;
  archiveDir: string;
}

export interface DayExport {
  date: string;
  source: DaySource;
  files: WrittenFile[];
  /** Issues of the day's input, by kind (the box office counts them; the day still exports). */
  issues: Record<string, number>;
  error?: string;
}

/** Where a day is read from. */
export function sourceOf(date: string, choice: ExportOptions['source'], manifest: Manifest | undefined): DaySource {
  if (choice !== 'auto') return choice;
  const entry = manifest?.days[date];
  return entry && (entry.deleted_at !== undefined || (entry.deleted_upto ?? 0) > 0) ? 'archive' : 'store';
}

/** Restore a day's archive into a temporary file store, run `fn` on it, remove it. */
export async function withArchivedDay<T>(
  archiveDir: string,
  date: string,
  manifest: Manifest,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const entry = manifest.days[date];
  if (!entry) throw new Error(`${date} is not in ${join(archiveDir, 'manifest.json')}`);
  const docs = await readArchive(archiveDir, date, entry);
  const root = await mkdtemp(join(tmpdir(), `cineradar-archive-${date}-`));
  const store = new FileStore({ dataDir: root });
  try {
    const report = await store.importDocs(docs);
    if (report.failed.length)
      throw new Error(
        `${report.failed.length} archived documents could not be restored (first: ${report.failed[0]!.path}: ${report.failed[0]!.error})`,
      );
    return await fn(store);
  } finally {
    await store.close();
    await rm(root, { recursive: true, force: true });
  }
}

export async function exportDays(deps: { store: Store; log: Logger }, o: ExportOptions): Promise<DayExport[]> {
  const manifest = o.source === 'store' ? undefined : await readManifest(o.archiveDir);
  const duck = await openDuck({ threads: 1 });
  const out: DayExport[] = [];
  // days computed in this run: the history of the next ones where the store has no box office
  const computed = new Map<string, HistoryDay>();
  try {
    for (const date of [...o.days].sort()) {
      const source = sourceOf(date, o.source, manifest);
      const result: DayExport = { date, source, files: [], issues: {} };
      try {
        const day =
          source === 'store'
            ? await dayRows(deps.store, deps.store, date, computed)
            : await withArchivedDay(o.archiveDir, date, manifest!, (s) => dayRows(s, deps.store, date, computed));
        computed.set(date, day.history);
        result.issues = day.issues;
        result.files = await writeDay(o.dir, date, day.rows, { duck });
        deps.log.info(
          { date, source, files: result.files },
          `dataset ${date}: ${result.files.map((f) => `${f.table} ${f.rows}`).join(', ')} (from the ${source})`,
        );
      } catch (err) {
        result.error = (err as Error).message;
        deps.log.error({ date, source, err: result.error }, `dataset ${date}: ${result.error}`);
      }
      out.push(result);
    }
  } finally {
    duck.close();
  }
  return out;
}
