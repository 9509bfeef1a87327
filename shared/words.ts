/**
 * Counts in words: `counted(1, 'city', 'cities')` → "1 city", `counted(3, 'city', 'cities')` →
 * "3 cities". The one place the messages choose singular or plural.
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
