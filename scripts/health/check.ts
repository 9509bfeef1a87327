/**
 * The health check of the published data: reads the store the way the consumers do and names each
 * problem. Rules (docs/operations.md, "Health check"):
 *
 *   - after 07:00 WIB, `snapshots/latest` is today's;
 *   - the day has no fewer cities, theatres or showtimes than the last good day (the newest of the
 *     seven days before with a snapshot) by more than DROP_THRESHOLD (20%);
 *   - shows that started more than 20 minutes ago, from 08:00 WIB (the earliest first shows, in WIT
 *     cities; the first JIT pass is at 07:06 WIB), have a JIT reading (`seat_snapshots` with
 *     snapshot_type 'jit'): at most 10% may lack one;
 *   - after 00:30 WIB, yesterday's `daily_summaries/{date}` exists, and its `box_office/{date}`
 *     exists and agrees with it (admissions, seats, shows read: box-office.ts);
 *   - the stored refresh token has at least a week left.
 *
 * Only today's date runs the time-of-day rules; `--date D` for a past day checks its counts, JIT
 * coverage (of the whole day) and summary.
 */
import {
  addDaysToDate,
  iso,
  JAKARTA,
  jakartaDate,
  localToInstant,
  minutesIntoDay,
  timeInZone,
} from '../../shared/clock.js';
import { RunRecorder, type RunRecord } from '../../shared/run/recorder.js';
import { ShowtimesDoc, SnapshotDoc } from '../../shared/store/documents.js';
import type { Store } from '../../shared/store/store.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { TOKEN_DOC } from '../../shared/token/manager.js';
import { summaryProblems } from './box-office.js';
import { dayJudging } from './pinned.js';
import { readsProblem, type ReadsUsed } from './reads.js';
import { counted } from '../../shared/words.js';

export const DROP_THRESHOLD = 0.2;
export const JIT_MISSING_MAX_SHARE = 0.1;
export const JIT_GRACE_MINUTES = 20;
export const TOKEN_MIN_DAYS = 7;

export interface DayFigures {
  date: string;
  cities: number;
  movies: number;
  theatres: number;
  showtimes: number;
}

export interface HealthReport {
  date: string;
  problems: string[];
  /** The check each problem comes from (same order as `problems`): the item of its run failure. */
  checks: string[];
  /** Checks that could not be made, each with why (a store holding a single day has no day before). */
  skipped: string[];
  today: DayFigures | undefined;
  lastGood: DayFigures | undefined;
  jit: { started: number; withReading: number } | undefined;
  /** Reads used today (Cloud Monitoring), when health was given a way to ask (scripts/health/reads.ts). */
  reads?: ReadsUsed;
  /** Lines that say how the day was judged (a pinned day, scripts/health/pinned.ts); not problems. */
  notes: string[];
}

async function dayFigures(
  store: Store,
  date: string,
): Promise<{ figures: DayFigures; showtimes: ShowtimesDoc[] } | undefined> {
  const snap = SnapshotDoc.safeParse(await store.get(`snapshots/${date}`));
  if (!snap.success) return undefined;
  const docs = (await store.list(`schedules/${date}/showtimes`)).flatMap((d) => {
    const p = ShowtimesDoc.safeParse(d.data);
    return p.success ? [p.data] : [];
  });
  const theatres = new Set<string>();
  const shows = new Set<string>();
  for (const doc of docs) {
    for (const t of doc.theatres) {
      theatres.add(t.theatre_id);
      for (const r of t.rooms) for (const s of r.all_showtimes) shows.add(s.showtime_id);
    }
  }
  return {
    figures: {
      date,
      cities: snap.data.summary.total_cities,
      movies: snap.data.summary.total_movies,
      theatres: theatres.size,
      showtimes: shows.size,
    },
    showtimes: docs,
  };
}

/** The checks, by the name their failures are recorded under (never words of the problem lines). */
export type HealthCheck =
  'latest-today' | 'day-snapshot' | 'day-counts' | 'jit-coverage' | 'summary-box-office' | 'token-life' | 'reads-quota';

/**
 * `jitFrom`: a pinned day's first JIT pass (scripts/health/pinned.ts); the shows that started
 * before it could not have been read, so JIT readings are counted from it (never before 08:00).
 */
