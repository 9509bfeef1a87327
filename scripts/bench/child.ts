/**
 * The bench's scraper process (forked by scripts/bench/process.ts; not a command of its own).
 * It runs the pipeline's steps exactly as `npm run pipeline` does (scripts/pipeline/steps.ts),
 * against the store named by its environment wrapped in a counting store, and reports per phase:
 * requests by endpoint, client latency, store writes, its own peak RSS and CPU seconds.
 */
import { createRuntime } from '../../shared/runtime.js';
import { createStore } from '../../shared/store/index.js';
import { loadConfig } from '../../shared/config.js';
import { OffsetClock } from '../../shared/clock.js';
import { openSession, runStep } from '../pipeline/steps.js';
import { measuredStore } from './measured-store.js';
import type { ChildMessage, ChildPlan, ParentMessage } from './process.js';
import type { EndpointCount, PhaseMeasure, PhaseName } from './report.js';

function send(m: ChildMessage): void {
  process.send?.(m);
}

const inbox: ParentMessage[] = [];
let waiter: (() => void) | undefined;
process.on('message', (m) => {
  inbox.push(m as ParentMessage);
  waiter?.();
});

async function next<T extends ParentMessage['type']>(type: T): Promise<Extract<ParentMessage, { type: T }>> {
  for (;;) {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return inbox.splice(i, 1)[0] as Extract<ParentMessage, { type: T }>;
    await new Promise<void>((r) => (waiter = r));
    waiter = undefined;
  }
}

function cpuSeconds(u: NodeJS.ResourceUsage): number {
  return (u.userCPUTime + u.systemCPUTime) / 1e6;
}

async function main(): Promise<void> {
  send({ type: 'ready' });
  const { plan } = (await next('plan')) as { plan: ChildPlan };
  const config = loadConfig(process.env);
  const store = measuredStore(await createStore(config));
  const rt = await createRuntime({ store });
  const deps = { config: rt.config, store, clock: rt.clock, log: rt.log };
  try {
    for (const phase of plan.phases) {
      send({ type: 'start', phase });
      await next('go');
      // The JIT pass runs at its own instant (in a one-process plan the clock moves to it).
      const clock = phase === 'seats-jit' && plan.settings.jitAt ? new OffsetClock(plan.settings.jitAt) : rt.clock;
      const phaseDeps = { ...deps, clock };
      // A fresh session per phase: its client's statistics are the phase's own (the limiter is
      // process-wide either way).
      const session = await openSession(phaseDeps);
      store.reset();
      const u0 = process.resourceUsage();
      const t0 = performance.now();
      const record = await runStep(phase as PhaseName, phaseDeps, session, {
        date: plan.settings.date,
        jitWindowMinutes: plan.settings.jitWindowMinutes,
      });
      const wallMs = performance.now() - t0;
      const u1 = process.resourceUsage();
      const stats = session.client.stats();
      session.close();
      const endpoints: Record<string, EndpointCount> = {};
      for (const [name, e] of Object.entries(stats.endpoints)) {
        if (e.requests === 0 && e.calls === 0) continue;
        endpoints[name] = {
          requests: e.requests,
          retries: e.retries,
          failures: e.failures,
          p50Ms: e.latencyMs.p50,
          p95Ms: e.latencyMs.p95,
        };
      }
      const measure: PhaseMeasure = {
        phase,
        status: record.status === 'not run' ? 'skipped' : record.status === 'cancelled' ? 'failed' : record.status,
        error: record.status === 'failed' ? record.detail : undefined,
        wallMs,
        endpoints,
        latencyMs: stats.total.requests ? { p50: stats.total.latencyMs.p50, p95: stats.total.latencyMs.p95 } : null,
        process: {
          maxRssMb: u1.maxRSS / 1024,
          cpuSeconds: cpuSeconds(u1) - cpuSeconds(u0),
          processCpuSeconds: cpuSeconds(u1),
        },
        store: store.measure(),
        counts: { ...record.counts },
      };
      send({ type: 'end', measure });
      await next('go');
    }
  } finally {
    await rt.close();
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    send({ type: 'fatal', error: err instanceof Error ? err.message : String(err) });
    process.stderr.write(`bench child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    setTimeout(() => process.exit(1), 100);
  },
);
