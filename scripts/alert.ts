/**
 * `tsx scripts/alert.ts`: the failure reporter of the scheduled workflows (report-failure.yml runs
 * it after every scheduled run, failed or not). One open issue per failing workflow:
 *
 *   - a failed run with no open issue opens one ("Scheduled run failed: {workflow}");
 *   - a failed run with an open issue comments at most once per day (Asia/Jakarta) per workflow,
 *     with the count of failed runs since the last notice; in between it only updates the count
 *     kept in the issue body (a hidden marker), so a broken JIT workflow is one comment a day, not 102;
 *   - the first successful run after it comments "recovered" and closes the issue.
 *
 * Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default
 * https://api.github.com; tests point it at a loopback fake), WORKFLOW_NAME, OUTCOME
 * (`failure` | `success`), RUN_URL (the run's page), ALERT_NOW (an ISO instant, tests only).
 * Exit 0 when the issue is in the right state, 1 when the GitHub API refused, 2 on bad input.
 */
import { jakartaDate } from '../shared/clock.js';
import { defineCommand, isMain, startStandalone, USAGE_EXIT } from '../shared/cli.js';
import { counted } from '../shared/words.js';

export interface AlertInput {
  apiUrl: string;
  token: string;
  repository: string;
  workflow: string;
  outcome: 'failure' | 'success';
  runUrl: string;
  now: Date;
}

/** What the reporter keeps in the issue body between runs. */
export interface AlertState {
  workflow: string;
  opened_at: string;
  last_notice_at: string;
  /** Failed runs since the last notice (the opening or the last comment), this one included. */
  failed_since_notice: number;
  failed_total: number;
}

export type AlertAction = 'opened' | 'commented' | 'counted' | 'closed' | 'nothing';

interface Issue {
  number: number;
  title: string;
  body?: string | null;
  pull_request?: unknown;
}

const MARKER = /<!-- cineradar-alert (\{.*?\}) -->/;

export const issueTitle = (workflow: string) => `Scheduled run failed: ${workflow}`;

export function readState(body: string | null | undefined): AlertState | undefined {
  const m = MARKER.exec(body ?? '');
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as AlertState;
  } catch {
    return undefined;
  }
}

function issueBody(state: AlertState, runUrl: string): string {
  return [
    `The scheduled workflow **${state.workflow}** is failing.`,
    '',
    `- First failed run: ${state.opened_at}`,
    `- Failed runs since then: ${state.failed_total}`,
    `- Latest failed run: ${runUrl}`,
    '',
    'One comment a day at most while it keeps failing; the first successful run closes this issue.',
    'Each run page has the step summary (failures grouped by cause); the `run_log` collection has every run record.',
    '',
    `<!-- cineradar-alert ${JSON.stringify(state)} -->`,
  ].join('\n');
}

