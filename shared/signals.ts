/**
 * Cancel on SIGINT/SIGTERM: GitHub cancels a job (timeout, a newer run, a manual cancel) with SIGINT,
 * then SIGTERM, and kills it seconds later. `cancelOnSignals()` turns the first of them into an
 * aborted `AbortSignal` (its `reason` is the signal's name) so the work stops taking new items,
 * saves what it did and records the run as cancelled; a process that has not exited `graceMs`
 * after the signal exits with 130/143 anyway.
 */
import { signalExitCode } from './run/verdict.js';
import type { CancelSignal } from './run/vocabulary.js';

export interface SignalCancel {
  signal: AbortSignal;
  /** The signal that arrived, if any. */
  received(): CancelSignal | undefined;
  /** Remove the handlers (the process's default handling comes back). */
  dispose(): void;
}

export function cancelOnSignals(opts: { graceMs?: number; onSignal?: (s: CancelSignal) => void } = {}): SignalCancel {
  const controller = new AbortController();
  let got: CancelSignal | undefined;
  const handler = (s: CancelSignal) => () => {
    if (!got) {
      got = s;
      opts.onSignal?.(s);
      controller.abort(s);
    }
    setTimeout(() => process.exit(signalExitCode(got)), opts.graceMs ?? 20_000).unref();
  };
  const onInt = handler('SIGINT');
  const onTerm = handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => got,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/** The signal an aborted AbortSignal was aborted with (`cancelOnSignals`), or SIGTERM. */
export function cancelSignalOf(signal: AbortSignal | undefined): CancelSignal | undefined {
  if (!signal?.aborted) return undefined;
  return signal.reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
}