export async function checkHealth(
  store: Store,
  now: Date,
  date: string = jakartaDate(now),
  opts: { jitFrom?: Date } = {},
): Promise<HealthReport> {
  const problems: string[] = [];
  const checks: HealthCheck[] = [];
  const skipped: string[] = [];
  const problem = (check: HealthCheck, text: string): void => {
    problems.push(text);
    checks.push(check);
  };
  const isToday = date === jakartaDate(now);

  // 1. snapshots/latest is today's after 07:00 WIB
  if (isToday && minutesIntoDay(now) >= 7 * 60) {
    const latest = SnapshotDoc.safeParse(await store.get('snapshots/latest'));
    if (!latest.success) problem('latest-today', 'snapshots/latest is missing or unreadable');
    else if (latest.data.date !== date)
      problem('latest-today', `snapshots/latest is for ${latest.data.date}, not today (${date}), after 07:00 WIB`);
  }

  // 2. the day's counts against the last good day
  const day = await dayFigures(store, date);
  let lastGood: DayFigures | undefined;
  for (let back = 1; back <= 7 && !lastGood; back++)
    lastGood = (await dayFigures(store, addDaysToDate(date, -back)))?.figures;
  if (!day) {
    if (!isToday || minutesIntoDay(now) >= 7 * 60)
      problem('day-snapshot', `snapshots/${date} is missing: no movies scraped for the day`);
  } else if (!lastGood) {
    skipped.push(`counts: the store holds no earlier day (none of the 7 before ${date}) to compare with`);
  } else {
    for (const k of ['cities', 'theatres', 'showtimes'] as const) {
      const was = lastGood[k];
      const is = day.figures[k];
      if (was > 0 && (was - is) / was > DROP_THRESHOLD) {
        problem(
          'day-counts',
          `${k}: ${is} on ${date}, ${Math.round(((was - is) / was) * 100)}% fewer than ${was} on ${lastGood.date} (more than ${DROP_THRESHOLD * 100}%)`,
        );
      }
    }
  }

  // 3. JIT readings for the shows that started
  let jit: HealthReport['jit'];
  if (day) {
    const cutoff = isToday ? now.getTime() - JIT_GRACE_MINUTES * 60_000 : Number.POSITIVE_INFINITY;
    const firstPass = Math.max(localToInstant(date, '08:00', 'Asia/Jakarta').getTime(), opts.jitFrom?.getTime() ?? 0);
    const started = new Set<string>();
    for (const doc of day.showtimes) {
      for (const t of doc.theatres) {
        for (const r of t.rooms) {
          for (const s of r.all_showtimes) {
            const at = localToInstant(date, s.time, doc.zone).getTime();
            if (at >= firstPass && at <= cutoff) started.add(s.showtime_id);
          }
        }
      }
    }
    if (started.size > 0) {
      const readings = await store.list('seat_snapshots', {
        where: { date, snapshot_type: 'jit' },
        fields: ['showtime_id'],
      });
      const read = new Set(readings.map((r) => String(r.data.showtime_id)));
      const withReading = [...started].filter((id) => read.has(id)).length;
      jit = { started: started.size, withReading };
      const missing = started.size - withReading;
      if (missing / started.size > JIT_MISSING_MAX_SHARE) {
        problem(
          'jit-coverage',
          `${missing} of ${started.size} shows that started have no JIT reading (more than ${JIT_MISSING_MAX_SHARE * 100}%)`,
        );
      }
    } else if (opts.jitFrom) {
      skipped.push(
        `JIT readings: no show started between the first JIT pass (${timeInZone(opts.jitFrom, JAKARTA)} WIB) and ${JIT_GRACE_MINUTES} min before ${timeInZone(now, JAKARTA)} WIB`,
      );
    }
  }

  // 4. yesterday's summary and box office after 00:30 WIB (or the day's, for a past day)
  const summaryDate = isToday ? addDaysToDate(date, -1) : date;
  if (!isToday || minutesIntoDay(now) >= 30) {
    if (isToday && !lastGood && !(await store.get(`daily_summaries/${summaryDate}`))) {
      // A store that starts today (the demo's) cannot hold yesterday's summary: not a problem, said.
      skipped.push(
        `daily_summaries/${summaryDate} and box_office/${summaryDate}: the store holds no day before ${date}`,
      );
    } else {
      for (const p of await summaryProblems(store, summaryDate, isToday ? ' after 00:30 WIB' : ''))
        problem('summary-box-office', p);
    }
  }

  // 5. the refresh token's life
  const token = await store.get(TOKEN_DOC);
  const refreshAt = typeof token?.refresh_expires_at === 'string' ? Date.parse(token.refresh_expires_at) : NaN;
  if (!token) problem('token-life', `${TOKEN_DOC} is missing: no TIX.id token stored`);
  else if (Number.isNaN(refreshAt)) problem('token-life', `${TOKEN_DOC} has no readable refresh_expires_at`);
  else if (refreshAt - now.getTime() < TOKEN_MIN_DAYS * 86_400_000) {
    const days = Math.max(0, (refreshAt - now.getTime()) / 86_400_000);
    problem(
      'token-life',
      `the refresh token expires in ${days.toFixed(1)} days (${iso(new Date(refreshAt))}), under ${TOKEN_MIN_DAYS}: run the token-refresh workflow (login)`,
    );
  }

  return { date, problems, checks, skipped, today: day?.figures, lastGood, jit, notes: [] };
}

