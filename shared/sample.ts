/** `n` items spread evenly over `all` (deterministic: the same data gives the same sample). */
export function pickSample<T>(all: readonly T[], n: number): T[] {
  if (n <= 0 || all.length === 0) return [];
  if (n >= all.length) return [...all];
  const step = all.length / n;
  return Array.from({ length: n }, (_, i) => all[Math.floor(i * step)]!);
}
