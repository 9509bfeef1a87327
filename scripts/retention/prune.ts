/**
 * Retention (`npm run prune`, scripts/prune.ts): days older than the retention window leave
 * Firestore only after they are archived. Two phases, so the workflow can make the archive durable
 * (upload it to the repository's `archive` release) between them:
 *
 *   archive  each candidate day not in the manifest yet (an archived day is never archived again,
 *            so a file is never replaced by a later, emptier read): collect its documents (collect.ts), write
 *            `{dir}/{date}.ndjson.gz` and its manifest entry (archive-file.ts). A day without documents
 *            gets neither; the manifest's `checked_through` says how far a scheduled run has looked, so
 *            an empty day is read once;
 *   delete   each candidate day archived and not yet marked deleted in the manifest: check the file
 *            against the manifest, probe whether its documents are still there (3 reads), refuse any
 *            path that is not the day's (days.ts `refusal`), delete exactly the archived paths (no
 *            read per document), and mark the day `deleted_at` in the manifest.
 *
 * Records a `prune` run (run_log). A day that fails is named with its reason; the others go on.
 */
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunRecord } from '../../shared/run/recorder.js';
import type { Store } from '../../shared/store/store.js';
import type { TypedDoc } from '../../shared/store/typed.js';
import { readArchive, readManifest, writeArchive, writeManifest, type Manifest } from './archive-file.js';
import { collectDay } from './collect.js';
import { candidateDays, lastPrunableDay, refusal } from './days.js';
import { DEFAULT_MAX_DAYS, DEFAULT_MAX_DELETES, DELETE_CHUNK } from './limits.js';

export type PrunePhase = 'archive' | 'delete' | 'all';

export interface PruneOptions {
  phase: PrunePhase;
  archiveDir: string;
  /** Days kept in Firestore, today included (CINERADAR_RETENTION_DAYS). */
  keepDays: number;
  /** How many days before the window a scheduled prune looks at. */
  lookback: number;
  /** Only this day (must be before the window). */
  date?: string;
  /** Rebuilt snapshots compared with the store (collect.ts). */
  sample?: number;
  /** Documents deleted between two progress notes in the manifest (default DELETE_CHUNK). */
  deleteChunk?: number;
  /** Days with documents archived in one run at most (a backlog is worked off over several nights). */
  maxDays?: number;
  /** Deletes in one run at most: the free tier allows 20,000 a day, shared with nothing else (default 15,000). */
  maxDeletes?: number;
}

/** What one run may still spend. */
interface RunBudget {
  days: number;
  deletes: number;
}

export interface PruneDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface DayOutcome {
  date: string;
  archived?: number;
  deleted?: number;
  note?: string;
  error?: string;
}

export interface PruneResult {
  days: DayOutcome[];
  run: RunRecord;
}

/** Paths probed to tell whether a day's documents are still in the store. */
function probePaths(docs: readonly TypedDoc[]): string[] {
  if (docs.length <= 3) return docs.map((d) => d.path);
  return [docs[0]!, docs[Math.floor(docs.length / 2)]!, docs[docs.length - 1]!].map((d) => d.path);
}

async function archiveDay(
  deps: PruneDeps,
  o: PruneOptions,
  manifest: Manifest,
  date: string,
  out: DayOutcome,
  rec: RunRecorder,
): Promise<void> {
  const day = await collectDay(deps.store, date, { sample: o.sample });
  rec.count('documents_read_for_archive', day.docs.length - day.snapshots.rebuilt);
  rec.count('snapshots_rebuilt', day.snapshots.rebuilt);
  if (day.snapshots.fallback)
    deps.log.warn(
      { date, reason: day.snapshots.fallback },
      `prune ${date}: read every seat snapshot (${day.snapshots.fallback})`,
    );
  // A day without documents gets no file and no manifest entry (checked_through remembers it was looked at).
  if (day.docs.length === 0) {
    out.note = NO_DOCUMENTS;
    return;
  }
  manifest.days[date] = await writeArchive(o.archiveDir, date, day.docs, iso(deps.clock.now()));
  out.archived = day.docs.length;
  deps.log.info(
    { date, documents: day.docs.length, bytes: manifest.days[date].bytes, rebuilt: day.snapshots.rebuilt },
    `prune ${date}: archived ${day.docs.length} documents`,
  );
  await writeManifest(o.archiveDir, manifest);
}