/**
 * Run the check and record a `health` run (run_log only). Exit code: 0 healthy, 1 a problem. Never
 * throws: a check that crashed is recorded as a failed run and returned with `crashed`.
 */
export async function runHealth(
  deps: { store: Store; clock: Clock; log: Logger; stepSummaryPath?: string; reads?: () => Promise<ReadsUsed> },
  opts: { date?: string } = {},
): Promise<{ report: HealthReport; run: RunRecord; crashed?: string }> {
  const realNow = deps.clock.now();
  const date = opts.date ?? jakartaDate(realNow);
  // Health prints each problem on stdout, once: the recorder records them without logging them again.
  const recorder = new RunRecorder({
    runType: 'health',
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    date,
    printsFailures: true,
    ...(deps.stepSummaryPath ? { stepSummaryPath: deps.stepSummaryPath } : {}),
  });
  try {
    // A day made under a pinned clock (the demo) is judged as of its last run (scripts/health/pinned.ts).
    const { pinned, note } = await dayJudging(deps.store, date, !opts.date);
    const report = await checkHealth(
      deps.store,
      pinned?.judgedAt ?? realNow,
      date,
      pinned?.firstJitAt ? { jitFrom: pinned.firstJitAt } : {},
    );
    if (note) report.notes.push(note);
    if (deps.reads) {
      try {
        report.reads = await deps.reads();
        const p = readsProblem(report.reads);
        if (p) {
          report.problems.push(p);
          report.checks.push('reads-quota');
        }
      } catch (err) {
        report.problems.push(
          `reads: Cloud Monitoring could not be asked: ${err instanceof Error ? err.message : String(err)}`,
        );
        report.checks.push('reads-quota');
      }
    }
    // The item is the check's name, so a problem's text (colons and all) stays whole as its cause.
    report.problems.forEach((p, i) => recorder.fail('check', report.checks[i]!, p));
    recorder.set({
      problems: report.problems,
      ...(report.skipped.length ? { skipped_checks: report.skipped } : {}),
      ...(pinned ? { judged_as_of: iso(pinned.judgedAt) } : {}),
      ...(report.today ? { day: { ...report.today } } : {}),
      ...(report.lastGood ? { last_good_day: { ...report.lastGood } } : {}),
      ...(report.reads?.kind === 'used' ? { reads_today: report.reads.reads } : {}),
      ...(report.jit ? { jit_started: report.jit.started, jit_with_reading: report.jit.withReading } : {}),
    });
    const run = await recorder.finish(
      report.problems.length
        ? {
            published: true,
            status: 'failed',
            reason: `${counted(report.problems.length, 'problem')} (${[...new Set(report.checks)].join(', ')}), each printed on its own line and kept in this record's problems`,
          }
        : { published: true, notes: [`${date}: healthy`] },
    );
    return { report, run };
  } catch (err) {
    // The check itself crashed: recorded as a failed run, and said as the report's one problem.
    const run = await recorder.abort(err);
    const crashed = err instanceof Error ? err.message : String(err);
    return {
      report: {
        date,
        problems: [`the check could not run: ${crashed}`],
        checks: [],
        skipped: [],
        today: undefined,
        lastGood: undefined,
        jit: undefined,
        notes: [],
      },
      run,
      crashed,
    };
  }
}
