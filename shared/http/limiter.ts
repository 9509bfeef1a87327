/**
 * The politeness limiter: at most `rps` request starts per second, evenly spaced (no bursts), and
 * at most `concurrency` requests in flight. One instance per process (`processLimiter`) is shared
 * by every client, so two scrapers in one process cannot add up to twice the rate.
 *
 * Starts follow a fixed grid of 1000/rps ms: a timer that fires a millisecond late delays that one
 * start, not every start after it (spacing measured from the actual starts lost ~5% of the rate
 * to timer lateness at 50 req/s). Two rules keep it polite: a start never comes earlier than one
 * second after the start `rps` starts before it (so any half-open one-second window sees at most
 * `rps` starts, whatever the timers do), and after an idle spell or a concurrency stall of more than
 * one interval the grid restarts at the actual start (no catch-up burst).
 * Why not p-limit alone: it bounds concurrency but not the rate; combining both in one small queue
 * keeps FIFO order across the two limits and lets queued waiters be cancelled (an open breaker
 * empties the queue at once instead of letting each waiter burn a rate slot).
 */

/** Time source of the limiter; injectable so tests drive it with a fake clock. */
export interface Timers {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LimiterOptions {
  rps: number;
  concurrency: number;
  timers?: Timers;
}

export interface LimiterStats {
  rps: number;
  concurrency: number;
  active: number;
  waiting: number;
  started: number;
  /** Total milliseconds callers spent waiting for a slot. */
  waitedMs: number;
}

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (err: unknown) => void;
  since: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

function checkLimits(rps: number, concurrency: number): void {
  if (!(rps > 0) || !Number.isFinite(rps)) throw new Error(`Limiter: rps must be > 0, got ${rps}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`Limiter: concurrency must be a whole number ≥ 1, got ${concurrency}`);
  }
}

export class Limiter {
  private rpsValue: number;
  private concurrencyValue: number;
  private readonly timers: Timers;
  private readonly queue: Waiter[] = [];
  private active = 0;
  /** The grid slot of the next start. */
  private nextSlot = -Infinity;
  /** The last `ceil(rps)` start instants, oldest first. */
  private recent: number[] = [];
  private timer: unknown = undefined;
  private timerAt = Infinity;
  private started = 0;
  private waitedMs = 0;

  constructor(opts: LimiterOptions) {
    checkLimits(opts.rps, opts.concurrency);
    this.rpsValue = opts.rps;
    this.concurrencyValue = opts.concurrency;
    this.timers = opts.timers ?? realTimers;
  }

  get rps(): number {
    return this.rpsValue;
  }
  get concurrency(): number {
    return this.concurrencyValue;
  }
  /** Minimum milliseconds between two starts. */
  get intervalMs(): number {
    return 1000 / this.rpsValue;
  }

  /** Change the limits (a later client asking for other numbers); takes effect for the next start. */
  reconfigure(rps: number, concurrency: number): void {
    checkLimits(rps, concurrency);
    this.rpsValue = rps;
    this.concurrencyValue = concurrency;
    this.pump();
  }

  /**
   * Wait for a slot; resolves with `release`, to be called exactly once when the request is done.
   * Rejects with the signal's reason if `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const w: Waiter = { resolve, reject, since: this.timers.now(), signal, onAbort: undefined };
      if (signal) {
        w.onAbort = () => {
          const i = this.queue.indexOf(w);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(signal.reason);
          }
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
      this.pump();
    });
  }

  /** Run `fn` inside a slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  stats(): LimiterStats {
    return {
      rps: this.rpsValue,
      concurrency: this.concurrencyValue,
      active: this.active,
      waiting: this.queue.length,
      started: this.started,
      waitedMs: Math.round(this.waitedMs),
    };
  }

  private pump(): void {
    while (this.queue.length > 0 && this.active < this.concurrencyValue) {
      const now = this.timers.now();
      const perSecond = Math.max(1, Math.ceil(this.rpsValue));
      const windowFree =
        this.recent.length < perSecond ? -Infinity : this.recent[this.recent.length - perSecond]! + 1000;
      const next = Math.max(this.nextSlot, windowFree);
      if (now < next) {
        this.wakeAt(next);
        return;
      }
      const w = this.queue.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      this.active++;
      this.started++;
      // on the grid unless more than an interval behind it (idle, or waiting for a free slot)
      this.nextSlot = now - this.nextSlot > this.intervalMs ? now + this.intervalMs : this.nextSlot + this.intervalMs;
      this.recent.push(now);
      if (this.recent.length > perSecond) this.recent.splice(0, this.recent.length - perSecond);
      this.waitedMs += now - w.since;
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.active--;
        this.pump();
      });
    }
  }

  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timerAt = at;
    // Timers may fire a fraction of a millisecond early; pump() re-checks and waits again if so.
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(0, Math.ceil(at - this.timers.now())),
    );
  }
}

let shared: Limiter | undefined;

/**
 * The process-wide limiter. The first call creates it; a later call with other numbers
 * reconfigures it to those (the latest configuration wins) rather than creating a second one.
 */
export function processLimiter(rps: number, concurrency: number): Limiter {
  if (!shared) shared = new Limiter({ rps, concurrency });
  else if (shared.rps !== rps || shared.concurrency !== concurrency) shared.reconfigure(rps, concurrency);
  return shared;
}
