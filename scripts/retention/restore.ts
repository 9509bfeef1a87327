/**
 * `npm run restore -- --date D` (scripts/restore.ts): put an archived day back into the store,
 * every document exactly as archived (types included: shared/store/typed.ts), in batches of 500
 * with a progress line. Records a `restore` run (run_log).
 */
import { jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunSummary } from '../../shared/run/recorder.js';
import type { Store } from '../../shared/store/store.js';
import { readArchive, readManifest } from './archive-file.js';

export interface RestoreOptions {
  date: string;
  archiveDir: string;
  /** Read and check the archive, write nothing. */
  dryRun?: boolean;
}

export interface RestoreResult {
  documents: number;
  written: number;
  run: RunSummary;
}

const BATCH = 500;

export async function runRestore(deps: { store: Store; clock: Clock; log: Logger; stepSummaryPath?: string }, o: RestoreOptions): Promise<RestoreResult> {
  const rec = new RunRecorder({ runType: 'restore', store: deps.store, clock: deps.clock, log: deps.log, date: jakartaDate(deps.clock.now()), stepSummaryPath: deps.stepSummaryPath });
  let documents = 0;
  let written = 0;
  try {
    const manifest = await readManifest(o.archiveDir);
    const docs = await readArchive(o.archiveDir, o.date, manifest.days[o.date]);
    documents = docs.length;
    rec.set({ restored_date: o.date, documents, dry_run: Boolean(o.dryRun) });
    deps.log.info({ date: o.date, documents }, `restore ${o.date}: ${documents} documents in the archive${o.dryRun ? ' (dry run: nothing written)' : ''}`);
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
