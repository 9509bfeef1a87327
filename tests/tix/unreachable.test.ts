/**
 * A TIX.id that never answers (a local socket that accepts and stays silent) or cannot be reached
 * (a closed port): the client says what it waits for within its notice time, gives the host up
 * after 3 attempts with one line naming it and what to check, and every later call fails fast.
 * Real sockets on 127.0.0.1, no simulator, no emulator.
 */
import net from 'node:net';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../shared/log.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTixClient, TixBlockedError, TixError, type TixClient } from '../../shared/tix/client.js';
import { Limiter } from '../../shared/http/limiter.js';

interface Silent {
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** Accepts every connection and never answers. */
async function silentServer(): Promise<Silent> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const srv = net.createServer((s) => {
    state.connections++;
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

function client(port: number, log: Logger, timeoutMs: number): TixClient {
  const c = createTixClient({
    config: {
      tix: {
        apiBase: `http://127.0.0.1:${port}`,
        appBase: `http://127.0.0.1:${port}`,
        rps: 200,
        concurrency: 4,
        timeoutMs,
      },
    },
    log,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    limiter: new Limiter({ rps: 200, concurrency: 4 }),
  });
  cleanup.push(() => c.close());
  return c;
}

describe('a TIX.id that accepts connections and never answers', () => {
  it('says what it waits for, gives the host up after 3 attempts in one line, then fails fast', async () => {
    const srv = await silentServer();
    cleanup.push(() => srv.close());
    const { log, lines } = captureLog('info');
    // TIX_TIMEOUT_MS reaches the client through the configuration (no timeoutMs option)
    const c = client(srv.port, log, 400);
    const host = `127.0.0.1:${srv.port}`;

    const started = performance.now();
    const err = await c.cities().catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(err).toBeInstanceOf(TixBlockedError);
    expect((err as TixBlockedError).reason).toBe(
      `TIX.id at ${host} does not answer (3 attempts, no answer within 0.4 s each)`,
    );
    // 3 attempts of 0.4 s each, not the retry policy's 5
    expect(ms).toBeGreaterThanOrEqual(1150);
    expect(srv.connections).toBe(3);

    // within the notice time (half the timeout here; 5 s at the default 10 s): what is waited for, how long so far
    const waiting = lines().filter((l) => l.msg.startsWith('no answer from TIX.id'));
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    expect(waiting[0]!.msg).toMatch(
      new RegExp(
        `^no answer from TIX\\.id at ${host} for 0\\.[1-9] s: waiting for POST /v1/auth \\(attempt 1; each attempt gives up after 0\\.4 s, TIX_TIMEOUT_MS\\)$`,
      ),
    );
    // ONE line names the host and what to check
    const advice = lines().filter((l) => l.msg.includes('TIX_API_BASE'));
    expect(advice.map((l) => l.msg)).toEqual([
      `TIX.id at ${host} does not answer (3 attempts, no answer within 0.4 s each): check TIX_API_BASE, or start \`npm run sim\` for local work`,
    ]);
    expect(advice[0]!.level).toBe(50);

    // every later call fails at once, without a connection
    const later = await Promise.allSettled([c.movies('1'), c.cities(), c.schedulePage('9', '1', '2026-01-19', 1)]);
    expect(later.every((r) => r.status === 'rejected' && r.reason instanceof TixBlockedError)).toBe(true);
    expect(srv.connections).toBe(3);
    // each refused call has the one cause: the message does not carry the call's own request
    expect(new Set(later.map((r) => ((r as PromiseRejectedResult).reason as Error).message)).size).toBe(1);
    expect(lines().filter((l) => l.msg.includes('TIX_API_BASE'))).toHaveLength(1);
  });

  it('a host that answered once is not given up after 3 timeouts: the normal retries apply', async () => {
    // answers the guest token, then never answers anything else
    const sockets = new Set<net.Socket>();
    const srv = http.createServer((req, res) => {
      if (req.url === '/v1/auth') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ success: true, data: { token: 'guest-token-0123456789' } }));
      }
    });
    srv.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    cleanup.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          srv.close(() => r());
        }),
    );
    const { log } = captureLog('info');
    const c = client((srv.address() as net.AddressInfo).port, log, 150);
    const err = await c.cities().catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(TixBlockedError);
    expect(err).toBeInstanceOf(TixError);
    expect((err as TixError).code).toBe('TIMEOUT');
    expect((err as TixError).attempts).toBe(5);
  });
});

describe('a closed port', () => {
  it('is given up after 3 refused connections, naming the host', async () => {
    const port = await closedPort();
    const { log, lines } = captureLog('info');
    const c = client(port, log, 10_000);
    const err = await c.cities().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TixBlockedError);
    expect((err as TixBlockedError).reason).toMatch(
      new RegExp(
        `^TIX\\.id at 127\\.0\\.0\\.1:${port} does not answer \\(3 attempts, the last: ECONNREFUSED: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)$`,
      ),
    );
    expect(lines().filter((l) => l.msg.includes('TIX_API_BASE'))).toHaveLength(1);
    await expect(c.movies('1')).rejects.toBeInstanceOf(TixBlockedError);
  });
});
