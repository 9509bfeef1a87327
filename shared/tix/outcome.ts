/**
 * What one attempt at a TIX.id request ended with, as a pure function of the response (or the
 * transport's error): the first half of the client's request loop. The second half,
 * shared/tix/decide.ts, says what to do about it.
 *
 *   2xx with the documented shape       → ok
 *   2xx with `success:false`            → refused (a definite "no"), or stop-paging on schedules
 *   2xx not JSON / not the schema        → malformed (retried like a 5xx)
 *   401 EXPIRED_EVENT_DETAIL             → show-started
 *   other 401                            → unauthorized (renew the token once)
 *   403                                  → forbidden (the IP is refused)
 *   4xx with an error body, on schedules → stop-paging (e.g. a 404 about a page)
 *   any other status                     → status (5xx, 429: retried; other 4xx: not)
 *   no complete answer                   → timeout / network
 */
import type { z } from 'zod';
import { parseRetryAfter, headerValue, isRetryable } from '../http/retry.js';
import type { HttpResponse, TransportError } from '../http/transport.js';
import { ErrorBody, TIX_ERROR } from './schemas.js';

/** How a request's answer is read: its schema, and whether `success:false` ends paging. */
export interface ReadSpec<T> {
  schema: z.ZodType<T>;
  /** Schedules: `success:false` ends paging instead of failing. */
  stopOnFailureBody?: boolean;
}

/** The `{code, message}` of TIX.id's error envelope (both may be missing). */
export interface ApiErrorText {
  code: string | undefined;
  message: string | undefined;
}

export type AttemptOutcome<T> =
  | { kind: 'ok'; status: number; value: T }
  | { kind: 'stop-paging'; status: number; error: ApiErrorText }
  | { kind: 'refused'; status: number; error: ApiErrorText }
  | { kind: 'malformed'; status: number; field: string; problem: string }
  | { kind: 'show-started'; status: 401 }
  | { kind: 'unauthorized'; status: 401; error: ApiErrorText }
  | { kind: 'forbidden'; status: 403 }
  | { kind: 'status'; status: number; error: ApiErrorText & { isErrorBody: boolean }; retryAfterMs: number | undefined }
  | { kind: 'timeout' | 'network'; detail: string };

/** `data.theaters[3].price_groups[0].id` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function parseJson(body: Buffer): { ok: true; json: unknown } | { ok: false } {
  try {
    return { ok: true, json: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** The `{success:false, error:{code, message}}` envelope of a failure, when the body is one. */
export function errorBodyOf(body: Buffer): ApiErrorText & { isErrorBody: boolean } {
  const j = parseJson(body);
  const parsed = j.ok ? ErrorBody.safeParse(j.json) : undefined;
  if (parsed?.success) return { isErrorBody: true, code: parsed.data.error?.code, message: parsed.data.error?.message };
  return { isErrorBody: false, code: undefined, message: undefined };
}

/** A 2xx answer: the parsed value, or why it is not one. */
function classifyOk<T>(res: HttpResponse, spec: ReadSpec<T>): AttemptOutcome<T> {
  const status = res.status;
  const j = parseJson(res.body);
  if (!j.ok) return { kind: 'malformed', status, field: '', problem: 'the body is not JSON' };
  if (j.json && typeof j.json === 'object' && (j.json as { success?: unknown }).success === false) {
    const { code, message } = errorBodyOf(res.body);
    return { kind: spec.stopOnFailureBody ? 'stop-paging' : 'refused', status, error: { code, message } };
  }
  const parsed = spec.schema.safeParse(j.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind: 'malformed', status, field: formatIssuePath(issue.path), problem: issue.message };
  }
  return { kind: 'ok', status, value: parsed.data };
}

/**
 * Classify an attempt. `now` is the real clock: an HTTP-date `Retry-After` is on the server's
 * clock, not on a pinned CINERADAR_NOW.
 */
export function classifyAttempt<T>(
  answer: { res: HttpResponse } | { error: TransportError },
  spec: ReadSpec<T>,
  now: Date,
): AttemptOutcome<T> {
  if ('error' in answer) {
    return { kind: answer.error.code === 'TIMEOUT' ? 'timeout' : 'network', detail: answer.error.message };
  }
  const res = answer.res;
  if (res.status >= 200 && res.status < 300) return classifyOk(res, spec);
  const error = errorBodyOf(res.body);
  if (res.status === 401) {
    if (error.code === TIX_ERROR.EXPIRED_EVENT_DETAIL) return { kind: 'show-started', status: 401 };
    return { kind: 'unauthorized', status: 401, error: { code: error.code, message: error.message } };
  }
  if (res.status === 403) return { kind: 'forbidden', status: 403 };
  if (spec.stopOnFailureBody && error.isErrorBody && !isRetryable({ kind: 'status', status: res.status })) {
    // A definite "no" about this request (e.g. 404 with success:false): paging stops here.
    return { kind: 'stop-paging', status: res.status, error: { code: error.code, message: error.message } };
  }
  const retryAfterMs = parseRetryAfter(headerValue(res.headers, 'retry-after'), now);
  return { kind: 'status', status: res.status, error, retryAfterMs };
}
