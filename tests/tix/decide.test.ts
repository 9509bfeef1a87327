/**
 * The two pure halves of the client's request loop: what an attempt ended with (classifyAttempt)
 * and what to do about it (decideAttempt). No server, no emulator: responses are built by hand.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_RETRY } from '../../shared/http/retry.js';
import { TransportError, type HttpResponse } from '../../shared/http/transport.js';
import { decideAttempt, type DecideContext } from '../../shared/tix/decide.js';
import { ShowStartedError, TixError, TixSchemaError } from '../../shared/tix/errors.js';
import { classifyAttempt, type AttemptOutcome, type ReadSpec } from '../../shared/tix/outcome.js';

const NOW = new Date('2026-01-19T00:00:00Z');
const Schema = z.object({ success: z.literal(true), data: z.object({ id: z.string() }) });
const plain: ReadSpec<z.infer<typeof Schema>> = { schema: Schema };
const paging: ReadSpec<z.infer<typeof Schema>> = { schema: Schema, stopOnFailureBody: true };

function res(status: number, body: unknown, headers: HttpResponse['headers'] = {}): { res: HttpResponse } {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { res: { status, headers, body: Buffer.from(text) } };
}
const failure = (code?: string, message?: string) => ({ success: false, error: { code, message } });

describe('classifyAttempt', () => {
  it('a 2xx of the documented shape is ok, with the parsed value', () => {
    expect(classifyAttempt(res(200, { success: true, data: { id: '7' } }), plain, NOW)).toEqual({
      kind: 'ok',
      status: 200,
      value: { success: true, data: { id: '7' } },
    });
  });

  it('a 2xx that is not JSON or not the schema is malformed, naming the field', () => {
    expect(classifyAttempt(res(200, '{"success":tr'), plain, NOW)).toEqual({
      kind: 'malformed',
      status: 200,
      field: '',
      problem: 'the body is not JSON',
    });
    expect(classifyAttempt(res(200, { success: true, data: { id: 7 } }), plain, NOW)).toMatchObject({
      kind: 'malformed',
      field: 'data.id',
    });
  });

  it('a 2xx with success:false is a refusal, or the end of paging on a paging call', () => {
    const body = failure('NOT_FOUND', 'no schedule');
    expect(classifyAttempt(res(200, body), plain, NOW)).toEqual({
      kind: 'refused',
      status: 200,
      error: { code: 'NOT_FOUND', message: 'no schedule' },
    });
    expect(classifyAttempt(res(200, body), paging, NOW)).toMatchObject({ kind: 'stop-paging', status: 200 });
  });

  it('401: the show started (EXPIRED_EVENT_DETAIL) or a token problem', () => {
    expect(classifyAttempt(res(401, failure('EXPIRED_EVENT_DETAIL')), plain, NOW)).toEqual({
      kind: 'show-started',
      status: 401,
    });
    expect(classifyAttempt(res(401, failure('INVALID_TOKEN', 'expired')), plain, NOW)).toEqual({
      kind: 'unauthorized',
      status: 401,
      error: { code: 'INVALID_TOKEN', message: 'expired' },
    });
    expect(classifyAttempt(res(401, 'nope'), plain, NOW)).toMatchObject({ kind: 'unauthorized', error: {} });
  });

  it('403 is forbidden whatever the body', () => {
    expect(classifyAttempt(res(403, '<html>'), plain, NOW)).toEqual({ kind: 'forbidden', status: 403 });
    expect(classifyAttempt(res(403, failure('X')), paging, NOW)).toEqual({ kind: 'forbidden', status: 403 });
  });

  it('a 4xx error body ends paging on a paging call only; a 5xx never does', () => {
    expect(classifyAttempt(res(404, failure('NO_PAGE')), paging, NOW)).toEqual({
      kind: 'stop-paging',
      status: 404,
      error: { code: 'NO_PAGE', message: undefined },
    });
    expect(classifyAttempt(res(404, failure('NO_PAGE')), plain, NOW)).toMatchObject({ kind: 'status', status: 404 });
    expect(classifyAttempt(res(404, 'not json'), paging, NOW)).toMatchObject({ kind: 'status', status: 404 });
    expect(classifyAttempt(res(503, failure('BUSY')), paging, NOW)).toMatchObject({ kind: 'status', status: 503 });
    expect(classifyAttempt(res(429, failure('SLOW')), paging, NOW)).toMatchObject({ kind: 'status', status: 429 });
  });

  it('reads Retry-After (seconds or an HTTP date on the real clock) on other statuses', () => {
    expect(classifyAttempt(res(429, '', { 'retry-after': '3' }), plain, NOW)).toMatchObject({ retryAfterMs: 3000 });
    const date = new Date(NOW.getTime() + 5000).toUTCString();
    expect(classifyAttempt(res(503, '', { 'retry-after': date }), plain, NOW)).toMatchObject({ retryAfterMs: 5000 });
    expect(classifyAttempt(res(503, ''), plain, NOW)).toMatchObject({ retryAfterMs: undefined });
  });

  it('transport errors are timeouts or network errors with their own words', () => {
    expect(
      classifyAttempt({ error: new TransportError('TIMEOUT', 'no complete answer within 5 ms') }, plain, NOW),
    ).toEqual({
      kind: 'timeout',
      detail: 'no complete answer within 5 ms',
    });
    expect(classifyAttempt({ error: new TransportError('NETWORK', 'ECONNREFUSED: connect') }, plain, NOW)).toEqual({
      kind: 'network',
      detail: 'ECONNREFUSED: connect',
    });
  });
});

describe('decideAttempt', () => {
  const ctx = (over: Partial<DecideContext> = {}): DecideContext => ({
    endpoint: 'movies',
    request: 'GET /v1/movies?city_id=1',
    host: 'tix.example:8443',
    attempt: 1,
    canRenew: false,
    timeoutMs: 10_000,
    retry: DEFAULT_RETRY,
    random: () => 0.5,
    answered: true,
    failuresBefore: 0,
    ...over,
  });
  const last = { attempt: DEFAULT_RETRY.maxRetries + 1 };
  const status = (s: number, retryAfterMs?: number): AttemptOutcome<never> => ({
    kind: 'status',
    status: s,
    error: { isErrorBody: true, code: 'CODE', message: 'words' },
    retryAfterMs,
  });

  it('ok returns the value; stop-paging ends paging; both tell the breaker TIX.id serves us', () => {
    expect(decideAttempt({ kind: 'ok', status: 200, value: 42 }, ctx())).toEqual({
      breaker: { mark: 'success' },
      next: { do: 'return', value: 42 },
    });
    const error = { code: 'NO_PAGE', message: undefined };
    expect(decideAttempt({ kind: 'stop-paging', status: 404, error }, ctx())).toEqual({
      breaker: { mark: 'success' },
      next: { do: 'stop-paging', error },
    });
  });

  it('a refusal and a started show fail at once, counting as answers', () => {
    const refused = decideAttempt({ kind: 'refused', status: 200, error: { code: 'NO', message: 'm' } }, ctx());
    expect(refused.breaker).toEqual({ mark: 'success' });
    expect(refused.next).toMatchObject({ do: 'fail' });
    const err = (refused.next as { error: TixError }).error;
    expect(err).toBeInstanceOf(TixError);
    expect(err.message).toBe('movies GET /v1/movies?city_id=1: success:false NO: m');
    const started = decideAttempt({ kind: 'show-started', status: 401 }, ctx());
    expect(started.breaker).toEqual({ mark: 'success' });
    expect((started.next as { error: Error }).error).toBeInstanceOf(ShowStartedError);
  });

  it('401 renews the token once when the call may, then fails with the code', () => {
    const o: AttemptOutcome<never> = {
      kind: 'unauthorized',
      status: 401,
      error: { code: 'INVALID_TOKEN', message: undefined },
    };
    expect(decideAttempt(o, ctx({ canRenew: true }))).toEqual({ breaker: { mark: 'success' }, next: { do: 'renew' } });
    const d = decideAttempt(o, ctx({ canRenew: false, attempt: 2 }));
    expect(d.breaker).toEqual({ mark: 'success' });
    const err = (d.next as { error: TixError }).error;
    expect([err.status, err.code, err.attempts]).toEqual([401, 'INVALID_TOKEN', 2]);
    expect(err.message).toBe('movies GET /v1/movies?city_id=1: HTTP 401 INVALID_TOKEN');
  });

  it('403 blocks: the breaker opens and the call fails fast', () => {
    expect(decideAttempt({ kind: 'forbidden', status: 403 }, ctx())).toEqual({
      breaker: { mark: 'blocked', what: 'movies GET /v1/movies?city_id=1' },
      next: { do: 'blocked' },
    });
  });

  it('5xx, 429, timeouts, network errors and malformed bodies are retried with backoff, each a breaker failure', () => {
    // random 0.5 → half the ceiling of the first retry (500 ms)
    for (const o of [
      status(503),
      status(429),
      { kind: 'timeout', detail: 'x' },
      { kind: 'network', detail: 'x' },
    ] as const) {
      const d = decideAttempt(o, ctx());
      expect(d.next).toEqual({ do: 'retry', delayMs: 250 });
      expect(d.breaker.mark).toBe('failure');
    }
    expect(decideAttempt(status(503), ctx()).breaker).toEqual({ mark: 'failure', what: '503 on movies' });
    expect(decideAttempt({ kind: 'timeout', detail: 'x' }, ctx()).breaker).toEqual({
      mark: 'failure',
      what: 'timeout on movies',
    });
    const malformed = decideAttempt({ kind: 'malformed', status: 200, field: 'data.id', problem: 'p' }, ctx());
    expect(malformed).toEqual({
      breaker: { mark: 'failure', what: 'malformed 200 body on movies' },
      next: { do: 'retry', delayMs: 250 },
    });
  });

  it('waits at least what Retry-After asks; gives up when it asks too much', () => {
    expect(decideAttempt(status(429, 7000), ctx()).next).toEqual({ do: 'retry', delayMs: 7000 });
    const d = decideAttempt(status(429, DEFAULT_RETRY.maxRetryAfterMs + 1000), ctx());
    expect((d.next as { error: TixError }).error.message).toBe(
      'movies GET /v1/movies?city_id=1: HTTP 429 CODE: words (Retry-After of 121 s is longer than we wait)',
    );
  });

  it('another 4xx fails at once without counting against the breaker', () => {
    const d = decideAttempt(status(404), ctx());
    expect(d.breaker).toEqual({ mark: 'success' });
    expect((d.next as { error: TixError }).error.message).toBe(
      'movies GET /v1/movies?city_id=1: HTTP 404 CODE: words (not retryable)',
    );
  });

  it('a TIX.id that never answered is given up on the 3rd timeout or network error in a row', () => {
    const timeout = { kind: 'timeout', detail: 'x' } as const;
    // not before the 3rd, not once TIX.id has answered, not for an HTTP status
    expect(decideAttempt(timeout, ctx({ answered: false, failuresBefore: 1 })).next).toMatchObject({ do: 'retry' });
    expect(decideAttempt(timeout, ctx({ answered: true, failuresBefore: 2 })).next).toMatchObject({ do: 'retry' });
    expect(decideAttempt(status(503), ctx({ answered: false, failuresBefore: 2 })).next).toMatchObject({ do: 'retry' });
    expect(decideAttempt(timeout, ctx({ answered: false, failuresBefore: 2 }))).toEqual({
      breaker: {
        mark: 'trip',
        reason: 'TIX.id at tix.example:8443 does not answer (3 attempts, no answer within 10 s each)',
        advice: 'check TIX_API_BASE, or start `npm run sim` for local work',
      },
      next: { do: 'blocked' },
    });
    const refused = decideAttempt(
      { kind: 'network', detail: 'ECONNREFUSED: connect' },
      ctx({ answered: false, failuresBefore: 5 }),
    );
    expect(refused.breaker).toMatchObject({
      mark: 'trip',
      reason: 'TIX.id at tix.example:8443 does not answer (6 attempts, the last: ECONNREFUSED: connect)',
    });
  });

  it('after the last retry: the error names what happened, the host and the attempts', () => {
    const timeout = (decideAttempt({ kind: 'timeout', detail: 'x' }, ctx(last)).next as { error: TixError }).error;
    expect([timeout.code, timeout.status, timeout.attempts]).toEqual(['TIMEOUT', undefined, 5]);
    expect(timeout.message).toBe(
      'movies GET /v1/movies?city_id=1: timed out after 10000 ms (host tix.example:8443) (5 attempts)',
    );
    const net = (
      decideAttempt({ kind: 'network', detail: 'ENOTFOUND: getaddrinfo ENOTFOUND tix.example:8443' }, ctx(last))
        .next as { error: TixError }
    ).error;
    // the host is not said twice when the transport's words name it
    expect(net.message).toBe(
      'movies GET /v1/movies?city_id=1: network error: ENOTFOUND: getaddrinfo ENOTFOUND tix.example:8443 (5 attempts)',
    );
    const bad = (
      decideAttempt({ kind: 'malformed', status: 200, field: 'data.id', problem: 'expected string' }, ctx(last))
        .next as { error: TixError }
    ).error;
    expect(bad).toBeInstanceOf(TixSchemaError);
    expect([(bad as TixSchemaError).field, bad.attempts]).toEqual(['data.id', 5]);
    const busy = (decideAttempt(status(503), ctx(last)).next as { error: TixError }).error;
    expect(busy.message).toBe('movies GET /v1/movies?city_id=1: HTTP 503 CODE: words (gave up after 5 attempts)');
  });
});
