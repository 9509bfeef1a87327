/**
 * Reads used today: the project's Firestore document reads since the start of the quota day
 * (midnight America/Los_Angeles, when the free tier's 50,000 reads reset), from Google Cloud
 * Monitoring's `timeSeries.list` (metric `firestore.googleapis.com/document/read_count`, summed over
 * the day and across series). Needs an access token of a service account with
 * roles/monitoring.viewer; without it Monitoring answers 403, which the health check reports in one
 * line and does not count as a problem (docs/security.md, "Watching the read quota").
 *
 * The token source and the Monitoring base are passed in, so a test runs against a loopback fake
 * of the endpoint with a fake token (Google's OAuth endpoint is not reachable from the tests).
 */

export const READ_QUOTA = 50_000;
export const READS_WARN_SHARE = 0.8;
export const QUOTA_ZONE = 'America/Los_Angeles';

export interface MonitoringAccess {
  /** Monitoring host, e.g. https://monitoring.googleapis.com (MONITORING_BASE). */
  base: string;
  projectId: string;
  /** An OAuth access token (firebase-admin's credential.getAccessToken()). */
  token: () => Promise<string>;
}

export type ReadsUsed =
  | { kind: 'used'; reads: number; share: number; since: string }
  | { kind: 'not-allowed'; detail: string }
  | { kind: 'not-applicable'; detail: string };

/** Y-M-D and H:M of `at` in `zone`. */
function partsIn(at: Date, zone: string): { y: number; m: number; d: number; hh: number; mm: number } {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: Number(p.hour), mm: Number(p.minute) };
}

/** The instant the quota day holding `now` started: midnight in America/Los_Angeles (PST or PDT). */
export function quotaDayStart(now: Date): Date {
  const { y, m, d } = partsIn(now, QUOTA_ZONE);
  for (const offsetHours of [8, 7]) {
    const candidate = new Date(Date.UTC(y, m - 1, d, offsetHours));
    const c = partsIn(candidate, QUOTA_ZONE);
    if (c.d === d && c.hh === 0 && c.mm === 0) return candidate;
  }
  throw new Error(`no midnight found in ${QUOTA_ZONE} on ${y}-${m}-${d}`);
}

/** The timeSeries.list URL: reads of the project from `start` to `end`, one sum over the span. */
export function readCountUrl(access: Pick<MonitoringAccess, 'base' | 'projectId'>, start: Date, end: Date): string {
  const u = new URL(`${access.base}/v3/projects/${encodeURIComponent(access.projectId)}/timeSeries`);
  const seconds = Math.max(60, Math.ceil((end.getTime() - start.getTime()) / 1000));
  u.searchParams.set('filter', 'metric.type="firestore.googleapis.com/document/read_count"');
  u.searchParams.set('interval.startTime', start.toISOString());
  u.searchParams.set('interval.endTime', end.toISOString());
  u.searchParams.set('aggregation.alignmentPeriod', `${seconds}s`);
  u.searchParams.set('aggregation.perSeriesAligner', 'ALIGN_SUM');
  u.searchParams.set('aggregation.crossSeriesReducer', 'REDUCE_SUM');
  return u.toString();
}

interface TimeSeriesAnswer {
  timeSeries?: { points?: { value?: { int64Value?: string | number } }[] }[];
  error?: { code?: number; message?: string; status?: string };
}

/** The sum of every point of every series (no `timeSeries` key: no reads recorded, 0). */
function sumPoints(body: TimeSeriesAnswer): number {
  let total = 0;
  for (const s of body.timeSeries ?? []) {
    for (const p of s.points ?? []) {
      const n = Number(p.value?.int64Value ?? 0);
      if (!Number.isFinite(n))
        throw new Error(`Monitoring answered a read count that is not a number: ${String(p.value?.int64Value)}`);
      total += n;
    }
  }
  return total;
}

/** Ask Monitoring for today's reads. A 403 is `not-allowed`; any other failure throws. */
export async function readsUsedToday(access: MonitoringAccess, now: Date): Promise<ReadsUsed> {
  const start = quotaDayStart(now);
  const token = await access.token();
  const res = await fetch(readCountUrl(access, start, now), {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  const text = await res.text();
  let body: TimeSeriesAnswer;
  try {
    body = JSON.parse(text || '{}') as TimeSeriesAnswer;
  } catch {
    throw new Error(`Monitoring answered HTTP ${res.status} that is not JSON`);
  }
  if (res.status === 403) return { kind: 'not-allowed', detail: body.error?.status ?? 'PERMISSION_DENIED' };
  if (!res.ok)
    throw new Error(
      `Monitoring answered HTTP ${res.status}${body.error?.status ? ` ${body.error.status}` : ''}${body.error?.message ? `: ${body.error.message}` : ''}`,
    );
  const reads = sumPoints(body);
  return { kind: 'used', reads, share: reads / READ_QUOTA, since: start.toISOString() };
}

/** The one line health prints about reads. */
export function readsLine(r: ReadsUsed): string {
  if (r.kind === 'used')
    return `reads used today: ${r.reads.toLocaleString('en-US')} of ${READ_QUOTA.toLocaleString('en-US')} (${(r.share * 100).toFixed(1)}%)`;
  if (r.kind === 'not-allowed') {
    return `reads used today: not allowed (${r.detail}): give the service account roles/monitoring.viewer to see them`;
  }
  return `reads used today: not checked (${r.detail})`;
}

/** The named problem when reads are over the warning share, else undefined. */
export function readsProblem(r: ReadsUsed): string | undefined {
  if (r.kind !== 'used' || r.share <= READS_WARN_SHARE) return undefined;
  return `reads: ${r.reads} of ${READ_QUOTA} used today (${(r.share * 100).toFixed(1)}%, over ${READS_WARN_SHARE * 100}%): the web app stops when the quota runs out (midnight Pacific)`;
}