class GitHubApi {
  constructor(private readonly input: AlertInput) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.input.apiUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.input.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'cineradar-alert',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`GitHub API ${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The open issue of this workflow (by exact title), if any. */
  async openIssue(): Promise<Issue | undefined> {
    const title = issueTitle(this.input.workflow);
    for (let page = 1; page <= 10; page++) {
      const issues = await this.call<Issue[]>(
        'GET',
        `/repos/${this.input.repository}/issues?state=open&per_page=100&page=${page}`,
      );
      const hit = issues.find((i) => !i.pull_request && i.title === title);
      if (hit) return hit;
      if (issues.length < 100) return undefined;
    }
    return undefined;
  }
}

/** Bring the workflow's issue to the state this run's outcome asks for. */
export async function alert(input: AlertInput): Promise<{ action: AlertAction; issue?: number }> {
  const gh = new GitHubApi(input);
  const repo = `/repos/${input.repository}`;
  const now = input.now.toISOString();
  const open = await gh.openIssue();

  if (input.outcome === 'success') {
    if (!open) return { action: 'nothing' };
    const state = readState(open.body);
    const failed = state ? `${counted(state.failed_total, 'failed run')} since ${state.opened_at}` : 'the failures';
    await gh.call('POST', `${repo}/issues/${open.number}/comments`, {
      body: `Recovered: ${input.runUrl} succeeded after ${failed}. Closing.`,
    });
    await gh.call('PATCH', `${repo}/issues/${open.number}`, { state: 'closed', state_reason: 'completed' });
    return { action: 'closed', issue: open.number };
  }

  if (!open) {
    const state: AlertState = {
      workflow: input.workflow,
      opened_at: now,
      last_notice_at: now,
      failed_since_notice: 1,
      failed_total: 1,
    };
    const created = await gh.call<Issue>('POST', `${repo}/issues`, {
      title: issueTitle(input.workflow),
      body: issueBody(state, input.runUrl),
    });
    return { action: 'opened', issue: created.number };
  }

  const prev = readState(open.body) ?? {
    workflow: input.workflow,
    opened_at: now,
    last_notice_at: now,
    failed_since_notice: 0,
    failed_total: 0,
  };
  const state: AlertState = {
    ...prev,
    failed_since_notice: prev.failed_since_notice + 1,
    failed_total: prev.failed_total + 1,
  };
  let action: AlertAction = 'counted';
  if (jakartaDate(new Date(prev.last_notice_at)) !== jakartaDate(input.now)) {
    const n = state.failed_since_notice;
    await gh.call('POST', `${repo}/issues/${open.number}/comments`, {
      body: `Still failing: ${counted(n, 'failed run')} since ${prev.last_notice_at}; latest ${input.runUrl}.`,
    });
    state.failed_since_notice = 0;
    state.last_notice_at = now;
    action = 'commented';
  }
  await gh.call('PATCH', `${repo}/issues/${open.number}`, { body: issueBody(state, input.runUrl) });
  return { action, issue: open.number };
}

/** Read the input from the environment; throws naming the first missing or bad variable. */
export function inputFromEnv(env: Record<string, string | undefined>): AlertInput {
  const need = (k: string) => {
    const v = env[k];
    if (!v) throw new Error(`${k} is not set`);
    return v;
  };
  const outcome = need('OUTCOME');
  if (outcome !== 'failure' && outcome !== 'success')
    throw new Error(`OUTCOME must be failure or success, got ${outcome}`);
  const repository = need('GITHUB_REPOSITORY');
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new Error(`GITHUB_REPOSITORY must be owner/name, got ${repository}`);
  const now = env.ALERT_NOW ? new Date(env.ALERT_NOW) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`ALERT_NOW is not an instant: ${env.ALERT_NOW}`);
  return {
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    token: need('GITHUB_TOKEN'),
    repository,
    workflow: need('WORKFLOW_NAME'),
    outcome,
    runUrl: need('RUN_URL'),
    now,
  };
}

export async function alertMain(
  env: Record<string, string | undefined> = process.env,
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  let input: AlertInput;
  try {
    input = inputFromEnv(env);
  } catch (err) {
    out(`alert: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  try {
    const r = await alert(input);
    out(`alert: ${input.workflow} ${input.outcome}: ${r.action}${r.issue ? ` (issue #${r.issue})` : ''}\n`);
    return 0;
  } catch (err) {
    out(`::error::alert: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

export const command = defineCommand({
  name: 'scripts/alert.ts',
  invoke: 'npx tsx scripts/alert.ts',
  summary:
    "the scheduled workflows' failure reporter: one issue per failing workflow, a comment at most once a day, closed on recovery",
  options: {},
  env: ['GITHUB_TOKEN', 'GITHUB_REPOSITORY', 'GITHUB_API_URL', 'WORKFLOW_NAME', 'OUTCOME', 'RUN_URL', 'ALERT_NOW'],
  exitCodes: { 0: 'the issue is in the right state', 1: 'the GitHub API refused', ...USAGE_EXIT },
  examples: [
    'OUTCOME=failure WORKFLOW_NAME="Seats JIT" RUN_URL=… GITHUB_REPOSITORY=owner/name GITHUB_TOKEN=… npx tsx scripts/alert.ts',
    'GITHUB_API_URL=http://127.0.0.1:8080 OUTCOME=success … npx tsx scripts/alert.ts',
  ],
  docs: 'docs/operations.md',
});

if (isMain(import.meta.url)) void startStandalone({ def: command, options: () => undefined, main: () => alertMain() });
