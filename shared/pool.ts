/**
 * A fixed number of workers taking items in order until the list is done or `shouldStop()` says so
 * (a fatal error, a cancel signal). Items already taken are finished; the rest are never started.
 */
export async function runPool<T>(
  items: readonly T[],
  workers: number,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<{ taken: number }> {
  let next = 0;
  const worker = async () => {
    while (!shouldStop() && next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
  return { taken: next };
}
