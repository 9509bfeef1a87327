/**
 * The TIX.id client's request loop. Each attempt: wait for the breaker and a limiter slot → send
 * → count it → classify the outcome (outcome.ts) → decide (decide.ts) → tell the breaker → return,
 * retry, renew the token or fail, as decided. Nothing here decides; it performs.
 *
 * Tokens never appear in errors, logs or stats: requests are described by method, path and query.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from '../log.js';
import type { CircuitBreaker } from '../http/breaker.js';
import type { Limiter } from '../http/limiter.js';
import { outcomeLabel, transportOutcome, type RetryOptions } from '../http/retry.js';
import type { RequestStats } from '../http/stats.js';
import { TransportError, type HttpResponse, type Transport } from '../http/transport.js';
import { TixBlockedError, TixSchemaError, type Endpoint } from './errors.js';
import { classifyAttempt, type AttemptOutcome, type ReadSpec } from './outcome.js';
import { decideAttempt, type BreakerMark, type Decision } from './decide.js';
import { TIX_HEADERS } from './schemas.js';
import { createSilenceWatch, type SilenceWatch } from './silence.js';

export type AuthMode = { kind: 'none' } | { kind: 'guest' } | { kind: 'user' } | { kind: 'bearer'; token: string };

export interface RequestSpec<T> extends ReadSpec<T> {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  auth: AuthMode;
}

/** The empty last page a schedule call ends with when TIX.id says `success:false` about it. */
export interface StoppedPage {
  success: true;
  data: { theaters: []; has_next: false };
  stopped: { code: string | undefined; message: string | undefined };
}

/** What the loop works with: the client's parts, built once by `createTixClient`. */
export interface RequestParts {
  base: string;
  send: Transport;
  limiter: Limiter;
  breaker: CircuitBreaker;
  stats: RequestStats<Endpoint>;
  log: Logger;
  timeoutMs: number;
  retry: RetryOptions;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The bearer token of an auth mode (fetching the guest token when needed). */
  bearerFor(mode: AuthMode): Promise<string | undefined>;
  /** `bearer` was refused with 401: drop it so the next `bearerFor` returns a fresh one. */
  renew(mode: AuthMode, bearer: string): Promise<void>;
}

class Blocked extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function queryString(q: Record<string, string | number> | undefined): string {
  if (!q) return '';
  const s = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
  return s ? `?${s}` : '';
}

/** `host[:port]` of a URL, for error messages (never a path or query). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The parts plus what the loop derives from them once, and whether TIX.id has answered yet. */
interface Loop extends RequestParts {
  gate: { signal(): AbortSignal };
  host: string;
  silence: SilenceWatch;
  answered: boolean;
}

/** A request function over the parts: `request(spec)` resolves with the parsed answer or throws a TixError. */
export function createRequester(parts: RequestParts): <T>(spec: RequestSpec<T>) => Promise<T | StoppedPage> {
  const host = hostOf(parts.base);
  const silence = createSilenceWatch({ log: parts.log, host, timeoutMs: parts.timeoutMs });
  const loop: Loop = { ...parts, gate: createGate(parts.breaker), host, silence, answered: false };
  return async function request<T>(spec: RequestSpec<T>): Promise<T | StoppedPage> {
    const req = `${spec.method} ${spec.path}${queryString(spec.query)}`;
    loop.stats.call(spec.endpoint);
    try {
      return await attempts(loop, spec, req);
    } catch (err) {
      loop.stats.failure(spec.endpoint);
      if (err instanceof TixSchemaError) loop.stats.schemaError(spec.endpoint);
      throw err;
    }
  };
}

/** Attempt, classify, decide, perform: until the decision returns or fails. */
async function attempts<T>(loop: Loop, spec: RequestSpec<T>, req: string): Promise<T | StoppedPage> {
  const { breaker } = loop;
  let attempt = 0;
  let reauthorised = false;
  for (;;) {
    const pre = breaker.snapshot();
    if (pre.state === 'open') throw blockedError(loop, spec, req, pre.reason ?? 'circuit open', pre.retryAt);
    const bearer = await loop.bearerFor(spec.auth);
    const answer = await sendOnce(loop, spec, req, bearer, ++attempt);
    const outcome = classifyAttempt(answer, spec, new Date());
    const failuresBefore = breaker.snapshot().consecutiveFailures;
    const canRenew = !reauthorised && (spec.auth.kind === 'guest' || spec.auth.kind === 'user') && bearer !== undefined;
    const d = decideAttempt(outcome, {
      endpoint: spec.endpoint,
      request: req,
      host: loop.host,
      attempt,
      canRenew,
      timeoutMs: loop.timeoutMs,
      retry: loop.retry,
      random: loop.random,
      answered: loop.answered,
      failuresBefore,
    });
    markBreaker(loop, d.breaker);
    logDecision(loop.log, spec.endpoint, req, attempt, outcome, d);
    const next = d.next;
    if (next.do === 'return') return next.value;
    if (next.do === 'stop-paging')
      return { success: true, data: { theaters: [], has_next: false }, stopped: next.error };
    if (next.do === 'fail') throw next.error;
    if (next.do === 'blocked') {
      const snap = breaker.snapshot();
      throw blockedError(loop, spec, req, snap.reason ?? 'HTTP 403', snap.retryAt);
    }
    if (next.do === 'retry') await loop.sleep(next.delayMs);
    if (next.do === 'renew') {
      reauthorised = true;
      await loop.renew(spec.auth, bearer!);
    }
  }
}

