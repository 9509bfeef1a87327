import { describe, expect, it } from 'vitest';
import { judgePage } from '../../scrapers/schedules/paging.js';
import type { SchedulePageResult } from '../../shared/tix/client.js';
import { SchedulePage } from '../../shared/tix/schemas.js';

function page(ids: string[], hasNext: boolean, stopped?: SchedulePageResult['stopped']): SchedulePageResult {
  const p = SchedulePage.parse({
    theaters: ids.map((id) => ({
      id,
      name: `T${id}`,
      address: '',
      merchant: { merchant_name: 'XXI' },
      price_groups: [],
    })),
    has_next: hasNext,
  });
  return stopped ? { ...p, stopped } : p;
}

describe('judgePage', () => {
  it('pages on while has_next, stops on the last page', () => {
    const seen = new Set<string>();
    expect(judgePage(page(['1', '2'], true), 1, seen)).toEqual({ kind: 'next' });
    expect(judgePage(page(['3'], false), 2, seen)).toEqual({ kind: 'done' });
    expect([...seen]).toEqual(['1', '2', '3']);
  });
  it('an empty last page is the end; an empty page that says has_next fails the pair', () => {
    expect(judgePage(page([], false), 1, new Set())).toEqual({ kind: 'done' });
    const v = judgePage(page([], true), 3, new Set(['1']));
    expect(v.kind).toBe('fail');
    expect(v.kind === 'fail' && v.reason).toMatch(/page 3 is empty but says has_next/);
  });
  it('success:false fails the pair with the code', () => {
    const v = judgePage(page([], false, { code: 'SCHEDULE_UNAVAILABLE', message: 'try later' }), 2, new Set());
    expect(v).toEqual({
      kind: 'fail',
      reason: 'page 2: TIX.id answered success:false (SCHEDULE_UNAVAILABLE: try later)',
    });
  });
  it('a page repeating earlier theatres, or too many pages, is a loop', () => {
    const seen = new Set(['1', '2']);
    expect(judgePage(page(['1', '2'], true), 2, seen).kind).toBe('fail');
    expect(judgePage(page(['9'], true), 5, new Set(), 5)).toEqual({
      kind: 'fail',
      reason: 'still has_next:true after 5 pages (paging loop)',
    });
  });
});
