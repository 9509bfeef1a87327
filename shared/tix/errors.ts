/**
 * The errors of the TIX.id client. Each names the endpoint and the request (method, path and
 * query: never a header, so never a token) so a log line says what failed without a debugger.
 */

/** The client's endpoints, used as stats keys and in every error. */
export type Endpoint = 'auth' | 'refresh' | 'cities' | 'movies' | 'schedules' | 'layout';
export const ENDPOINTS: readonly Endpoint[] = ['auth', 'refresh', 'cities', 'movies', 'schedules', 'layout'];

export class TixError extends Error {
  constructor(
    readonly endpoint: Endpoint,
    /** `GET /v1/movies?city_id=…`: path and query only. */
    readonly request: string,
    /** HTTP status, or undefined for a network error or timeout. */
    readonly status: number | undefined,
    /** The API's error code (`INVALID_TOKEN`, …), or TIMEOUT / NETWORK. */
    readonly code: string | undefined,
    message: string,
    /** How many attempts were made before giving up. */
    readonly attempts = 1,
  ) {
    super(`${endpoint} ${request}: ${message}`);
    this.name = 'TixError';
  }
}

/** The response arrived but did not have the documented shape. */
export class TixSchemaError extends TixError {
  constructor(
    endpoint: Endpoint,
    request: string,
    status: number,
    /** Path of the offending field, e.g. `data.theaters[3].price_groups[0].show_time[2].id`. */
    readonly field: string,
    readonly problem: string,
    attempts = 1,
  ) {
    super(
      endpoint,
      request,
      status,
      'SCHEMA',
      `response does not match the schema at ${field || '(root)'}: ${problem}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      attempts,
    );
    this.name = 'TixSchemaError';
  }
}

/**
 * The circuit breaker is open: TIX.id refuses us (403), keeps failing, or never answered. Calls fail
 * fast. The message is the breaker's, without the call's own request: every call it stops has the
 * one cause (the request is still in `request`).
 */
export class TixBlockedError extends TixError {
  constructor(
    endpoint: Endpoint,
    request: string,
    /** Why the breaker opened ("HTTP 403 from …" or "12 consecutive failures"). */
    readonly reason: string,
    /** When the breaker lets a probe through again (ISO), if it will. */
    readonly retryAt: string | undefined,
  ) {
    super(endpoint, request, undefined, 'BLOCKED', `blocked: ${reason}`);
    this.message = `blocked: ${reason}; not calling TIX.id until ${retryAt ?? 'restart'}`;
    this.name = 'TixBlockedError';
  }
}

/** 401 EXPIRED_EVENT_DETAIL on a seat layout: the show has started. Not a token problem. */
export class ShowStartedError extends TixError {
  constructor(endpoint: Endpoint, request: string) {
    super(endpoint, request, 401, 'EXPIRED_EVENT_DETAIL', 'the show has started (EXPIRED_EVENT_DETAIL)');
    this.name = 'ShowStartedError';
  }
}

/** No usable access token and no way to get one. The message says what to do. */
export class TokenUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenUnavailableError';
  }
}
