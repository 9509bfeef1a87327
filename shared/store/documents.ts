/**
 * The output contract (docs/data-contract.md) as code: the path router, which names each document
 * kind and its zod schema, and `checkDocument`, which both stores call before writing anything
 * (Firestore's own limits are in limits.ts). The schemas live by family, built from the field types
 * in fields.ts: movie-documents.ts (snapshots), schedule-documents.ts, seat-documents.ts (seats and
 * the daily summary), box-office-documents.ts, nowcast-documents.ts, place-documents.ts (theatres,
 * geocode cache), run-documents.ts and token-documents.ts. Import every schema, `Double` and the
 * size helpers from here.
 */
import { z } from 'zod';
import { BoxOfficeDoc } from './box-office-documents.js';
import {
  documentSize,
  MAX_DOCUMENT_BYTES,
  MAX_PUBLISH_BYTES,
  MAX_PUBLISH_DOCUMENTS,
  structuralProblem,
} from './limits.js';
import { CityMoviesDoc, SnapshotDoc } from './movie-documents.js';
import { BoxOfficeNowcastDoc } from './nowcast-documents.js';
import { GeocodeCacheDoc, TheatreDoc } from './place-documents.js';
import { ScraperRunDoc } from './run-documents.js';
import { ScheduleDoc, ShowtimesDoc } from './schedule-documents.js';
import { DailyAdmissionsDoc, DailySummaryDoc, SeatIndexDoc, SeatSlotDoc, SeatSnapshotDoc } from './seat-documents.js';
import { StoreError, type DocData, type DocWrite } from './store.js';
import { AuthTokenDoc, TokenLeaseDoc } from './token-documents.js';

export { Double } from './data.js';
export { documentSize, MAX_DOCUMENT_BYTES, valueSize } from './limits.js';
export * from './box-office-documents.js';
export * from './movie-documents.js';
export * from './place-documents.js';
export * from './run-documents.js';
export * from './schedule-documents.js';
export * from './seat-documents.js';
export * from './token-documents.js';

// ---------------------------------------------------------------- routing

interface Route {
  pattern: RegExp;
  schema: z.ZodType;
  name: string;
}

/** Every document kind the store may write; a path matching none is refused. */
const ROUTES: readonly Route[] = [
  { name: 'snapshot', pattern: /^snapshots\/(latest|\d{4}-\d{2}-\d{2})$/, schema: SnapshotDoc },
  { name: 'city_movies', pattern: /^snapshots\/\d{4}-\d{2}-\d{2}\/cities\/\d+$/, schema: CityMoviesDoc },
  { name: 'schedule', pattern: /^schedules\/\d{4}-\d{2}-\d{2}\/movies\/\d+$/, schema: ScheduleDoc },
  { name: 'showtimes', pattern: /^schedules\/\d{4}-\d{2}-\d{2}\/showtimes\/\d+_\d+$/, schema: ShowtimesDoc },
  { name: 'theatre', pattern: /^theatres\/\d+$/, schema: TheatreDoc },
  { name: 'geocode_cache', pattern: /^geocode_cache\/[0-9a-f]{32}$/, schema: GeocodeCacheDoc },
  {
    name: 'scraper_run',
    pattern: /^scraper_runs\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(-\d{3})?_[a-z]+$/,
    schema: ScraperRunDoc,
  },
  {
    name: 'run_log',
    pattern: /^run_log\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(-\d{3})?_[a-z]+(_[a-z]+)?$/,
    schema: ScraperRunDoc,
  },
  { name: 'seat_snapshot', pattern: /^seat_snapshots\/\d+_(morning|jit|final)_\d{4}$/, schema: SeatSnapshotDoc },
  { name: 'seat_slot', pattern: /^seat_days\/\d{4}-\d{2}-\d{2}\/slots\/\d{4}$/, schema: SeatSlotDoc },
  { name: 'seat_index', pattern: /^seat_index\/\d{4}-\d{2}-\d{2}$/, schema: SeatIndexDoc },
  { name: 'daily_summary', pattern: /^daily_summaries\/\d{4}-\d{2}-\d{2}$/, schema: DailySummaryDoc },
  {
    name: 'daily_admissions',
    pattern: /^daily_admissions\/\d{4}-\d{2}-\d{2}\/movies\/\d+$/,
    schema: DailyAdmissionsDoc,
  },
  { name: 'box_office', pattern: /^box_office\/\d{4}-\d{2}-\d{2}$/, schema: BoxOfficeDoc },
  { name: 'box_office_nowcast', pattern: /^box_office_nowcast\/\d{4}-\d{2}-\d{2}_\d{4}$/, schema: BoxOfficeNowcastDoc },
  { name: 'auth_token', pattern: /^auth_tokens\/tix_jwt$/, schema: AuthTokenDoc },
  { name: 'auth_token_lease', pattern: /^auth_tokens\/tix_jwt_lease$/, schema: TokenLeaseDoc },
];

export function routeOf(path: string): Route | undefined {
  return ROUTES.find((r) => r.pattern.test(path));
}

/** Every document kind the store may write (name and path pattern), e.g. for the security-rules test. */
export function documentKinds(): readonly { name: string; pattern: RegExp }[] {
  return ROUTES.map(({ name, pattern }) => ({ name, pattern }));
}

// ---------------------------------------------------------------- checks

function fieldOf(path: PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(document)'
  );
}

export interface CheckedDocument {
  kind: string;
  bytes: number;
}

/**
 * Check a document before it is written: its path names a known kind, it matches that kind's
 * schema, it obeys Firestore's structural rules and it fits in 1 MiB. Throws StoreError with the
 * path and the field. `partial` (for merges) accepts any subset of the fields.
 */
export function checkDocument(path: string, data: DocData, opts: { partial?: boolean } = {}): CheckedDocument {
  const route = routeOf(path);
  if (!route) throw new StoreError(path, 'no document kind is defined for this path (see shared/store/documents.ts)');
  const structural = structuralProblem(data, '', false);
  if (structural) throw new StoreError(path, structural.message, structural.field);
  let schema = route.schema;
  if (opts.partial && schema instanceof z.ZodObject) schema = schema.partial();
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StoreError(path, issue.message, fieldOf(issue.path));
  }
  const bytes = documentSize(path, data);
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new StoreError(path, `document is ${bytes} bytes, over Firestore's 1 MiB limit (${MAX_DOCUMENT_BYTES})`);
  }
  return { kind: route.name, bytes };
}

/**
 * Check a publish set before anything is written, the same way in every store: at most 500
 * documents, no path twice, every document valid, at most 10 MiB in all. Returns the total size.
 */
export function checkPublishSet(docs: readonly DocWrite[]): number {
  if (docs.length > MAX_PUBLISH_DOCUMENTS) {
    throw new StoreError(docs[0]!.path, `publish takes at most ${MAX_PUBLISH_DOCUMENTS} documents, got ${docs.length}`);
  }
  const seen = new Set<string>();
  let total = 0;
  for (const d of docs) {
    if (seen.has(d.path)) throw new StoreError(d.path, 'appears twice in one publish');
    seen.add(d.path);
    total += checkDocument(d.path, d.data, { partial: d.merge === true }).bytes;
  }
  if (total > MAX_PUBLISH_BYTES) {
    throw new StoreError(docs[0]!.path, `publish set is ${total} bytes, over Firestore's 10 MiB request limit`);
  }
  return total;
}
