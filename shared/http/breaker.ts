/**
 * Circuit breaker of an HTTP client (TIX.id, the geocoders). `closed`: requests go through. A 403
 * (the IP is refused) or `failureThreshold` consecutive service failures (network errors, timeouts,
 * 5xx, 429) open it: every call then fails fast with "blocked" instead of hammering a service that refuses us. After
 * `openMs` it lets exactly one probe through (`half-open`); the probe's success closes it, any
 * failure opens it again. A plain state machine over an injected clock (milliseconds).
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive service failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe is allowed. */
  openMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 12, openMs: 60_000 };

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  opened: number;
  reason: string | undefined;
  /** Epoch ms when a probe may go, while open. */
  retryAt: number | undefined;
}

export type Admission = { ok: true; probe: boolean } | { ok: false; reason: string; retryAt: number };

export class CircuitBreaker {
  private stateValue: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private openedCount = 0;
  private reasonValue: string | undefined;
  private probeInFlight = false;
  private readonly listeners: Array<(reason: string) => void> = [];

  constructor(
    private readonly opts: BreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.stateValue === 'open' && this.now() >= this.openedAt + this.opts.openMs) return 'half-open';
    return this.stateValue;
  }

  /** Called when the breaker opens (the client uses it to drop queued requests). */
  onOpen(fn: (reason: string) => void): void {
    this.listeners.push(fn);
  }

  /** May a request start now? In half-open only one probe at a time is admitted. */
  admit(): Admission {
    const s = this.state;
    if (s === 'closed') return { ok: true, probe: false };
    if (s === 'half-open' && !this.probeInFlight) {
      this.stateValue = 'half-open';
      this.probeInFlight = true;
      return { ok: true, probe: true };
    }
    return { ok: false, reason: this.reasonValue ?? 'circuit open', retryAt: this.openedAt + this.opts.openMs };
  }

  /**
   * The service answered in a way that shows it serves us (2xx, or a 4xx about the request).
   * While open (no probe admitted yet) it is the late answer of a request admitted before the
   * breaker opened: it says nothing about now, and only a probe's success closes the breaker.
   */
  success(): void {
    if (this.stateValue === 'open') return;
    this.failures = 0;
    this.probeInFlight = false;
    if (this.stateValue !== 'closed') {
      this.stateValue = 'closed';
      this.reasonValue = undefined;
    }
  }

  /** A service failure (network, timeout, 5xx, 429). */
  failure(what: string): void {
    this.failures++;
    if (this.stateValue === 'half-open' || this.probeInFlight) {
      this.open(`probe failed (${what})`);
    } else if (this.stateValue === 'closed' && this.failures >= this.opts.failureThreshold) {
      this.open(`${this.failures} consecutive failures, the last: ${what}`);
    }
  }

  /** A 403: the IP is refused. Opens at once. */
  blocked(what: string): void {
    this.failures++;
    this.open(`TIX.id refused us with HTTP 403 (${what}); the IP is probably blocked`);
  }

  /** Open at once with this reason (e.g. the service has never answered). */
  trip(reason: string): void {
    this.failures++;
    this.open(reason);
  }

  /** An attempt that ended without telling anything about the service (e.g. cancelled). */
  release(): void {
    this.probeInFlight = false;
  }

  snapshot(): BreakerSnapshot {
    const s = this.state;
    return {
      state: s,
      consecutiveFailures: this.failures,
      opened: this.openedCount,
      reason: this.reasonValue,
      retryAt: s === 'closed' ? undefined : this.openedAt + this.opts.openMs,
    };
  }

  private open(reason: string): void {
    const wasOpen = this.stateValue === 'open' && this.state === 'open';
    this.stateValue = 'open';
    this.openedAt = this.now();
    this.probeInFlight = false;
    this.reasonValue = reason;
    if (!wasOpen) {
      this.openedCount++;
      for (const fn of this.listeners) fn(reason);
    }
  }
}
