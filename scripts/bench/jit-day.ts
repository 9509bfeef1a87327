/**
 * A national day of the JIT workflow's real schedule (scrapers/seats/budget.ts: JIT_CRON) under
 * GitHub's cron faults, as a pure, seeded simulation: a share of the scheduled runs start late (by a
 * uniform 10–25 minutes), a share never run, the rest start on time; the runs are serialised in
 * start order like the workflow's concurrency group. Each run is one JIT pass choosing its shows
 * with the scraper's own `selectShowtimes` (start within the window, not read by an earlier pass).
 *
 * A show is covered when one pass read it between 30 and 0 minutes before its start; a show read
 * by two passes is "read twice" (the selection's memory should make that 0).
 *
 * Store reads: a pass takes its due shows from the day index and the window's slot documents
 * (scrapers/seats/window.ts) and reads a showtimes document only for a due show no slot holds yet:
 * one the morning pass did not store (`inSlots` false) and no earlier JIT pass read (reading it
 * puts its record in its slot).
 */
import { JIT_CRON_HOURS_UTC, JIT_CRON_MINUTES } from '../../scrapers/seats/budget.js';
import { DEFAULT_JIT_WINDOW_MINUTES, selectShowtimes, type ShowtimeTarget } from '../../scrapers/seats/select.js';
import { Rng } from '../tix-sim/rng.js';

export interface JitFaults {
  /** Share of runs that start late (default 0.2). */
  lateShare: number;
  lateMinMinutes: number;
  lateMaxMinutes: number;
  /** Share of runs GitHub never starts (default 0.05). */
  dropShare: number;
  seed: number;
}

export const DEFAULT_FAULTS: JitFaults = {
  lateShare: 0.2,
  lateMinMinutes: 10,
  lateMaxMinutes: 25,
  dropShare: 0.05,
  seed: 1,
};

export interface JitDayInput {
  /** The day (Asia/Jakarta) whose schedule runs: cron hours are UTC, on this date's UTC day and the one before. */
  date: string;
  /** Each show's start instant (ms). */
  starts: readonly number[];
  /** Each show's showtimes document (`{movie_id}_{city_id}`), to count what the passes read. */
  docs?: readonly string[];
  /** Whether each show is in the slot documents before the first JIT pass (the morning pass stored it). Default: every show. */
  inSlots?: readonly boolean[];
  windowMinutes?: number;
  /** Minutes past each hour the cron fires (default: the workflow's). For comparing schedules. */
  cronMinutes?: readonly number[];
  faults?: Partial<JitFaults>;
  /** Runner cost model: job set-up (checkout, setup-node, npm ci) in seconds. */
  jobSetupSeconds: number;
  /** Seconds a pass needs per show read (1 / the effective request rate). */
  secondsPerShow: number;
  /** Fixed seconds of a pass (process start, store reads, run record). */
  passFixedSeconds: number;
}

export interface JitDay {
  shows: number;
  scheduledRuns: number;
  droppedRuns: number;
  lateRuns: number;
  /** Shows read 30–0 minutes before their start, as a share of the day's shows. */
  coverage: number;
  uncovered: number;
  readTwice: number;
  /** GitHub Actions minutes a day (each job billed in whole minutes). */
  runnerMinutes: number;
  /** The most shows one pass read. */
  maxShowsPerPass: number;
  /** Showtimes documents the passes read (each pass: the documents of its due shows no slot holds). */
  documentReads: number;
  /** What the passes would read if each read every document with a show in its window (the design before the slot documents). */
  documentReadsWithoutSlots: number;
  /** Passes that ran. */
  passes: number;
}

/** The cron's scheduled instants for a Jakarta date: 00:06–16:56 UTC of that same calendar date = 07:06–23:56 WIB. */
export function scheduledRuns(date: string, minutes: readonly number[] = JIT_CRON_MINUTES): number[] {
  const base = Date.parse(`${date}T00:00:00Z`);
  const out: number[] = [];
  for (let h = JIT_CRON_HOURS_UTC.first; h <= JIT_CRON_HOURS_UTC.last; h++)
    for (const m of minutes) out.push(base + (h * 60 + m) * 60_000);
  return out;
}

