/**
 * `npm run scrape:schedules -- [--city NAME]… [--date YYYY-MM-DD] [--shard K/N | --merge-shards]`
 *
 * Every showtime of every movie×city pair in `snapshots/{date}` (run `scrape:movies` first) →
 * `schedules/{date}/showtimes/*`, `schedules/{date}/movies/*`, `theatres/*`, theatre counts in the
 * snapshots, and a `scraper_runs` document. Exit 0 on success or partial, 1 when nothing was
 * written, 2 on a usage or configuration error.
 */
import { ArgsError, argCities, argDate, parseArgs, parseShard } from '../../shared/args.js';
import { isMain, runCli, type Runtime } from '../../shared/runtime.js';
import { createTixClient } from '../../shared/tix/client.js';
import { scrapeSchedules } from './scrape.js';

export const USAGE = 'usage: scrape:schedules [--city NAME]… [--date YYYY-MM-DD] [--shard K/N | --merge-shards]';

export async function schedulesMain(rt: Runtime, argv: string[]): Promise<number> {
  const { values } = parseArgs(argv, {
    city: { type: 'string', multiple: true },
    date: { type: 'string' },
    shard: { type: 'string' },
    'merge-shards': { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cities = argCities(values.city);
  const date = argDate(values.date);
  const shard = values.shard ? parseShard(values.shard) : undefined;
  const mergeShards = values['merge-shards'] ?? false;
  if (mergeShards && (shard || cities)) throw new ArgsError('--merge-shards reads no pairs: use it without --shard and --city');
  if (shard && shard.n > 1 && cities) throw new ArgsError('--shard and --city do not go together');

  const { config, store, clock, log } = rt;
  const client = createTixClient({ config, log, clock });
  try {
    const result = await scrapeSchedules(
      { client, store, clock, log, stepSummaryPath: config.githubStepSummary },
      { date, cities, shard, mergeShards },
    );
    return result.summary.exitCode;
  } finally {
    client.close();
  }
}

if (isMain(import.meta.url)) void runCli('scrape:schedules', schedulesMain);
