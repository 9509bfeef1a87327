/**
 * `npm run scrape:movies` against a TIX.id that accepts connections and never answers, and against
 * a closed port, as a user starts it (a real process, the file store): it says what it waits for,
 * gives the host up after 3 attempts with one line naming it and what to check, exits 1, and its
 * final lines carry no placeholder and never count a failure as done.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cineradar-hang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  code: number | null;
  msgs: string[];
}

function scrapeMovies(port: number, timeoutMs: number): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scrapers/movies/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_FORMAT: 'json',
        CINERADAR_STORE: 'file',
        CINERADAR_DATA_DIR: join(dir, String(port)),
        CINERADAR_NOW: '2026-01-19T06:00:00+07:00',
        TIX_API_BASE: `http://127.0.0.1:${port}`,
        TIX_TIMEOUT_MS: String(timeoutMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const msgs = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => String((JSON.parse(l) as { msg: unknown }).msg));
      done({ code, msgs });
    });
  });
}

describe('scrape:movies when TIX.id does not answer', () => {
  it(
    'a silent host: a waiting line, one line with the host and what to check, 3 connections, exit 1',
    { timeout: 60_000 },
    async () => {
      let connections = 0;
      const sockets = new Set<net.Socket>();
      const srv = net.createServer((s) => {
        connections++;
        sockets.add(s);
        s.on('error', () => {});
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as net.AddressInfo).port;
      try {
        const { code, msgs } = await scrapeMovies(port, 600);
        const host = `127.0.0.1:${port}`;
        expect(code).toBe(1);
        // the guest token was tried 3 times, then nothing more (not 5 for the cities call and 5 again for the cities' movies)
        expect(connections).toBe(3);
        // after half the timeout (timers may fire late on a busy machine)
        const waitLine = new RegExp(
          `^no answer from TIX\\.id at ${host.replace(/\./g, '\\.')} for 0\\.[3-9] s: waiting for POST /v1/auth \\(attempt 1;`,
        );
        expect(msgs.some((m) => waitLine.test(m))).toBe(true);
        const advice = msgs.filter((m) => m.includes('TIX_API_BASE'));
        expect(advice).toEqual([
          `TIX.id at ${host} does not answer (3 attempts, no answer within 0.6 s each): check TIX_API_BASE, or start \`npm run sim\` for local work`,
        ]);
        // the cause: once when it first happens, once at the end, for every scope it hit
        expect(msgs.filter((m) => m.includes('does not answer') && !m.includes('TIX_API_BASE'))).toHaveLength(2);
        expect(
          msgs.some((m) => new RegExp(`^84 × city, cities: blocked: TIX\\.id at ${host} does not answer`).test(m)),
        ).toBe(true);
        expect(msgs.join('\n')).not.toContain('{id}');
        expect(msgs).toContain('the cities call failed; used the built-in list of 83 cities');
        expect(msgs.some((m) => m.startsWith('movies: cities 0/83 done, 83 failed (100% through)'))).toBe(true);
        expect(msgs.join('\n')).not.toContain('83/83');
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => srv.close(() => r()));
      }
    },
  );

  it('a closed port: exit 1 with one line naming the host and what to check', { timeout: 60_000 }, async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const { code, msgs } = await scrapeMovies(port, 10_000);
    expect(code).toBe(1);
    const advice = msgs.filter((m) => m.includes('TIX_API_BASE'));
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(
      new RegExp(`^TIX\\.id at 127\\.0\\.0\\.1:${port} does not answer \\(3 attempts, the last: ECONNREFUSED`),
    );
    expect(msgs.filter((m) => m.includes('ECONNREFUSED'))).toHaveLength(3);
    expect(msgs.join('\n')).not.toContain('{id}');
  });
});
