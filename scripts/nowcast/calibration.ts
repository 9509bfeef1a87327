/**
 * The interval's calibration: the 80 % half-width is `q × sd`, with q the 80th percentile of
 * |(measured − point) ÷ sd| over the movie nowcasts already scored in the history window (the
 * nightly scoring stores each one's `z`), so the intervals follow their own record: too narrow last
 * month → wider now. Until MIN_SCORED have been scored, q is a normal's 1.2816.
 */

export const MIN_SCORED = 20;
/** 80 % of a normal lies within ±1.2816 sd. */
export const Z80 = 1.2816;

export interface Calibration {
  q: number;
  source: 'normal' | 'scored';
  /** Scored movie nowcasts it was taken from. */
  n: number;
}

export function calibrate(z: readonly number[]): Calibration {
  const abs = z
    .filter((x) => Number.isFinite(x))
    .map(Math.abs)
    .sort((a, b) => a - b);
  if (abs.length < MIN_SCORED) return { q: Z80, source: 'normal', n: abs.length };
  const pos = 0.8 * (abs.length - 1);
  const lo = Math.floor(pos);
  const q = abs[lo]! + (abs[Math.min(lo + 1, abs.length - 1)]! - abs[lo]!) * (pos - lo);
  return { q: Math.max(0.5, q), source: 'scored', n: abs.length };
}
