/**
 * Says so when TIX.id does not answer: while requests are out and nothing has come back for
 * `noticeAfterMs` (5 s by default, sooner with a short TIX_TIMEOUT_MS), one WARN line names the
 * host, the request waited for and how long TIX.id has been silent; then at most one more line every
 * `repeatMs`. Any answer (whatever its status) ends the silence. Without it, a TIX.id that accepts
 * connections and never answers looks like a hung program.
 */
import type { Logger } from '../log.js';

export interface SilenceWatchOptions {
  log: Logger;
  /** `host[:port]` of TIX.id. */
  host: string;
  /** The per-attempt timeout, said in the line. */
  timeoutMs: number;
  noticeAfterMs?: number;
  repeatMs?: number;
  /** Monotonic milliseconds (injectable for tests). */
  now?: () => number;
}

export interface SilenceWatch {
  /** An attempt went out; call the returned function when it ends (`answered`: an HTTP answer came back). */
  attempt(request: string, attempt: number): (answered: boolean) => void;
}

export function createSilenceWatch(opts: SilenceWatchOptions): SilenceWatch {
  const now = opts.now ?? (() => performance.now());
  const noticeAfterMs = opts.noticeAfterMs ?? Math.min(5000, Math.max(1, Math.floor(opts.timeoutMs / 2)));
  const repeatMs = opts.repeatMs ?? 10_000;
  let silentSince: number | undefined;
  let lastNotice = -Infinity;
  let inFlight = 0;
  /** When the last attempt ended, unanswered, with none left out (a retry's backoff, or the run moved on). */
  let idleSince: number | undefined;

  const notice = (request: string, attempt: number) => {
    const t = now();
    if (silentSince === undefined || t - lastNotice < repeatMs) return;
    lastNotice = t;
    const ms = t - silentSince;
    const s = ms < 10_000 ? (Math.round(ms / 100) / 10).toString() : Math.round(ms / 1000).toString();
    opts.log.warn(
      { host: opts.host, request, attempt, silent_ms: Math.round(ms) },
      `no answer from TIX.id at ${opts.host} for ${s} s: waiting for ${request} (attempt ${attempt}; ` +
        `each attempt gives up after ${opts.timeoutMs / 1000} s, TIX_TIMEOUT_MS)`,
    );
  };

  return {
    attempt(request, attempt) {
      const t = now();
      // a pause longer than a backoff is not part of the silence
      if (inFlight === 0 && idleSince !== undefined && t - idleSince > repeatMs) silentSince = undefined;
      silentSince ??= t;
      inFlight++;
      const timer = setTimeout(() => notice(request, attempt), noticeAfterMs);
      timer.unref();
      let ended = false;
      return (answered) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        inFlight--;
        if (answered) {
          silentSince = undefined;
          lastNotice = -Infinity;
        }
        idleSince = inFlight === 0 && !answered ? now() : undefined;
      };
    },
  };
}
