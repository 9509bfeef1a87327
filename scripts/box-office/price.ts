/**
 * A room's ticket price as TIX.id lists it (the schedules' `price`, per room category): one price
 * `"Rp35.000"` or a range `"Rp46.000 - Rp51.000"` (dot thousands; XXI lists a range when seats of
 * one room cost differently). Prices as listed include the cinema entertainment tax (PBJT).
 * Anything else is unknown (null): the caller counts it, and no price is ever guessed.
 */

export interface PriceRange {
  min: number;
  max: number;
}

const AMOUNT = /^Rp\s?(\d{1,3}(?:\.\d{3})*)$/;

function amountOf(text: string): number | null {
  const m = AMOUNT.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(/\./g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** `"Rp35.000"` → {35000, 35000}; `"Rp46.000 - Rp51.000"` → {46000, 51000}; anything else (incl. Rp0, a reversed range) → null. */
export function parsePrice(s: string | null | undefined): PriceRange | null {
  if (typeof s !== 'string') return null;
  const parts = s.trim().split(/\s+-\s+/);
  if (parts.length > 2) return null;
  const values = parts.map(amountOf);
  if (values.some((v) => v === null)) return null;
  const min = values[0]!;
  const max = values[values.length - 1]!;
  return min <= max ? { min, max } : null;
}
