/**
 * The earlier implementation's seat strategy, re-enacted on the same simulator so the speedup is
 * measured rather than claimed: one layout request at a time, a fixed pause after each, no
 * concurrency. Plain `fetch` with the captured headers, the response parsed as JSON.
 */
import { TIX_HEADERS, layoutPathOf, type Merchant } from '../../shared/tix/schemas.js';

export interface BaselineShow {
  showtimeId: string;
  merchant: Merchant;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface BaselineRun {
  ok: number;
  failed: number;
  wallMs: number;
}

export async function runBaseline(opts: {
  apiBase: string;
  accessToken: string;
  shows: readonly BaselineShow[];
  pauseMs: number;
}): Promise<BaselineRun> {
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  for (const show of opts.shows) {
    const url = `${opts.apiBase}/v1/movies/${layoutPathOf(show.merchant)}/layout?show_time_id=${encodeURIComponent(show.showtimeId)}&tz=7`;
    try {
      const res = await fetch(url, { headers: { ...TIX_HEADERS, authorization: `Bearer ${opts.accessToken}` } });
      const body = (await res.json()) as { success?: boolean };
      if (res.ok && body.success === true) ok += 1;
      else failed += 1;
    } catch {
      failed += 1;
    }
    await sleep(opts.pauseMs);
  }
  return { ok, failed, wallMs: performance.now() - t0 };
}