export const NO_DOCUMENTS = 'no documents';
const WAITS = 'waits for the next run (--max-days)';

/**
 * The newest day up to which a scheduled run has looked at every day: it moves over days archived
 * or found empty, and stops at the first day that failed or waits for the next run.
 */
class Watermark {
  private open = true;
  constructor(public through: string | undefined) {}
  /** True when a day up to the mark is known to hold nothing (it is not in the manifest). */
  knownEmpty(manifest: Manifest, date: string): boolean {
    return !manifest.days[date] && this.through !== undefined && date <= this.through;
  }
  passed(out: DayOutcome): void {
    if (out.error || out.note === WAITS) this.open = false;
    if (this.open && (this.through === undefined || out.date > this.through)) this.through = out.date;
  }
}

async function deleteDay(
  deps: PruneDeps,
  o: PruneOptions,
  manifest: Manifest,
  date: string,
  today: string,
  out: DayOutcome,
  rec: RunRecorder,
  budget: RunBudget,
): Promise<void> {
  const entry = manifest.days[date];
  if (!entry || entry.documents === 0) return;
  // Deleted before (the manifest says so): only a day named with --date is looked at again (e.g. after a restore).
  if (entry.deleted_at && !o.date) return;
  if (budget.deletes <= 0) {
    out.note = 'delete budget of this run spent (--max-deletes): the next run goes on';
    return;
  }
  const docs = await readArchive(o.archiveDir, date, entry);
  const from = entry.deleted_upto ?? 0;
  if (from === 0) {
    const present = await Promise.all(probePaths(docs).map((p) => deps.store.get(p)));
    if (present.every((d) => d === undefined)) {
      out.note = 'already removed';
      await markDeleted(deps, o, manifest, date);
      return;
    }
  }
  const refused = docs.map((d) => ({ path: d.path, why: refusal(d, date, today, o.keepDays) })).filter((r) => r.why);
  if (refused.length)
    throw new Error(
      `refusing to delete ${refused.length} archived documents, e.g. ${refused[0]!.path}: ${refused[0]!.why}`,
    );
  out.deleted = 0;
  // In chunks, the progress noted in the manifest after each: a run killed mid-way resumes where it
  // stopped instead of deleting (and paying for) the same documents again.
  const chunk = o.deleteChunk ?? DELETE_CHUNK;
  for (let i = from; i < docs.length;) {
    if (budget.deletes <= 0) {
      out.note = `delete budget of this run spent (--max-deletes) after ${i} of ${docs.length}: the next run goes on`;
      deps.log.info({ date, deleted: out.deleted }, `prune ${date}: ${out.note}`);
      return;
    }
    const paths = docs.slice(i, i + Math.min(chunk, budget.deletes)).map((d) => d.path);
    budget.deletes -= paths.length;
    const report = await deps.store.deleteMany(paths);
    out.deleted += report.deleted;
    rec.count('deleted', report.deleted);
    for (const f of report.failed) rec.fail('document', f.path, f.error);
    if (report.failed.length)
      throw new Error(
        `${report.failed.length} documents not deleted (${out.deleted} were; a re-run goes on from document ${i + 1})`,
      );
    i += paths.length;
    manifest.days[date] = { ...manifest.days[date]!, deleted_upto: i };
    await writeManifest(o.archiveDir, manifest);
  }
  deps.log.info(
    { date, deleted: out.deleted, resumed_at: from || undefined },
    `prune ${date}: deleted ${out.deleted} documents${from ? ` (resumed after ${from})` : ''}`,
  );
  await markDeleted(deps, o, manifest, date);
}

