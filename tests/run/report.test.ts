import { describe, expect, it } from 'vitest';
import { annotationLines } from '../../shared/run/report.js';

describe('GitHub annotations of a run', () => {
  it('annotations escape newlines and percent signs, and a success has none', () => {
    expect(annotationLines({ runType: 'seats', status: 'success', groups: [] })).toEqual([]);
    expect(
      annotationLines({ runType: 'seats', status: 'failed', reason: '50% failed\nsecond line', groups: [] }),
    ).toEqual(['::error title=CineRadar seats failed::50%25 failed%0Asecond line']);
  });
});
