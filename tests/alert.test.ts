/**
 * scripts/alert.ts against a loopback fake of the GitHub REST API: a failing workflow opens one
 * issue, comments at most once a day with the count of failed runs since, and the first
 * successful run comments and closes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertMain, readState } from '../scripts/alert.js';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';

const REPO = 'owner/cineradar';
const TOKEN = 'test-token-not-a-secret';
let gh: FakeGitHub;

beforeEach(async () => {
  gh = await startFakeGitHub(REPO, TOKEN);
});
afterEach(async () => {
  await gh.close();
});

async function run(
  workflow: string,
  outcome: 'failure' | 'success',
  at: string,
  n: number,
): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await alertMain(
    {
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: REPO,
      WORKFLOW_NAME: workflow,
      OUTCOME: outcome,
      RUN_URL: `https://github.com/${REPO}/actions/runs/${n}`,
      ALERT_NOW: at,
    },
    (s) => (out += s),
  );
  return { code, out };
}

/** Runs every 10 minutes (seats-jit.yml's schedule) from an instant. */
const at = (startIso: string, i: number) => new Date(Date.parse(startIso) + i * 10 * 60_000).toISOString();

describe('alert: one issue per failing workflow', () => {
  it('opens one issue, throttles comments to one a day with the count since, closes on the first success', async () => {
    // Day 1: a broken JIT workflow fails all its 102 runs (07:06–23:56 WIB)
    for (let i = 0; i < 102; i++)
      expect((await run('Seats JIT', 'failure', at('2026-01-19T00:06:00Z', i), i)).code).toBe(0);
    expect(gh.issues).toHaveLength(1);
    const issue = gh.issues[0]!;
    expect(issue).toMatchObject({ title: 'Scheduled run failed: Seats JIT', state: 'open' });
    expect(issue.comments).toEqual([]); // opened today: no comment on the same day
    expect(readState(issue.body)).toMatchObject({ failed_total: 102, failed_since_notice: 102 });
    expect(issue.body).toContain('actions/runs/101');

    // Day 2: the first failure comments with the count since the opening, the rest only count
    for (let i = 0; i < 10; i++) await run('Seats JIT', 'failure', at('2026-01-20T00:06:00Z', i), 1000 + i);
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]).toMatch(
      /^Still failing: 103 failed runs since 2026-01-19T00:06:00\.000Z; latest https:\/\/github\.com\/owner\/cineradar\/actions\/runs\/1000\.$/,
    );
    expect(readState(issue.body)).toMatchObject({ failed_total: 112, failed_since_notice: 9 });

    // Another workflow failing gets its own issue
    await run('Daily scrape', 'failure', '2026-01-20T23:05:00Z', 500);
    expect(gh.issues.map((i) => i.title)).toEqual([
      'Scheduled run failed: Seats JIT',
      'Scheduled run failed: Daily scrape',
    ]);

    // The first success closes the JIT issue, with a comment; the next success does nothing
    const ok = await run('Seats JIT', 'success', '2026-01-20T05:00:00Z', 200);
    expect(ok.out).toMatch(/closed \(issue #1\)/);
    expect(issue.state).toBe('closed');
    expect(issue.state_reason).toBe('completed');
    expect(issue.comments.at(-1)).toBe(
      'Recovered: https://github.com/owner/cineradar/actions/runs/200 succeeded after 112 failed runs since 2026-01-19T00:06:00.000Z. Closing.',
    );
    const calls = gh.calls.length;
    expect((await run('Seats JIT', 'success', '2026-01-20T05:15:00Z', 201)).out).toMatch(/nothing/);
    expect(gh.calls.slice(calls)).toEqual([`GET /repos/${REPO}/issues`]);
    expect(gh.issues[1]!.state).toBe('open');

    // A new failure after recovery opens a new issue
    await run('Seats JIT', 'failure', '2026-01-21T01:00:00Z', 300);
    expect(gh.issues.filter((i) => i.title === 'Scheduled run failed: Seats JIT').map((i) => i.state)).toEqual([
      'closed',
      'open',
    ]);
  });

  it('exits 1 naming the refusal when the API refuses (bad token), 2 on bad input', async () => {
    let out = '';
    const code = await alertMain(
      {
        GITHUB_API_URL: gh.url,
        GITHUB_TOKEN: 'wrong',
        GITHUB_REPOSITORY: REPO,
        WORKFLOW_NAME: 'x',
        OUTCOME: 'failure',
        RUN_URL: 'u',
      },
      (s) => (out += s),
    );
    expect(code).toBe(1);
    expect(out).toMatch(
      /^::error::alert: GitHub API GET \/repos\/owner\/cineradar\/issues\?state=open&per_page=100&page=1: HTTP 401/,
    );
    expect(
      await alertMain(
        { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: REPO, WORKFLOW_NAME: 'x', OUTCOME: 'cancelled', RUN_URL: 'u' },
        () => {},
      ),
    ).toBe(2);
  });
});
