/**
 * `npm run bench -- [options]`: the national-scale benchmark (scripts/bench/run.ts does it). The
 * options are defined once in scripts/bench/options.ts; the simulator, the emulator and the
 * scraper processes are started only once they are good.
 */
import { isMain, startStandalone } from '../../shared/cli.js';
import { benchOptions, command, type BenchCli } from './options.js';

export { command };

async function main(o: BenchCli): Promise<number> {
  if (o.phases.length === 0 && o.dataset) {
    // the dataset phase alone: a synthesised national day, no simulator, no emulator
    const { measureDataset, datasetMarkdown } = await import('./dataset.js');
    const { createLogger } = await import('../../shared/log.js');
    const m = await measureDataset({
      log: createLogger({ level: 'silent', format: 'json' }),
      note: (s) => process.stderr.write(`bench: ${s}\n`),
    });
    process.stdout.write(datasetMarkdown(m));
    return m.status === 'ok' ? 0 : 1;
  }
  const { runBench, say } = await import('./run.js');
  const run = await runBench(o);
  process.stdout.write(run.markdown);
  if (run.jsonPath) say(`report written to ${run.jsonPath}`);
  return run.report.phases.some((p) => p.status === 'error') ? 1 : 0;
}

if (isMain(import.meta.url)) {
  void startStandalone({ def: command, options: (parsed, env) => benchOptions(parsed, env), main }, { stack: true });
}
