/**
 * The demo's days (`npm run demo -- --days N`): each day of the simulator's season run with the
 * pipeline's own steps at pinned instants, so two demos with the same seed read the same seats.
 *
 * Per day: the clock is pinned at the day's morning instant (the demo's --now, one day later per
 * day); token, movies, schedules and seats morning run; then JIT passes through the day, one every
 * 30 minutes from the morning to the last start, each pinned at its tick and reading the shows that
 * start in the next 30 minutes, so every show has a reading before its start; then the summary
 * (the box office with it) at 23:59 WIB. One line per day says what the day measured against the
 * day before and the same weekday a week before.
 *
 * Why pinned: the simulator's seats are a pure function of the instant (scripts/tix-sim/season.ts).
 * A simulator clock running with real time made a reading depend on how fast the machine was (two
 * demo runs once differed by 3 admissions); the simulator's clock is now frozen and moved only by
 * the demo, while the pipeline's own clock (`DemoClock`) runs with real time from each pinned instant
 * (durations and timestamps in the run records stay real), never more than a pass's duration ahead:
 * the shows a pass selects start on 5-minute marks, so a few seconds ahead select the same ones.
 */
import { addDaysToDate, jakartaDate, JAKARTA, timeInZone, type Clock } from '../../shared/clock.js';
import type { Store } from '../../shared/store/store.js';
import type { DayDeps, DaySession } from '../pipeline/steps.js';
import type { StepName, StepRecord, StepStatus } from '../pipeline/outcome.js';
import type { SimClock, Simulator } from '../tix-sim/index.js';

/** The pipeline's clock in the demo: real time from the instant the demo pinned last (the simulator's clock stays on it). */
export class DemoClock implements Clock {
  private at: number;
  private anchor = Date.now();
  constructor(
    private readonly sim: SimClock,
    start: Date,
  ) {
    this.at = start.getTime();
    sim.set(start);
  }
  pin(at: Date): void {
    this.sim.set(at);
    this.at = at.getTime();
    this.anchor = Date.now();
  }
  now(): Date {
    return new Date(this.at + (Date.now() - this.anchor));
  }
  pinnedAt(): Date {
    return new Date(this.at);
  }
}

/** The JIT window the demo's passes use, minutes (the seat scraper's default). */
export const DEMO_JIT_WINDOW_MINUTES = 30;

/** Instants of a day's JIT passes: every `windowMinutes` from `from`, each with a show starting in (t, t + window]. */
export function jitTicks(starts: readonly number[], from: number, windowMinutes = DEMO_JIT_WINDOW_MINUTES): number[] {
  const step = windowMinutes * 60_000;
  const future = starts.filter((s) => s > from).sort((a, b) => a - b);
  const out: number[] = [];
  if (future.length === 0) return out;
  const first = Math.ceil(from / step) * step;
  for (let t = first, i = 0; t < future[future.length - 1]!; t += step) {
    while (i < future.length && future[i]! <= t) i++;
    if (i < future.length && future[i]! <= t + step) out.push(t);
  }
  return out;
}

const WORST: readonly StepStatus[] = ['cancelled', 'failed', 'partial', 'success', 'not run'];

/** Several records of one step as one: the worst status, durations, requests and counts summed. */
export function mergeRecords(step: StepName, records: readonly StepRecord[], detail: string): StepRecord {
  const status = WORST.find((s) => records.some((r) => r.status === s)) ?? 'not run';
  const counts: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v;
  return {
    step,
    status,
    durationMs: records.reduce((n, r) => n + r.durationMs, 0),
    requests: records.reduce((n, r) => n + r.requests, 0),
    retries: records.reduce((n, r) => n + r.retries, 0),
    detail,
    counts,
  };
}

const pct = (now: number, then: number | undefined): string =>
  then === undefined || then === 0 ? 'n/a' : `${now >= then ? '+' : ''}${(((now - then) / then) * 100).toFixed(1)}%`;

/** The day's line: admissions and seats from daily_summaries, against the day before and a week before. */
export async function dayLine(store: Store, date: string): Promise<string> {
  const get = async (d: string) =>
    (await store.get(`daily_summaries/${d}`)) as { total_audience?: number; total_seats?: number } | undefined;
  const [today, yesterday, lastWeek] = await Promise.all([
    get(date),
    get(addDaysToDate(date, -1)),
    get(addDaysToDate(date, -7)),
  ]);
  if (!today?.total_audience) return `  ${date}: no daily summary`;
  const a = today.total_audience;
  return (
    `  ${date}: ${a.toLocaleString('en-US')} admissions of ${(today.total_seats ?? 0).toLocaleString('en-US')} seats; ` +
    `vs the day before ${pct(a, yesterday?.total_audience)}, vs a week before ${pct(a, lastWeek?.total_audience)}`
  );
}

export interface DemoDayContext {
  sim: Simulator;
  clock: DemoClock;
  deps: DayDeps;
  session: DaySession;
  steps: typeof import('../pipeline/steps.js');
  say: (line: string) => void;
  report: (r: StepRecord) => void;
}

