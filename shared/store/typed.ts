/**
 * Documents with Firestore's value types kept, in the JSON form of Firestore's REST API
 * (`{"stringValue": "…"}`, `{"integerValue": "12"}`, `{"doubleValue": 12}`, `{"arrayValue":
 * {"values": […]}}`, `{"mapValue": {"fields": {…}}}`, …). This is what the retention archive
 * stores (docs/operations.md, "Retention"): a plain JSON read turns a whole Double such as an
 * `occupancy_pct` of 100 into the integer 100, and writing that back would store an integerValue,
 * not the document that was there.
 *
 * Pure functions: `typedOf` encodes what a typed read returns (integers as `bigint`, doubles as
 * `number`), `dataOf` decodes into what the stores write (doubles as `Double`, integers as numbers).
 */
import { Double, type DocData } from './data.js';

export type TypedValue =
  | { nullValue: null }
  | { booleanValue: boolean }
  | { integerValue: string }
  | { doubleValue: number }
  | { stringValue: string }
  | { timestampValue: string }
  | { bytesValue: string }
  | { referenceValue: string }
  | { geoPointValue: { latitude: number; longitude: number } }
  | { arrayValue: { values?: TypedValue[] } }
  | { mapValue: { fields?: Record<string, TypedValue> } };

export type TypedFields = Record<string, TypedValue>;

/** A document by path with its typed fields: one line of an archive. */
export interface TypedDoc {
  path: string;
  fields: TypedFields;
}

/**
 * Encode a value read with integers as `bigint` (and doubles as `number`). `special` turns the
 * SDK's own classes (Timestamp, GeoPoint, bytes, references) into their typed form, or returns
 * undefined for everything else.
 */
export function typedOf(v: unknown, special: (v: unknown) => TypedValue | undefined = () => undefined): TypedValue {
  if (v === null) return { nullValue: null };
  if (typeof v === 'boolean') return { booleanValue: v };
  if (typeof v === 'bigint') return { integerValue: v.toString() };
  if (typeof v === 'number') return { doubleValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (v instanceof Double) return { doubleValue: v.value };
  const s = special(v);
  if (s) return s;
  if (Array.isArray(v)) return { arrayValue: v.length ? { values: v.map((x) => typedOf(x, special)) } : {} };
  if (typeof v === 'object') return { mapValue: typedFieldsMap(v as Record<string, unknown>, special) };
  throw new TypeError(`cannot archive a value of type ${typeof v}`);
}

function typedFieldsMap(
  m: Record<string, unknown>,
  special: (v: unknown) => TypedValue | undefined,
): { fields?: TypedFields } {
  const keys = Object.keys(m).filter((k) => m[k] !== undefined);
  return keys.length ? { fields: typedFields(m, special) } : {};
}

/** Every field of a document, typed, in the order the reader gave them (restore writes them in that order). */
export function typedFields(
  data: Record<string, unknown>,
  special?: (v: unknown) => TypedValue | undefined,
): TypedFields {
  const out: TypedFields = {};
  for (const k of Object.keys(data)) if (data[k] !== undefined) out[k] = typedOf(data[k], special);
  return out;
}

/**
 * JSON of typed fields with every map's keys sorted: equal for equal documents whatever order a
 * backend lists a map's fields in (a Firestore map has no order).
 */
export function canonicalJson(fields: TypedFields): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sortKeys(fields));
}

/**
 * Decode a typed value into what a store writes: doubleValue → `Double` (stays a doubleValue even
 * when whole), integerValue → number (refused beyond 2^53, which no document of ours holds),
 * timestamps, bytes, references and geo points are refused (no document of ours holds them).
 */
export function valueOf(t: TypedValue, where = ''): unknown {
  if ('nullValue' in t) return null;
  if ('booleanValue' in t) return t.booleanValue;
  if ('stringValue' in t) return t.stringValue;
  if ('doubleValue' in t) return new Double(Number(t.doubleValue));
  if ('integerValue' in t) {
    const n = Number(t.integerValue);
    if (!Number.isSafeInteger(n)) throw new TypeError(`${where}: integer ${t.integerValue} is beyond 2^53`);
    return n;
  }
  if ('arrayValue' in t) return (t.arrayValue.values ?? []).map((x, i) => valueOf(x, `${where}[${i}]`));
  if ('mapValue' in t) return dataOf(t.mapValue.fields ?? {}, where);
  throw new TypeError(`${where}: unsupported value ${Object.keys(t)[0] ?? '(empty)'}`);
}

export function dataOf(fields: TypedFields, where = ''): DocData {
  const out: DocData = {};
  for (const [k, v] of Object.entries(fields)) out[k] = valueOf(v, where ? `${where}.${k}` : k);
  return out;
}

/**
 * Typed fields of a document read as plain JSON (the file store, which keeps no types): whole
 * numbers become integerValue, others doubleValue.
 */
export function typedFromPlain(data: DocData): TypedFields {
  const widen = (v: unknown): unknown => {
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    if (Array.isArray(v)) return v.map(widen);
    if (v !== null && typeof v === 'object' && !(v instanceof Double))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, widen(x)]));
    return v;
  };
  return typedFields(widen(data) as Record<string, unknown>);
}
