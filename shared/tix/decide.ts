/**
 * What the client does about an attempt's outcome (shared/tix/outcome.ts): one pure decision
 * table that applies the retry policy (shared/http/retry.ts), tells the circuit breaker what the
 * attempt showed, and says whether to renew the token. The request loop (shared/tix/request.ts)
 * only performs the decision.
 *
 *   outcome        breaker                 next
 *   ok             success                 return the value
 *   stop-paging    success                 return an empty last page
 *   refused        success                 fail (TixError success:false)
 *   show-started   success                 fail (ShowStartedError)
 *   unauthorized   success                 renew the token once, then fail (TixError 401)
 *   forbidden      blocked (opens it)      fail (TixBlockedError)
 *   malformed      failure                 retry per policy, then fail (TixSchemaError)
 *   timeout        failure                 retry per policy, then fail (TixError TIMEOUT)
 *   network        failure                 retry per policy, then fail (TixError NETWORK)
 *   timeout/network, TIX.id never answered, the 3rd in a row:
 *                  trip (opens it)         fail (TixBlockedError: the host, and what to check)
 *   status         failure if 5xx/429/408  retry per policy (at least Retry-After), then fail
 */
import { decideRetry, isServiceFailure, type Outcome, type RetryOptions } from '../http/retry.js';
import { ShowStartedError, TixError, TixSchemaError, type Endpoint } from './errors.js';
import type { ApiErrorText, AttemptOutcome } from './outcome.js';

/** What the attempt tells the circuit breaker. */
export type BreakerMark =
  | { mark: 'success' }
  | { mark: 'failure'; what: string }
  | { mark: 'blocked'; what: string }
  /** Open it now with this reason: TIX.id has not answered anything yet. */
  | { mark: 'trip'; reason: string; advice: string };

export type Next<T> =
  | { do: 'return'; value: T }
  /** Schedules: TIX.id said no about this page; paging ends here. */
  | { do: 'stop-paging'; error: ApiErrorText }
  | { do: 'retry'; delayMs: number }
  /** Drop the refused token and try once more with a fresh one. */
  | { do: 'renew' }
  | { do: 'fail'; error: TixError }
  /** The breaker is open: fail with its reason. */
  | { do: 'blocked' };

export interface Decision<T> {
  breaker: BreakerMark;
  next: Next<T>;
}

export interface DecideContext {
  endpoint: Endpoint;
  /** `GET /v1/movies?city_id=…`: how errors name the request. */
  request: string;
  /** `host[:port]` of TIX.id, for transport errors. */
  host: string;
  /** Attempts made so far, this one included (1-based). */
  attempt: number;
  /** The call may renew its token once: it sent one (guest or user) and has not renewed yet. */
  canRenew: boolean;
  timeoutMs: number;
  retry: RetryOptions;
  random: () => number;
  /** TIX.id has answered (any HTTP status) since this client started. */
  answered: boolean;
  /** The breaker's run of consecutive failures before this attempt. */
  failuresBefore: number;
}

/**
 * Consecutive timeouts or network errors, with no answer from TIX.id since the client started,
 * after which it counts as unreachable: the breaker opens and the run ends instead of retrying
 * every call (a wrong TIX_API_BASE, a simulator not started, a host that accepts and never answers).
 */
export const UNREACHABLE_AFTER = 3;

/** What to check when TIX.id never answered: said once, in the line that gives it up. */
export const UNREACHABLE_ADVICE = 'check TIX_API_BASE, or start `npm run sim` for local work';

/** Why a TIX.id that never answered is given up on (the host and what happened; short: every refused call carries it). */
export function unreachableReason(
  o: { kind: 'timeout' | 'network'; detail: string },
  ctx: Pick<DecideContext, 'host' | 'timeoutMs'>,
  failures: number,
): string {
  const what =
    o.kind === 'timeout'
      ? `${failures} attempts, no answer within ${ctx.timeoutMs / 1000} s each`
      : `${failures} attempts, the last: ${o.detail}`;
  return `TIX.id at ${ctx.host} does not answer (${what})`;
}

const SUCCESS: BreakerMark = { mark: 'success' };

/** `HTTP 404 CODE: message` / `success:false CODE: message`. */
function apiText(head: string, e: ApiErrorText): string {
  return `${head}${e.code ? ` ${e.code}` : ''}${e.message ? `: ${e.message}` : ''}`;
}

