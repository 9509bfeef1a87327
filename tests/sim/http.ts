/** Small HTTP helpers for the simulator tests: requests with the captured web headers. */
import { TIX_HEADERS } from '../../shared/tix/schemas.js';
import type { Simulator } from '../../scripts/tix-sim/index.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(
  sim: Pick<Simulator, 'apiBase'>,
  path: string,
  opts: {
    method?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...TIX_HEADERS, ...(opts.headers ?? {}) };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(sim.apiBase + path, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function guestToken(sim: Pick<Simulator, 'apiBase'>): Promise<string> {
  const a = await call(sim, '/v1/auth', { method: 'POST', body: { client_id: 'tixid_guest' } });
  return (a.json as { data: { token: string } }).data.token;
}

export const schedulePath = (movieId: string, cityId: string, date: string, page: number) =>
  `/v1/schedules/movies/${movieId}?city_id=${cityId}&date=${date}&page=${page}`;

export const layoutPath = (merchant: string, showtimeId: string, tz = '7') =>
  `/v1/movies/${merchant}/layout?show_time_id=${showtimeId}&tz=${tz}`;
