/**
 * A scraper's run with a TIX.id client of its own: created from the runtime's configuration,
 * closed when the run ends. The client's module is imported only here, when the run starts, so a
 * command's `--help` and usage errors never load it.
 */
import type { ScrapeDeps } from '../run/scrape-run.js';
import type { Runtime } from '../runtime.js';

/** Runs `scrape` with a TIX.id client of its own (closed after) and the runtime's store, clock and logger. */
export async function withTixClient<R>(rt: Runtime, scrape: (deps: ScrapeDeps) => Promise<R>): Promise<R> {
  const { config, store, clock, log } = rt;
  const { createTixClient } = await import('./client.js');
  const client = createTixClient({ config, log, clock });
  try {
    return await scrape({ client, store, clock, log, stepSummaryPath: config.githubStepSummary });
  } finally {
    client.close();
  }
}
