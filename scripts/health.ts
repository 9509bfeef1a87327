/**
 * `npm run health -- [--date D]`: is the published data there and whole? Reads the store as the
 * consumers do and names each problem (scripts/health/check.ts); records a `health` run.
 */
import { argDate } from '../shared/args.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import type { Runtime } from '../shared/runtime.js';
import type { FirestoreStore } from '../shared/store/firestore-store.js';
import type { MonitoringAccess, ReadsUsed } from './health/reads.js';

export const command = defineCommand({
  name: 'health',
  invoke: 'npm run health --',
  summary: 'checks the published day: latest is today, counts vs the last good day, JIT readings, summary, token life',
  docs: 'docs/operations.md#health-check',
  description:
    'Reads snapshots, schedules, seat_snapshots, daily_summaries and the token document the way the consumers do and prints ' +
    'one line per problem: snapshots/latest not today after 07:00 WIB; fewer cities, theatres or showtimes than the last good ' +
    'day by more than 20%; shows that started without a JIT reading (over 10%); the summary missing after 00:30 WIB; the ' +
    "refresh token's life under a week. On the real Firestore it also prints the document reads used today (Cloud Monitoring; " +
    'a problem over 80% of the 50,000 quota; one line, not a problem, when the service account may not read Monitoring). ' +
    'A day made under a pinned clock (the demo; its runs record clock_pinned_at) is judged as of its last run, said in one line. ' +
    'Records a health run in run_log.',
  options: {
    date: { type: 'string', value: 'YYYY-MM-DD', defaultText: 'today (Asia/Jakarta)', description: 'check this day' },
  },
  env: [...STORE_ENV, 'MONITORING_BASE', 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: { 0: 'healthy', 1: 'at least one problem (each printed on its own line)', ...USAGE_EXIT },
  examples: ['npm run health', 'npm run health -- --date 2026-01-19'],
});

export interface HealthCliOptions {
  date: string | undefined;
}

export function healthOptions({ values }: Parsed<typeof command.options>): HealthCliOptions {
  return { date: argDate(values.date) };
}

/**
 * How to ask Cloud Monitoring: only on the real Firestore with a credential (not the emulator, not
 * the file store), else the reason it is not asked.
 */
export function monitoringAccess(rt: Runtime): MonitoringAccess | string {
  const s = rt.config.store;
  if (s.kind === 'file') return 'file store';
  if (!s.real || rt.store.kind !== 'firestore') return 'Firestore emulator';
  const token = (rt.store as FirestoreStore).accessToken();
  if (!token) return 'no credential';
  return { base: rt.config.monitoringBase, projectId: s.projectId, token };
}

export async function runHealthCli(
  rt: Runtime,
  o: HealthCliOptions,
  out: (s: string) => void = (s) => process.stdout.write(s),
  monitoring: MonitoringAccess | string = monitoringAccess(rt),
): Promise<number> {
  const { runHealth } = await import('./health/check.js');
  const { readsLine, readsUsedToday } = await import('./health/reads.js');
  const reads = (): Promise<ReadsUsed> =>
    typeof monitoring === 'string'
      ? Promise.resolve({ kind: 'not-applicable', detail: monitoring })
      : readsUsedToday(monitoring, rt.clock.now());
  const { report, run } = await runHealth(
    { store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary, reads },
    { date: o.date },
  );
  for (const n of report.notes) out(`health ${report.date}: ${n}\n`);
  if (report.reads) out(`health ${report.date}: ${readsLine(report.reads)}\n`);
  for (const k of report.skipped) out(`health ${report.date}: not checked: ${k}\n`);
  if (report.problems.length === 0)
    out(`health ${report.date}: ok${report.skipped.length ? ' (everything that could be checked)' : ''}\n`);
  else for (const p of report.problems) out(`health ${report.date}: ${p}\n`);
  return run.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, HealthCliOptions>({
    def: command,
    options: healthOptions,
    run: (rt, o) => runHealthCli(rt, o),
    starting: (o) => `health: checking ${o.date ?? 'today'}`,
  });
}