export function simulateJitDay(input: JitDayInput): JitDay {
  const f = { ...DEFAULT_FAULTS, ...input.faults };
  const rng = new Rng(f.seed);
  const rand = () => rng.next();
  const window = input.windowMinutes ?? DEFAULT_JIT_WINDOW_MINUTES;
  const planned = scheduledRuns(input.date, input.cronMinutes);
  let dropped = 0;
  let late = 0;
  const starts: number[] = [];
  for (const t of planned) {
    const r = rand();
    if (r < f.dropShare) {
      dropped++;
      continue;
    }
    if (r < f.dropShare + f.lateShare) {
      late++;
      starts.push(t + (f.lateMinMinutes + rand() * (f.lateMaxMinutes - f.lateMinMinutes)) * 60_000);
    } else starts.push(t);
  }
  starts.sort((a, b) => a - b);

  const targets = input.starts.map((s, i) => ({ showtime_id: String(i), startsAt: new Date(s) }) as ShowtimeTarget);
  const readAt = new Map<string, number>();
  let readTwice = 0;
  let runnerMinutes = 0;
  let maxShows = 0;
  let documentReads = 0;
  let documentReadsWithoutSlots = 0;
  const byStart = input.starts
    .map((s, i) => ({ s, id: String(i), doc: input.docs?.[i] ?? '', inSlots: input.inSlots?.[i] ?? true }))
    .sort((a, b) => a.s - b.s);
  /** Documents with a show due in (from, to]: all of them, and those of due shows no slot holds. */
  const docsDue = (from: number, to: number) => {
    const all = new Set<string>();
    const lacking = new Set<string>();
    for (const x of byStart) {
      if (!(x.s > from && x.s <= to)) continue;
      all.add(x.doc);
      if (!x.inSlots && !readAt.has(x.id)) lacking.add(x.doc);
    }
    return { all: all.size, lacking: lacking.size };
  };
  let free = -Infinity; // the concurrency group: a run waits for the one before to finish
  for (const scheduledStart of starts) {
    const jobStart = Math.max(scheduledStart, free);
    const passStart = jobStart + input.jobSetupSeconds * 1000;
    if (input.docs) {
      const due = docsDue(passStart, passStart + window * 60_000);
      documentReads += due.lacking;
      documentReadsWithoutSlots += due.all;
    }
    const chosen = selectShowtimes(targets, {
      mode: 'jit',
      now: new Date(passStart),
      windowMinutes: window,
      jitTaken: new Set(readAt.keys()),
    });
    const seconds = input.jobSetupSeconds + input.passFixedSeconds + chosen.length * input.secondsPerShow;
    chosen.forEach((s, i) => {
      if (readAt.has(s.showtime_id)) readTwice++;
      readAt.set(s.showtime_id, passStart + (input.passFixedSeconds + i * input.secondsPerShow) * 1000);
    });
    maxShows = Math.max(maxShows, chosen.length);
    runnerMinutes += Math.max(1, Math.ceil(seconds / 60));
    free = jobStart + seconds * 1000;
  }
  let covered = 0;
  for (const t of targets) {
    const at = readAt.get(t.showtime_id);
    const before = at === undefined ? -1 : t.startsAt.getTime() - at;
    if (before > 0 && before <= 30 * 60_000) covered++;
  }
  const shows = targets.length;
  return {
    shows,
    scheduledRuns: planned.length,
    droppedRuns: dropped,
    lateRuns: late,
    coverage: shows ? covered / shows : 1,
    uncovered: shows - covered,
    readTwice,
    runnerMinutes,
    maxShowsPerPass: maxShows,
    documentReads,
    documentReadsWithoutSlots,
    passes: starts.length,
  };
}