/** The policy's view of an outcome that may be retried. */
function policyOutcome(o: AttemptOutcome<unknown>): Outcome | undefined {
  switch (o.kind) {
    case 'malformed':
    case 'timeout':
    case 'network':
      return { kind: o.kind };
    case 'status':
      return { kind: 'status', status: o.status };
    default:
      return undefined;
  }
}

/** The error a retryable outcome fails with once the policy says stop. */
function finalError(o: AttemptOutcome<unknown>, ctx: DecideContext, reason: string): TixError {
  const { endpoint, request, attempt } = ctx;
  switch (o.kind) {
    case 'malformed':
      return new TixSchemaError(endpoint, request, o.status, o.field, o.problem, attempt);
    case 'timeout':
    case 'network': {
      const what = o.kind === 'timeout' ? `timed out after ${ctx.timeoutMs} ms` : `network error: ${o.detail}`;
      const host = what.includes(ctx.host) ? '' : ` (host ${ctx.host})`;
      return new TixError(
        endpoint,
        request,
        undefined,
        o.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK',
        `${what}${host} (${attempt} attempts)`,
        attempt,
      );
    }
    case 'status':
      return new TixError(
        endpoint,
        request,
        o.status,
        o.error.code,
        `${apiText(`HTTP ${o.status}`, o.error)} (${reason})`,
        attempt,
      );
    default:
      throw new Error(`finalError: ${o.kind} is not retried`);
  }
}

/** Outcomes the retry policy rules on: retry while it says so, then fail. */
function decideRetryable(o: AttemptOutcome<unknown>, policy: Outcome, ctx: DecideContext): Decision<never> {
  const breaker: BreakerMark =
    o.kind === 'malformed'
      ? { mark: 'failure', what: `malformed ${o.status} body on ${ctx.endpoint}` }
      : isServiceFailure(policy)
        ? { mark: 'failure', what: `${policy.kind === 'status' ? policy.status : policy.kind} on ${ctx.endpoint}` }
        : SUCCESS;
  const retryAfterMs = o.kind === 'status' ? o.retryAfterMs : undefined;
  const d = decideRetry(policy, ctx.attempt, retryAfterMs, ctx.retry, ctx.random);
  if (d.retry) return { breaker, next: { do: 'retry', delayMs: d.delayMs } };
  return { breaker, next: { do: 'fail', error: finalError(o, ctx, d.reason) } };
}

/** The decision table. */
export function decideAttempt<T>(o: AttemptOutcome<T>, ctx: DecideContext): Decision<T> {
  const { endpoint, request, attempt } = ctx;
  switch (o.kind) {
    case 'ok':
      return { breaker: SUCCESS, next: { do: 'return', value: o.value } };
    case 'stop-paging':
      return { breaker: SUCCESS, next: { do: 'stop-paging', error: o.error } };
    case 'refused':
      return {
        breaker: SUCCESS,
        next: {
          do: 'fail',
          error: new TixError(endpoint, request, o.status, o.error.code, apiText('success:false', o.error)),
        },
      };
    case 'show-started':
      return { breaker: SUCCESS, next: { do: 'fail', error: new ShowStartedError(endpoint, request) } };
    case 'unauthorized':
      if (ctx.canRenew) return { breaker: SUCCESS, next: { do: 'renew' } };
      return {
        breaker: SUCCESS,
        next: {
          do: 'fail',
          error: new TixError(endpoint, request, 401, o.error.code, apiText('HTTP 401', o.error), attempt),
        },
      };
    case 'forbidden':
      return { breaker: { mark: 'blocked', what: `${endpoint} ${request}` }, next: { do: 'blocked' } };
    case 'timeout':
    case 'network':
      if (!ctx.answered && ctx.failuresBefore + 1 >= UNREACHABLE_AFTER) {
        return {
          breaker: {
            mark: 'trip',
            reason: unreachableReason(o, ctx, ctx.failuresBefore + 1),
            advice: UNREACHABLE_ADVICE,
          },
          next: { do: 'blocked' },
        };
      }
      return decideRetryable(o, policyOutcome(o)!, ctx);
    default:
      return decideRetryable(o, policyOutcome(o)!, ctx);
  }
}
