/**
 * `npm run token -- status|refresh|login [--min-ttl N]` as a real child process against the
 * simulator and the Firestore emulator: exit codes, what it prints (never a token), the
 * scraper_runs record of a refresh.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import type { Store } from '../../shared/store/store.js';
import { TOKEN_DOC, tokenDocument } from '../../shared/token/manager.js';
import { clearProject, emulatorHost, emulatorStore, testProject } from '../helpers/firestore.js';
import { JWT_SHAPE } from '../helpers/log-capture.js';

const NOW = '2026-01-19T06:00:00+07:00';
const project = testProject('token-cli');
let sim: Simulator;
let store: Store;
const knownTokens: string[] = [];
const outputs: string[] = [];

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          FIRESTORE_EMULATOR_HOST: emulatorHost(),
          FIREBASE_PROJECT_ID: project,
          TIX_API_BASE: sim.apiBase,
          TIX_APP_BASE: sim.appBase,
          CINERADAR_NOW: NOW,
          LOG_FORMAT: 'json',
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        outputs.push(stdout, stderr);
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

async function seed(accessTtl: number, refreshTtl: number) {
  const access = sim.tokens.mintAccess({ ttlSeconds: accessTtl });
  const refresh = sim.tokens.mintRefresh({ ttlSeconds: refreshTtl });
  knownTokens.push(access, refresh);
  const doc = tokenDocument({
    token: access,
    refreshToken: refresh,
    source: 'login',
    phone: '62812****000',
    storedAt: sim.clock.now(),
  });
  await store.set(TOKEN_DOC, doc);
}

beforeAll(async () => {
  sim = await startSimulator({ preset: 'tiny', now: NOW, loginDelayMs: 0 });
  store = emulatorStore(project);
  await clearProject(project);
});

afterAll(async () => {
  const doc = await store.get(TOKEN_DOC);
  if (doc) knownTokens.push(String(doc.token), String(doc.refresh_token));
  await store.close();
  await sim.close();
  const all = outputs.join('\n');
  for (const t of knownTokens) expect(all.includes(t)).toBe(false);
  expect(all).not.toMatch(JWT_SHAPE);
});

describe('npm run token', () => {
  it('status without a stored token: says so; --min-ttl makes it exit 3', async () => {
    const a = await run(['status']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/auth_tokens\/tix_jwt does not exist/);
    const b = await run(['status', '--min-ttl', '10']);
    expect(b.code).toBe(3);
    expect(b.stdout).toMatch(/no usable token/);
  });

  it('refresh renews the access token, records a token run, and status shows the result', async () => {
    await seed(600, 3 * 86_400);
    const r = await run(['refresh', '--min-ttl', '1440']);
    expect(r.stderr).not.toMatch(/"level":50/);
    expect(r.code).toBe(0);
    expect(sim.stats().refreshes).toBe(1);
    expect(r.stdout).toMatch(/source: +refresh/);
    expect(r.stdout).toMatch(/access token: +(29|30) min left/);
    expect(r.stdout).toMatch(/refresh token: +(3 d 0 h|2 d 23 h) left/);
    expect(r.stdout).toMatch(/--min-ttl 1440: ok/);
    const runs = await store.list('run_log', { where: { run_type: 'token' } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.data).toMatchObject({ run_type: 'token', status: 'success', action: 'refresh', source: 'refresh' });

    const s = await run(['status', '--min-ttl', String(4 * 24 * 60), '--json']);
    expect(s.code).toBe(3);
    const status = JSON.parse(s.stdout.split('\n')[0]!) as { source: string; phone: string };
    expect(status).toMatchObject({ source: 'refresh', phone: '62812****000' });
  });

  it('refresh with a refused refresh token and no credentials fails with what to do, and records the failure', async () => {
    await seed(600, 3 * 86_400);
    const doc = await store.get(TOKEN_DOC);
    sim.tokens.revoke(String(doc!.refresh_token));
    const r = await run(['refresh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/TIX_PHONE_NUMBER and TIX_PASSWORD/);
    const runs = await store.list('run_log', { where: { run_type: 'token', status: 'failed' } });
    expect(runs).toHaveLength(1);
  });

  it('--help prints the usage and exits 0 without touching the token', async () => {
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('usage: npm run token -- status|refresh|login [options]');
    expect(h.stdout).toContain('--min-ttl MINUTES');
  });

  it('refuses unknown commands and flags with exit 2', async () => {
    expect((await run(['renew'])).code).toBe(2);
    expect((await run(['status', '--min-ttl', 'soon'])).code).toBe(2);
  });
});
