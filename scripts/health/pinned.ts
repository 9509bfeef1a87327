/**
 * A day made under a pinned clock (the demo, or CINERADAR_NOW): its runs record `clock_pinned_at`
 * (shared/run/recorder.ts). When every run that made the day's data was pinned, health judges the
 * day as of the end of its last run, not of real time: the demo's frozen day does not turn into
 * "JIT passes stopped" once real time passes its pinned morning. A day with one unpinned run is
 * judged as every real day is.
 */
import { addDaysToDate, timeInZone, JAKARTA } from '../../shared/clock.js';
import { RUN_LOG } from '../../shared/run/report.js';
import type { Store } from '../../shared/store/store.js';

/** The runs that write what health checks (token, geocode, health, prune, … do not make the day). */
const DAY_MAKING_RUNS = new Set(['movies', 'schedules', 'seats', 'summary']);

export interface PinnedDay {
  /** The end of the day's last run: the instant the day is judged as of. */
  judgedAt: Date;
  /** The start of the day's first JIT pass, when it had one: JIT readings are counted from there. */
  firstJitAt: Date | undefined;
  runs: number;
}

interface DayRun {
  runType: string;
  mode: string | undefined;
  pinned: boolean;
  startedAt: number;
  finishedAt: number;
}

async function dayRuns(store: Store, date: string): Promise<DayRun[]> {
  const docs = await store.list(RUN_LOG, { where: { date } });
  return docs
    .map((d) => d.data)
    .filter((r) => DAY_MAKING_RUNS.has(String(r.run_type)))
    .map((r) => ({
      runType: String(r.run_type),
      mode: typeof r.mode === 'string' ? r.mode : undefined,
      pinned: typeof r.clock_pinned_at === 'string',
      startedAt: Date.parse(String(r.started_at ?? r.timestamp)),
      finishedAt: Date.parse(String(r.finished_at ?? r.timestamp)),
    }))
    .filter((r) => !Number.isNaN(r.startedAt) && !Number.isNaN(r.finishedAt));
}

/** The day's pinned facts from its runs when every one was pinned; undefined for a real day or a day without runs. */
function pinnedOf(runs: DayRun[]): PinnedDay | undefined {
  if (runs.length === 0 || runs.some((r) => !r.pinned)) return undefined;
  const jit = runs.filter((r) => r.runType === 'seats' && r.mode === 'jit').map((r) => r.startedAt);
  return {
    judgedAt: new Date(Math.max(...runs.map((r) => r.finishedAt))),
    firstJitAt: jit.length ? new Date(Math.min(...jit)) : undefined,
    runs: runs.length,
  };
}

/** The line that says how a pinned day was judged. */
export function pinnedLine(p: PinnedDay): string {
  const jit = p.firstJitAt
    ? `; JIT readings counted from its first JIT pass (${timeInZone(p.firstJitAt, JAKARTA)} WIB)`
    : '';
  return `this day was made under a pinned clock (the demo): judged as of ${timeInZone(p.judgedAt, JAKARTA)} WIB, the end of its last run${jit}`;
}

/**
 * How to judge `date`: `pinned` when every run that made it was pinned. With `lookBack` (today,
 * no --date) and no run of its own yet, `note` points at the newest earlier day (of the 7 before)
 * when that day was pinned (the demo's, run before midnight WIB).
 */
export async function dayJudging(
  store: Store,
  date: string,
  lookBack: boolean,
): Promise<{ pinned?: PinnedDay; note?: string }> {
  const runs = await dayRuns(store, date);
  const pinned = pinnedOf(runs);
  if (pinned) return { pinned, note: pinnedLine(pinned) };
  if (runs.length > 0 || !lookBack) return {};
  for (let back = 1; back <= 7; back++) {
    const before = addDaysToDate(date, -back);
    const earlier = await dayRuns(store, before);
    if (earlier.length === 0) continue;
    if (!pinnedOf(earlier)) return {};
    return {
      note: `no run made today's data; ${before} was made under a pinned clock (the demo): check it with npm run health -- --date ${before}`,
    };
  }
  return {};
}
