/**
 * Stored bytes of a document as Firestore bills storage: the document (shared/store/documents.ts,
 * `documentSize`) plus its single-field index entries, minus the fields firestore.indexes.json
 * exempts. Model (Firestore's storage-size rules, simplified and stated so it can be checked):
 *
 *   - every indexed scalar leaf (maps are indexed field by field) has two entries, ascending and
 *     descending, each = document name size + field path size + value size + 32;
 *   - an array has one array-contains entry per element (same formula, the element's value) and
 *     no ascending/descending entries of its elements' sub-fields;
 *   - a field listed in `fieldOverrides` with `indexes: []` for the document's collection group has
 *     no entries at all (nor its sub-fields).
 */
import { readFileSync } from 'node:fs';
import { documentSize, valueSize } from '../../shared/store/documents.js';
import type { DocData } from '../../shared/store/store.js';

interface Override {
  collectionGroup: string;
  fieldPath: string;
  indexes: unknown[];
}

let exempt: Set<string> | undefined;

/** `{collectionGroup}.{fieldPath}` of every field whose indexing is turned off. */
export function exemptFields(file = 'firestore.indexes.json'): Set<string> {
  if (!exempt) {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { fieldOverrides?: Override[] };
    exempt = new Set(
      (j.fieldOverrides ?? []).filter((o) => o.indexes.length === 0).map((o) => `${o.collectionGroup}.${o.fieldPath}`),
    );
  }
  return exempt;
}

const strSize = (s: string) => Buffer.byteLength(s, 'utf8') + 1;

export function indexBytes(path: string, data: DocData, off: Set<string> = exemptFields()): number {
  const segs = path.split('/');
  const group = segs[segs.length - 2] ?? '';
  const name = segs.reduce((n, s) => n + strSize(s), 16);
  let total = 0;
  const walk = (field: string, v: unknown) => {
    if (off.has(`${group}.${field}`)) return;
    if (Array.isArray(v)) {
      for (const x of v) total += name + strSize(field) + valueSize(x) + 32;
      return;
    }
    if (v && typeof v === 'object' && !('value' in (v as object) && Object.keys(v as object).length === 1)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(`${field}.${k}`, x);
      return;
    }
    total += 2 * (name + strSize(field) + valueSize(v) + 32);
  };
  for (const [k, v] of Object.entries(data)) walk(k, v);
  return total;
}

/** Document plus index entries. */
export function storedBytes(path: string, data: DocData): number {
  try {
    return documentSize(path, data) + indexBytes(path, data);
  } catch {
    return 0;
  }
}