/** The JIT passes of a day, pinned at each tick; one merged record. */
async function jitDay(c: DemoDayContext, date: string, from: number): Promise<StepRecord> {
  const starts = c.sim.dayOf(date).showtimes.map((s) => Date.parse(s.startsAt));
  const ticks = jitTicks(starts, from);
  const passes: StepRecord[] = [];
  for (const t of ticks) {
    c.clock.pin(new Date(t));
    passes.push(
      await c.steps.runStep('seats-jit', c.deps, c.session, { date, jitWindowMinutes: DEMO_JIT_WINDOW_MINUTES }),
    );
  }
  const hhmm = (t: number | undefined) => (t === undefined ? '–' : timeInZone(new Date(t), JAKARTA));
  const read = passes.reduce((n, r) => n + (r.counts.showtimes_success ?? 0), 0);
  return mergeRecords(
    'seats-jit',
    passes,
    `${passes.length} passes every ${DEMO_JIT_WINDOW_MINUTES} min, ${hhmm(ticks[0])}–${hhmm(ticks.at(-1))} WIB: ${read} of ${starts.length} shows read in the ${DEMO_JIT_WINDOW_MINUTES} min before their start`,
  );
}

/** A step that did not do its work (failed, cancelled or not run) among `records`: the day stops there. */
function stopsTheDay(records: readonly StepRecord[]): boolean {
  return records.some((r) => r.status === 'failed' || r.status === 'cancelled' || r.status === 'not run');
}

/** The morning job of `date` (token, movies, schedules, seats morning), each step reported as it ends. */
function morningJob(c: DemoDayContext, date: string): Promise<StepRecord[]> {
  return c.steps.runSteps(
    ['token', 'movies', 'schedules', 'seats-morning'],
    c.deps,
    c.session,
    { date },
    { after: (r) => c.report(r) },
  );
}

/** One day: the morning job, the JIT passes, the summary at 23:59 WIB. Stops after a failed morning step. */
export async function runDemoDay(c: DemoDayContext, morning: Date): Promise<StepRecord[]> {
  const date = jakartaDate(morning);
  c.clock.pin(morning);
  const records = await morningJob(c, date);
  if (stopsTheDay(records)) return records;
  const jit = await jitDay(c, date, morning.getTime());
  c.report(jit);
  c.clock.pin(new Date(`${date}T23:59:00+07:00`));
  const summary = await c.steps.runStep('summary', c.deps, c.session, { date });
  c.report(summary);
  c.say(await dayLine(c.deps.store, date));
  return [...records, jit, summary];
}

/** The final table's rows for several days: one row per step, over all days. */
export function daysTable(records: readonly StepRecord[], days: number): StepRecord[] {
  const steps = [...new Set(records.map((r) => r.step))];
  return steps.map((step) => {
    const of = records.filter((r) => r.step === step);
    return mergeRecords(
      step,
      of,
      of.length === days ? `${days} days; last: ${of.at(-1)!.detail}` : `${of.length} runs; last: ${of.at(-1)!.detail}`,
    );
  });
}

/** The single day (`--days 1`): the morning job, one JIT pass at the day's busiest tick, the summary. */
export async function runBusiestDay(c: DemoDayContext, date: string): Promise<StepRecord[]> {
  const { busiestJitTick } = await import('../bench/report.js');
  c.say('\nThe morning job (npm run pipeline):');
  const records = await morningJob(c, date);
  if (stopsTheDay(records)) return records;
  const starts = c.sim.dayOf(date).showtimes.map((s) => Date.parse(s.startsAt));
  const tick = busiestJitTick(starts, c.clock.now().getTime());
  if (tick) {
    c.clock.pin(new Date(tick.at));
    c.say(
      `\nClock moved to ${new Date(tick.at).toISOString()} (the busiest JIT tick: ${tick.count} shows start within ${DEMO_JIT_WINDOW_MINUTES} minutes):`,
    );
    const jit = await c.steps.runStep('seats-jit', c.deps, c.session, { date });
    records.push(jit);
    c.report(jit);
  } else {
    c.say('\nNo show starts after the pinned time: no JIT pass.');
  }
  c.say('\nThe nightly summary:');
  const summary = await c.steps.runStep('summary', c.deps, c.session, { date });
  records.push(summary);
  c.report(summary);
  return records;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** `--days N`: N days one after the other, from the morning of `start`; stops after a day whose morning job failed. */
export async function runDays(c: DemoDayContext, start: Date, days: number): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for (let d = 0; d < days; d++) {
    const morning = new Date(start.getTime() + d * 86_400_000);
    const date = jakartaDate(morning);
    const day = c.sim.dayOf(date);
    c.say(
      `\nDay ${d + 1} of ${days}: ${date}, ${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]} (${day.dayType}), clock pinned at ${morning.toISOString()}; ` +
        `${day.movies.length} movies (${day.movies.filter((m) => m.weekOfRun === 1).length} in their first week), ${day.showtimes.length} showtimes:`,
    );
    const ran = await runDemoDay(c, morning);
    records.push(...ran);
    if (stopsTheDay(ran)) break;
  }
  return records;
}
