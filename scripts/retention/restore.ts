/**
 * `npm run restore -- --date D` (scripts/restore.ts): put an archived day back into the store,
 * every document exactly as archived (types included: shared/store/typed.ts), in batches of 500
 * with a progress line. Records a `restore` run (run_log).
 */
import { jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunRecord } from '../../shared/run/recorder.js';
import type { Store } from '../../shared/store/store.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { archivedDays, archiveFileName, readArchive, readManifest } from './archive-file.js';

export interface RestoreOptions {
  date: string;
  archiveDir: string;
  /** Read and check the archive, write nothing. */
  dryRun?: boolean;
}

export interface RestoreResult {
  documents: number;
  written: number;
  run: RunRecord;
}

const BATCH = 500;

/** How to get a day's file and the manifest from the archive release (docs/operations.md#retention). */
export const fetchCommand = (dir: string, date: string) =>
  `gh release download archive --pattern manifest.json --pattern ${archiveFileName(date)} --dir ${dir}`;

/**
 * Why the day cannot be restored from `dir` before anything is read or recorded, in one line: the
 * file or manifest is missing, with the days the manifest holds and how to fetch them; undefined
 * when the file is there (its contents are checked by the restore itself).
 */
export async function missingArchive(dir: string, date: string): Promise<string | undefined> {
  const manifest = await readManifest(dir);
  const file = join(dir, manifest.days[date]?.file ?? archiveFileName(date));
  if (existsSync(file)) return undefined;
  const days = archivedDays(manifest);
  const fetch = `fetch it with: ${fetchCommand(dir, date)}`;
  if (!existsSync(join(dir, 'manifest.json'))) return `${file} is missing and ${dir} holds no manifest.json: ${fetch}`;
  const held = days.length
    ? `it holds ${days.length === 1 ? '' : `${days.length} days, `}${listDays(days)}`
    : 'it holds no day';
  const listed = manifest.days[date]
    ? `${date} is in ${join(dir, 'manifest.json')} but ${file} is missing`
    : `${date} is not in ${join(dir, 'manifest.json')} (${held})`;
  return `${listed}; ${fetch}`;
}

/** A few days of a long list: the first and last three. */
function listDays(days: readonly string[]): string {
  return days.length <= 6 ? days.join(', ') : `${days.slice(0, 3).join(', ')} … ${days.slice(-3).join(', ')}`;
}

export async function runRestore(
  deps: { store: Store; clock: Clock; log: Logger; stepSummaryPath?: string },
  o: RestoreOptions,
): Promise<RestoreResult> {
  const rec = new RunRecorder({
    runType: 'restore',
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    date: jakartaDate(deps.clock.now()),
    stepSummaryPath: deps.stepSummaryPath,
  });
  let documents = 0;
  let written = 0;
  try {
    const manifest = await readManifest(o.archiveDir);
    const docs = await readArchive(o.archiveDir, o.date, manifest.days[o.date]);
    documents = docs.length;
    rec.set({ restored_date: o.date, documents, dry_run: Boolean(o.dryRun) });
    deps.log.info(
      { date: o.date, documents },
      `restore ${o.date}: ${documents} documents in the archive${o.dryRun ? ' (dry run: nothing written)' : ''}`,
    );
    if (!o.dryRun) {
      for (let i = 0; i < docs.length; i += BATCH) {
        const report = await deps.store.importDocs(docs.slice(i, i + BATCH));
        written += report.written;
        for (const f of report.failed) rec.fail('document', f.path, f.error);
        deps.log.info({ written, of: documents }, `restore ${o.date}: ${written}/${documents} written`);
      }
    }
    rec.count('written', written);
    const run = await rec.finish({
      published: o.dryRun ? true : written,
      work: { unit: 'documents', total: documents, failed: o.dryRun ? 0 : documents - written, maxShare: 0 },
    });
    return { documents, written, run };
  } catch (err) {
    return { documents, written, run: await rec.abort(err) };
  }
}
