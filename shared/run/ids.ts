/** Run ids: the run's start in UTC and its type, as the contract names `scraper_runs` documents. */
import { iso } from '../clock.js';
import type { RunType, SeatMode } from './vocabulary.js';

/** `2026-01-19T00-01-02` of an instant in UTC (the contract's run id prefix). */
export function runIdPrefix(at: Date): string {
  return iso(at).slice(0, 19).replace(/:/g, '-');
}

/**
 * `{YYYY-MM-DDTHH-MM-SS}_{run_type}` (seats: `…_seats_{mode}`); with `millis` (0–999)
 * `{…SS}-{mmm}_{run_type}`, to tell apart runs of one type started in the same second.
 */
export function makeRunId(runType: RunType, at: Date, millis?: number, mode?: SeatMode): string {
  const ms = millis === undefined ? '' : `-${String(millis % 1000).padStart(3, '0')}`;
  return `${runIdPrefix(at)}${ms}_${runType}${mode ? `_${mode}` : ''}`;
}