/** Note in the manifest that the day is out of the store, so later runs need neither its file nor a probe. */
async function markDeleted(deps: PruneDeps, o: PruneOptions, manifest: Manifest, date: string): Promise<void> {
  const { deleted_upto: _progress, ...entry } = manifest.days[date]!;
  manifest.days[date] = { ...entry, deleted_at: iso(deps.clock.now()) };
  await writeManifest(o.archiveDir, manifest);
}

/** Archive (unless --phase delete) and delete (unless --phase archive) one day; a failure is noted on the day, not thrown. */
async function pruneDay(
  deps: PruneDeps,
  o: PruneOptions,
  manifest: Manifest,
  out: DayOutcome,
  today: string,
  rec: RunRecorder,
  budget: RunBudget,
): Promise<void> {
  const { date } = out;
  try {
    if (o.phase !== 'delete' && !manifest.days[date]) {
      if (budget.days <= 0) {
        out.note = WAITS;
        return;
      }
      await archiveDay(deps, o, manifest, date, out, rec);
      if (out.archived) budget.days -= 1;
    }
    if (o.phase !== 'archive') await deleteDay(deps, o, manifest, date, today, out, rec, budget);
  } catch (err) {
    out.error = err instanceof Error ? err.message : String(err);
    rec.fail('day', date, out.error);
  }
}

export async function runPrune(deps: PruneDeps, o: PruneOptions): Promise<PruneResult> {
  const today = jakartaDate(deps.clock.now());
  const rec = new RunRecorder({
    runType: 'prune',
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    date: today,
    stepSummaryPath: deps.stepSummaryPath,
  });
  const outcomes: DayOutcome[] = [];
  try {
    const last = lastPrunableDay(today, o.keepDays);
    if (o.date && o.date > last) {
      return {
        days: [],
        run: await rec.finish({
          status: 'failed',
          published: false,
          reason: `${o.date} is inside the retention window: the newest day prune may remove is ${last} (CINERADAR_RETENTION_DAYS=${o.keepDays})`,
        }),
      };
    }
    const days = o.date ? [o.date] : candidateDays(today, o.keepDays, o.lookback);
    rec.set({ phase: o.phase, keep_days: o.keepDays, days_considered: days.length, archive_dir: o.archiveDir });
    const manifest = await readManifest(o.archiveDir);
    const budget: RunBudget = { days: o.maxDays ?? DEFAULT_MAX_DAYS, deletes: o.maxDeletes ?? DEFAULT_MAX_DELETES };
    // Only a scheduled run that archives looks at every day, so only it moves the mark.
    const mark = !o.date && o.phase !== 'delete' ? new Watermark(manifest.checked_through) : undefined;
    for (const date of days) {
      if (mark?.knownEmpty(manifest, date)) continue;
      const out: DayOutcome = { date };
      outcomes.push(out);
      await pruneDay(deps, o, manifest, out, today, rec, budget);
      mark?.passed(out);
    }
    if (mark && mark.through !== manifest.checked_through) {
      manifest.checked_through = mark.through;
      await writeManifest(o.archiveDir, manifest);
    }
    rec.count('days_archived', outcomes.filter((d) => d.archived !== undefined).length);
    rec.count('days_deleted', outcomes.filter((d) => d.deleted !== undefined).length);
    const failed = outcomes.filter((d) => d.error).length;
    const run = await rec.finish({
      published: outcomes.length - failed,
      work: { unit: 'days', total: outcomes.length, failed, maxShare: 0 },
      notes: outcomes
        .filter((d) => d.archived !== undefined || d.deleted !== undefined)
        .map((d) => `${d.date}: ${d.archived ?? 0} archived, ${d.deleted ?? 0} deleted`),
    });
    return { days: outcomes, run };
  } catch (err) {
    return { days: outcomes, run: await rec.abort(err) };
  }
}
