/**
 * Firestore's own rules for a document, whatever its kind: the storage-size formula, the 1 MiB
 * document limit, the batch limits a publish obeys, and the structures Firestore cannot store.
 */
import { Double, type DocData } from './data.js';
import { StoreError } from './store.js';

/** Firestore's hard limit on one document. */
export const MAX_DOCUMENT_BYTES = 1_048_576;

function stringSize(s: string): number {
  return Buffer.byteLength(s, 'utf8') + 1;
}

/** Size of one value by Firestore's storage-size rules. */
export function valueSize(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Double || v instanceof Date) return 8;
  if (typeof v === 'string') return stringSize(v);
  if (Array.isArray(v)) return v.reduce<number>((n, x) => n + valueSize(x), 0);
  if (typeof v === 'object') {
    let n = 0;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined) continue;
      n += stringSize(k) + valueSize(x);
    }
    return n;
  }
  return 0;
}

/** Size of a document by Firestore's formula: name + fields + 32. */
export function documentSize(path: string, data: DocData): number {
  const name = path.split('/').reduce((n, seg) => n + stringSize(seg), 16);
  return name + valueSize(data) + 32;
}

/** Firestore's own structural rules: no array directly inside an array, no Timestamps/Dates, no undefined in arrays. */
export function structuralProblem(
  v: unknown,
  field: string,
  inArray: boolean,
): { field: string; message: string } | undefined {
  if (v instanceof Date || (typeof v === 'object' && v !== null && v.constructor?.name === 'Timestamp')) {
    return { field, message: 'a Timestamp/Date where an ISO string belongs (store instants as ISO strings with Z)' };
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return { field, message: 'not a finite number' };
  if (Array.isArray(v)) {
    if (inArray) return { field, message: 'an array directly inside an array (Firestore cannot store it)' };
    for (let i = 0; i < v.length; i++) {
      const p = structuralProblem(v[i], `${field}[${i}]`, true);
      if (p) return p;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Double)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = structuralProblem(x, field ? `${field}.${k}` : k, false);
      if (p) return p;
    }
  }
  return undefined;
}

/** Firestore's limits on one batch write, which is what a publish is. */
export const MAX_PUBLISH_DOCUMENTS = 500;
export const MAX_PUBLISH_BYTES = 10 * 1_048_576;

const BAD_SEGMENT = /^\.{1,2}$|[\\\0]|^__.*__$/;

/** Split and check a Firestore path; `kind` says whether a document or a collection is expected. */
export function pathSegments(path: string, kind: 'document' | 'collection'): string[] {
  const segments = path.split('/');
  if (segments.some((s) => s === '' || BAD_SEGMENT.test(s))) {
    throw new StoreError(path, `not a valid ${kind} path (empty, '.', '..', '__x__' or backslash segment)`);
  }
  const even = segments.length % 2 === 0;
  if (kind === 'document' ? !even : even) {
    throw new StoreError(
      path,
      kind === 'document'
        ? 'not a document path (needs an even number of segments, e.g. snapshots/latest)'
        : 'not a collection path (needs an odd number of segments, e.g. seat_snapshots)',
    );
  }
  return segments;
}
