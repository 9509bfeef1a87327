/**
 * The verdict of a run and the exit codes: THE one place that maps a run's outcome, an error or a
 * signal to the code a process exits with.
 *
 *   0 success or partial · 1 failed · 2 usage or configuration error · 130 SIGINT · 143 SIGTERM
 *
 * A run fails when it published nothing, when every unit of its work failed, or when more than the
 * allowed share (PARTIAL_MAX_SHARE) failed; under that share it is partial and exits 0.
 */
import { ArgsError } from '../args.js';
import { ConfigError } from '../config-error.js';
import type { CancelSignal, RunStatus } from './vocabulary.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
/** A usage or configuration error: one line on stderr. */
export const EXIT_USAGE = 2;

/** The exit code of a process stopped by a signal: 130 for SIGINT, 143 for SIGTERM (or unknown). */
export function signalExitCode(signal: CancelSignal | undefined): 130 | 143 {
  return signal === 'SIGINT' ? 130 : 143;
}

/** 0 success/partial, 1 failed, 130 cancelled by SIGINT, 143 by SIGTERM (or unknown). */
export function exitCodeOf(status: RunStatus, signal?: CancelSignal): number {
  if (status === 'cancelled') return signalExitCode(signal);
  return status === 'failed' ? EXIT_FAILED : EXIT_OK;
}

/**
 * A usage or configuration error as the one line a command prints before exiting with
 * EXIT_USAGE (`name: message` / `configuration error: message`); undefined for any other error,
 * which exits with EXIT_FAILED.
 */
export function usageErrorLine(err: unknown, command: string): string | undefined {
  if (err instanceof ArgsError) return `${command}: ${err.message}`;
  if (err instanceof ConfigError) return `configuration error: ${err.message}`;
  return undefined;
}

/** A partial run exits 0 only when at most this share of its units of work failed. */
export const PARTIAL_MAX_SHARE = 0.1;

export interface WorkDone {
  /** Plural noun: 'cities', 'movie×city pairs', 'showtimes'. */
  unit: string;
  total: number;
  failed: number;
  /** Override of PARTIAL_MAX_SHARE (e.g. the movies scraper's --max-failed-share). */
  maxShare?: number;
}

/** The status a run ends with when none is forced. */
export function deriveStatus(published: number | boolean, failures: number): RunStatus {
  const any = typeof published === 'number' ? published > 0 : published;
  if (!any) return 'failed';
  return failures > 0 ? 'partial' : 'success';
}

/**
 * The status of a run from what it published, the failures recorded and its units of work, with
 * one line why when it failed: nothing published; every unit failed; more than the allowed share
 * failed. Under the share it is partial (exit 0) and the failures are named in the record.
 */
export function judgeRun(
  published: number | boolean,
  failures: number,
  work?: WorkDone,
): { status: RunStatus; reason?: string } {
  if (work && work.total > 0 && work.failed > 0) {
    const max = work.maxShare ?? PARTIAL_MAX_SHARE;
    if (work.failed >= work.total) return { status: 'failed', reason: `all ${work.total} ${work.unit} failed` };
    if (work.failed / work.total > max) {
      return {
        status: 'failed',
        reason: `${work.failed} of ${work.total} ${work.unit} failed (${Math.round((work.failed / work.total) * 100)}%, more than the ${Math.round(max * 100)}% a partial run may miss)`,
      };
    }
  }
  const status = deriveStatus(published, failures);
  if (status === 'failed')
    return { status, reason: failures ? `nothing published (${failures} failures)` : 'nothing published' };
  return { status };
}
