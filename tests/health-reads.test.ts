/**
 * `npm run health`'s reads used today: against a loopback fake of Cloud Monitoring's timeSeries.list
 * (node:http) with a fake token provider (Google's OAuth endpoint is not reachable from the tests,
 * so firebase-admin's credential cannot mint a real token here). The store is a file store holding
 * only a long-lived token document and the clock is 00:10 WIB, so every other rule passes and the
 * exit code is the reads' alone.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { createLogger } from '../shared/log.js';
import { createRuntime, type Runtime } from '../shared/runtime.js';
import { TOKEN_DOC } from '../shared/token/manager.js';
import { monitoringAccess, runHealthCli } from '../scripts/health.js';
import { quotaDayStart, type MonitoringAccess } from '../scripts/health/reads.js';

const NOW = '2026-01-19T00:10:00+07:00'; // 2026-01-18 09:10 PST: the quota day began 2026-01-18T08:00:00Z
const PROJECT = 'cineradar-prod';

interface Seen {
  path: string;
  params: URLSearchParams;
  authorization: string | undefined;
}

let server: Server;
let base: string;
let answer: { status: number; body: unknown };
let seen: Seen[];
let dir: string;
let rt: Runtime;

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: u.pathname, params: u.searchParams, authorization: req.headers.authorization });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

beforeEach(async () => {
  seen = [];
  dir = mkdtempSync(join(tmpdir(), 'health-reads-'));
  rt = await createRuntime({
    env: { CINERADAR_STORE: 'file', CINERADAR_DATA_DIR: dir, LOG_LEVEL: 'silent' },
    clock: new FixedClock(NOW),
    log: createLogger({ level: 'silent' }),
  });
  await rt.store.set(TOKEN_DOC, {
    token: 'test-access-token',
    refresh_token: 'test-refresh-token',
    stored_at: '2026-01-18T16:00:00Z',
    phone: '62812****789',
    expires_at: '2026-01-19T16:00:00Z',
    refresh_expires_at: '2026-03-01T00:00:00Z',
    source: 'login',
  });
});

afterEach(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

function access(): MonitoringAccess {
  return { base, projectId: PROJECT, token: () => Promise.resolve('fake-token') };
}

function reads(n: string): { status: number; body: unknown } {
  return { status: 200, body: { timeSeries: [{ points: [{ value: { int64Value: n } }] }] } };
}

async function health(): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runHealthCli(rt, { date: undefined }, (s) => lines.push(s.trimEnd()), access());
  return { code, lines };
}

describe('health: reads used today', () => {
  it('under the threshold: prints the count and share, healthy', async () => {
    answer = reads('12345');
    const { code, lines } = await health();
    expect(lines).toEqual(['health 2026-01-19: reads used today: 12,345 of 50,000 (24.7%)', 'health 2026-01-19: ok']);
    expect(code).toBe(0);
  });

  it('over 80%: a named reads problem and exit 1', async () => {
    answer = reads('41000');
    const { code, lines } = await health();
    expect(lines[0]).toBe('health 2026-01-19: reads used today: 41,000 of 50,000 (82.0%)');
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/^health 2026-01-19: reads: 41000 of 50000 used today \(82\.0%, over 80%\)/);
    expect(code).toBe(1);
    const runs = await rt.store.list('run_log');
    expect(runs.map((r) => r.data.reads_today)).toContain(41000);
  });

  it('403 PERMISSION_DENIED: one line saying so, not a failure', async () => {
    answer = {
      status: 403,
      body: {
        error: { code: 403, message: 'Permission monitoring.timeSeries.list denied', status: 'PERMISSION_DENIED' },
      },
    };
    const { code, lines } = await health();
    expect(lines).toEqual([
      'health 2026-01-19: reads used today: not allowed (PERMISSION_DENIED): give the service account roles/monitoring.viewer to see them',
      'health 2026-01-19: ok',
    ]);
    expect(code).toBe(0);
  });

  it('no data (no timeSeries key): 0 reads', async () => {
    answer = { status: 200, body: {} };
    const { code, lines } = await health();
    expect(lines[0]).toBe('health 2026-01-19: reads used today: 0 of 50,000 (0.0%)');
    expect(code).toBe(0);
  });

  it('another Monitoring error is a named problem', async () => {
    answer = { status: 500, body: { error: { code: 500, message: 'backend', status: 'INTERNAL' } } };
    const { code, lines } = await health();
    expect(lines).toEqual([
      'health 2026-01-19: reads: Cloud Monitoring could not be asked: Monitoring answered HTTP 500 INTERNAL: backend',
    ]);
    expect(code).toBe(1);
  });

  it('asks for the project read_count since midnight Pacific, summed, with the bearer token', async () => {
    answer = reads('1');
    await health();
    expect(seen).toHaveLength(1);
    const q = seen[0]!;
    expect(q.path).toBe(`/v3/projects/${PROJECT}/timeSeries`);
    expect(q.authorization).toBe('Bearer fake-token');
    expect(q.params.get('filter')).toBe('metric.type="firestore.googleapis.com/document/read_count"');
    expect(q.params.get('interval.startTime')).toBe('2026-01-18T08:00:00.000Z');
    expect(q.params.get('interval.endTime')).toBe('2026-01-18T17:10:00.000Z');
    expect(q.params.get('aggregation.alignmentPeriod')).toBe(`${(9 * 60 + 10) * 60}s`);
    expect(q.params.get('aggregation.perSeriesAligner')).toBe('ALIGN_SUM');
    expect(q.params.get('aggregation.crossSeriesReducer')).toBe('REDUCE_SUM');
  });

  it('the file store is not applicable: one line, Monitoring not asked', async () => {
    const lines: string[] = [];
    const code = await runHealthCli(rt, { date: undefined }, (s) => lines.push(s.trimEnd()), monitoringAccess(rt));
    expect(lines).toEqual(['health 2026-01-19: reads used today: not checked (file store)', 'health 2026-01-19: ok']);
    expect(code).toBe(0);
    expect(seen).toHaveLength(0);
  });
});

describe('quotaDayStart', () => {
  it('is midnight in Los Angeles, PST and PDT, and the day before before midnight', () => {
    expect(quotaDayStart(new Date('2026-07-01T12:00:00Z')).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(quotaDayStart(new Date('2026-01-18T07:59:00Z')).toISOString()).toBe('2026-01-17T08:00:00.000Z');
    expect(quotaDayStart(new Date('2026-01-18T08:00:00Z')).toISOString()).toBe('2026-01-18T08:00:00.000Z');
  });
});
