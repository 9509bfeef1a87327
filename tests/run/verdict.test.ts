import { describe, expect, it } from 'vitest';
import { ArgsError } from '../../shared/args.js';
import { ConfigError } from '../../shared/config-error.js';
import {
  deriveStatus,
  exitCodeOf,
  judgeRun,
  PARTIAL_MAX_SHARE,
  signalExitCode,
  usageErrorLine,
} from '../../shared/run/verdict.js';

describe('the status of a run', () => {
  it('derives the status from what was published and what failed', () => {
    expect(deriveStatus(0, 0)).toBe('failed');
    expect(deriveStatus(false, 3)).toBe('failed');
    expect(deriveStatus(12, 0)).toBe('success');
    expect(deriveStatus(true, 0)).toBe('success');
    expect(deriveStatus(12, 1)).toBe('partial');
  });

  it('judgeRun: fails a run that missed everything or more than 10%; a smaller miss is partial', () => {
    expect(PARTIAL_MAX_SHARE).toBe(0.1);
    expect(judgeRun(5, 0, { unit: 'pairs', total: 17, failed: 0 })).toEqual({ status: 'success' });
    expect(judgeRun(5, 1, { unit: 'pairs', total: 17, failed: 1 })).toEqual({ status: 'partial' });
    expect(judgeRun(5, 1, { unit: 'pairs', total: 10, failed: 1 })).toEqual({ status: 'partial' }); // exactly 10%
    expect(judgeRun(5, 2, { unit: 'pairs', total: 17, failed: 2 })).toEqual({
      status: 'failed',
      reason: '2 of 17 pairs failed (12%, more than the 10% a partial run may miss)',
    });
    expect(judgeRun(5, 17, { unit: 'pairs', total: 17, failed: 17 })).toEqual({
      status: 'failed',
      reason: 'all 17 pairs failed',
    });
    expect(judgeRun(5, 3, { unit: 'cities', total: 10, failed: 3, maxShare: 0.3 })).toEqual({ status: 'partial' });
    expect(judgeRun(0, 0)).toEqual({ status: 'failed', reason: 'nothing published' });
  });
});

describe('exit codes', () => {
  it('0 success and partial, 1 failed, 130 SIGINT, 143 SIGTERM', () => {
    expect([exitCodeOf('success'), exitCodeOf('partial'), exitCodeOf('failed')]).toEqual([0, 0, 1]);
    expect([exitCodeOf('cancelled', 'SIGINT'), exitCodeOf('cancelled', 'SIGTERM')]).toEqual([130, 143]);
    expect([signalExitCode('SIGINT'), signalExitCode('SIGTERM'), signalExitCode(undefined)]).toEqual([130, 143, 143]);
  });

  it('a usage or configuration error is one line (exit 2); any other error is not one', () => {
    expect(usageErrorLine(new ArgsError('--date must be YYYY-MM-DD'), 'scrape:movies')).toBe(
      'scrape:movies: --date must be YYYY-MM-DD',
    );
    expect(usageErrorLine(new ConfigError('TIX_RPS', 'expected a number'), 'scrape:movies')).toBe(
      'configuration error: TIX_RPS: expected a number',
    );
    expect(usageErrorLine(new Error('boom'), 'scrape:movies')).toBeUndefined();
    expect(usageErrorLine('boom', 'scrape:movies')).toBeUndefined();
  });
});
