/**
 * The field types the document schemas (shared/store/*-documents.ts) are built from: ISO instants
 * with Z, calendar dates, numeric ids, counts, HH:MM, city and merchant names, Doubles, and the
 * unknown-is-null forms (never 0) of a Double and of whole rupiah.
 */
import { z } from 'zod';
import { Double } from './data.js';

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
export const IsoString = z.string().regex(ISO_Z, 'expected an ISO-8601 UTC string ending in Z');
export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'expected a real calendar date');
export const Id = z.string().regex(/^\d{1,25}$/, 'expected a numeric id string');
export const Int = z.number().int('expected an integer');
export const Count = Int.nonnegative('expected a count (integer ≥ 0)');
export const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected zero-padded HH:MM');
export const CityName = z.string().regex(/^[A-Z0-9 .'-]+$/, 'expected an UPPER-CASE city name');
export const MerchantName = z.enum(['XXI', 'CGV', 'Cinépolis'], { error: "expected 'XXI', 'CGV' or 'Cinépolis'" });
export const DoubleField = z.instanceof(Double, { message: 'expected a Double (stored as doubleValue)' });
export const Pct = z.number().min(0).max(100);
export const DoubleOrNull = DoubleField.nullable();
export const RupiahOrNull = Count.nullable();