/** The call fails fast: the breaker is open (counted as blocked). */
function blockedError(loop: Loop, spec: RequestSpec<unknown>, req: string, reason: string, retryAt?: number) {
  loop.stats.blocked(spec.endpoint);
  const at = retryAt ?? loop.breaker.snapshot().retryAt;
  return new TixBlockedError(spec.endpoint, req, reason, at === undefined ? undefined : new Date(at).toISOString());
}

/** Wait until the limiter and the breaker let an attempt go; resolves with the limiter's release. */
async function admit(loop: Loop, spec: RequestSpec<unknown>, req: string): Promise<() => void> {
  let release: () => void;
  try {
    release = await loop.limiter.acquire(loop.gate.signal());
  } catch (e) {
    if (e instanceof Blocked) throw blockedError(loop, spec, req, e.reason);
    throw e;
  }
  const admission = loop.breaker.admit();
  if (!admission.ok) {
    release();
    throw blockedError(loop, spec, req, admission.reason, admission.retryAt);
  }
  return release;
}

/** One attempt on the wire: its answer or transport error, counted and (at debug) logged. */
async function sendOnce(
  loop: Loop,
  spec: RequestSpec<unknown>,
  req: string,
  bearer: string | undefined,
  attempt: number,
) {
  const headers: Record<string, string> = { ...TIX_HEADERS };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  const url = `${loop.base}${spec.path}${queryString(spec.query)}`;
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const release = await admit(loop, spec, req);
  const started = performance.now();
  const ended = loop.silence.attempt(req, attempt);
  let answer: { res: HttpResponse } | { error: TransportError } | undefined;
  try {
    answer = { res: await loop.send({ method: spec.method, url, headers, body, timeoutMs: loop.timeoutMs }) };
    loop.answered = true;
  } catch (e) {
    if (!(e instanceof TransportError)) {
      loop.breaker.release();
      throw e;
    }
    answer = { error: e };
  } finally {
    ended(answer !== undefined && 'res' in answer);
    release();
  }
  const ms = performance.now() - started;
  const label = 'res' in answer ? String(answer.res.status) : outcomeLabel(transportOutcome(answer.error));
  loop.stats.attempt(spec.endpoint, label, ms, 'res' in answer ? answer.res.body.length : 0, attempt > 1);
  // LOG_LEVEL=debug: one line per request (method, path and query, status, ms, attempt; no header, so no token)
  const rounded = Math.round(ms);
  loop.log.debug(
    { endpoint: spec.endpoint, request: req, status: label, ms: rounded, attempt },
    `${req} → ${label} in ${rounded} ms (attempt ${attempt})`,
  );
  return answer;
}

/** Queued waiters are dropped the moment the breaker opens, instead of each burning a rate slot. */
function createGate(breaker: CircuitBreaker): { signal(): AbortSignal } {
  const newGate = () => {
    const g = new AbortController();
    setMaxListeners(0, g.signal); // one listener per queued request
    return g;
  };
  let gate = newGate();
  breaker.onOpen((reason) => {
    const old = gate;
    gate = newGate();
    old.abort(new Blocked(reason));
  });
  return { signal: () => gate.signal };
}

/** Tell the breaker what the attempt showed; when that opens it, say so in one line (with what to check, if the decision has advice). */
function markBreaker(loop: Loop, m: BreakerMark): void {
  const { breaker, log } = loop;
  const opened = breaker.snapshot().opened;
  if (m.mark === 'success') breaker.success();
  else if (m.mark === 'failure') breaker.failure(m.what);
  else if (m.mark === 'trip') breaker.trip(m.reason);
  else breaker.blocked(m.what);
  const now = breaker.snapshot();
  if (now.opened === opened) return;
  if (m.mark === 'trip') log.error({ reason: now.reason, host: loop.host }, `${m.reason}: ${m.advice}`);
  else log.error({ reason: now.reason }, 'TIX.id circuit breaker open: failing fast ("blocked")');
}

/** The lines a decision is worth: retries at debug, a token renewal at info, a bad schema at warn. */
function logDecision(
  log: Logger,
  endpoint: Endpoint,
  request: string,
  attempt: number,
  o: AttemptOutcome<unknown>,
  d: Decision<unknown>,
): void {
  const next = d.next;
  if (o.kind === 'malformed') {
    if (next.do === 'retry') {
      log.debug(
        { endpoint, request, outcome: 'malformed', field: o.field, attempt, delayMs: next.delayMs },
        'TIX.id sent a malformed body, retrying',
      );
    } else {
      log.warn(
        { endpoint, request, field: o.field, problem: o.problem, attempts: attempt },
        'TIX.id response does not match its schema',
      );
    }
  } else if (next.do === 'retry') {
    const outcome = 'status' in o ? String(o.status) : o.kind;
    log.debug({ endpoint, request, outcome, attempt, delayMs: next.delayMs }, 'TIX.id request failed, retrying');
  } else if (next.do === 'renew' && o.kind === 'unauthorized') {
    log.info({ endpoint, request, code: o.error.code }, 'TIX.id answered 401: renewing the token once');
  }
}
