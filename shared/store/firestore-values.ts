/**
 * Values between our documents and firebase-admin: `Double` sent as a doubleValue even when whole,
 * merge field paths, the SDK's classes (Timestamp, GeoPoint, references, bytes) read back as plain
 * JSON or in typed form (typed.ts).
 */
import { DocumentReference, FieldPath, GeoPoint, Timestamp } from 'firebase-admin/firestore';
import { Double } from './data.js';
import type { TypedValue } from './typed.js';

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * The value firebase-admin should encode: `Double` becomes an object whose `toProto()` yields a
 * doubleValue (the serializer calls `toProto` on plain objects that have one), recursively.
 */
export function toFirestoreValue(v: unknown): unknown {
  if (v instanceof Double) {
    const value = v.value;
    return { toProto: () => ({ doubleValue: value }) };
  }
  if (Array.isArray(v)) return v.map(toFirestoreValue);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toFirestoreValue(x);
    return out;
  }
  return v;
}

/** Field paths of a merge (maps are merged field by field; a Double is one leaf). */
export function mergeFieldPaths(data: Record<string, unknown>, prefix: string[] = []): FieldPath[] {
  const out: FieldPath[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    const path = [...prefix, k];
    if (isMap(v) && Object.keys(v).length > 0) out.push(...mergeFieldPaths(v, path));
    else out.push(new FieldPath(...path));
  }
  return out;
}

/** Plain JSON-like data from what firebase-admin returns. */
export function fromFirestoreValue(v: unknown): unknown {
  if (v instanceof Timestamp) return v.toDate().toISOString();
  if (v instanceof GeoPoint) return { latitude: v.latitude, longitude: v.longitude };
  if (v instanceof DocumentReference) return v.path;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(fromFirestoreValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromFirestoreValue(x);
    return out;
  }
  return v;
}

/** The SDK's own value classes in typed form (typed.ts); undefined for plain JSON values. */
export function sdkTyped(v: unknown): TypedValue | undefined {
  if (v instanceof Timestamp) return { timestampValue: v.toDate().toISOString() };
  if (v instanceof GeoPoint) return { geoPointValue: { latitude: v.latitude, longitude: v.longitude } };
  if (v instanceof DocumentReference) return { referenceValue: v.path };
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  return undefined;
}
