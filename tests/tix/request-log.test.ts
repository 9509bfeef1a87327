/** The client's log: one debug line per request, and network errors that keep their code and host. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { createTixClient } from '../../shared/tix/client.js';
import { TixError } from '../../shared/tix/errors.js';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import { captureLog } from '../helpers/log-capture.js';

describe('the client', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      preset: 'tiny',
      now: '2026-01-19T06:00:00+07:00',
      clockMode: 'frozen',
      loginDelayMs: 0,
    });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('LOG_LEVEL=debug: one line per request with method, path, status, ms and attempt, never a token', async () => {
    const { log, raw, lines } = captureLog('debug');
    const config = loadConfig(
      { TIX_API_BASE: sim.apiBase, TIX_APP_BASE: sim.appBase, TIX_RPS: '400', TIX_CONCURRENCY: '4' },
      false,
    );
    const client = createTixClient({ config, log, clock: sim.clock, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    try {
      await client.cities();
    } finally {
      client.close();
    }
    const req = lines().filter((l) => typeof l.request === 'string' && typeof l.ms === 'number');
    expect(req.map((l) => [l.request, l.status, l.attempt])).toEqual([
      ['POST /v1/auth', '200', 1],
      ['GET /v1/cities?name=', '200', 1],
    ]);
    expect(String(req[1]!.msg)).toMatch(/^GET \/v1\/cities\?name= → 200 in \d+ ms \(attempt 1\)$/);
    expect(raw().join('\n')).not.toMatch(/Bearer|eyJ[A-Za-z0-9_-]{5,}\./);
  });

  it('a network error keeps its code and host', async () => {
    const { log } = captureLog('warn');
    const config = loadConfig(
      { TIX_API_BASE: 'http://127.0.0.1:9', TIX_APP_BASE: 'http://127.0.0.1:9', TIX_RPS: '400', TIX_CONCURRENCY: '4' },
      false,
    );
    const client = createTixClient({
      config,
      log,
      clock: sim.clock,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 1 },
    });
    try {
      const err = (await client.cities().catch((e: unknown) => e)) as TixError;
      expect(err).toBeInstanceOf(TixError);
      expect(err.message).toMatch(/network error: ECONNREFUSED: .*127\.0\.0\.1:9.*\(2 attempts\)$/);
    } finally {
      client.close();
    }
  });
});
