/**
 * The stacks a bench run compares, started once and kept running, so that rounds can alternate
 * between them without paying for start-ups: tracing off, Threadline's tracing, and the peers'
 * defaults (the Next.js and OpenTelemetry guides' set-ups), plus a user API that samples nothing.
 */
import path from 'node:path';
import { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { pinProcessTree, type CoreLayout } from './cpu-affinity';

export type TracingVariant = 'off' | 'on' | 'peer' | 'on-without-acf';

const OFF = { OTEL_SDK_DISABLED: 'true' };
/** A log line per request, read by the bench process, would compete with the load generator. */
const LOGS_TO_FILES = true;
/**
 * Node 24 and later keep AsyncLocalStorage's context in AsyncContextFrame rather than async_hooks;
 * this flag brings back the old way, to measure what the new one saves with everything else equal.
 */
const WITHOUT_ASYNC_CONTEXT_FRAME = { NODE_OPTIONS: '--no-async-context-frame' };
const peerPreload = (file: string) => `--import=${path.join(__dirname, 'peer-tracing', file)}`;

/**
 * Tracing off is the SDK disabled in both services (and so no tracing code on their paths). The
 * peers' variant starts the same services with their own tracing off and a preloaded set-up
 * (tools/bench/peer-tracing/) in its place. Each has ports of its own, so all run side by side.
 */
export function stackForVariant(variant: TracingVariant): IsolatedStack {
  switch (variant) {
    case 'on':
      return new IsolatedStack('bench-on', 600);
    case 'off':
      return new IsolatedStack('bench-off', 650, { web: OFF, 'user-api': OFF });
    case 'on-without-acf':
      return new IsolatedStack('bench-on-without-acf', 700, {
        web: WITHOUT_ASYNC_CONTEXT_FRAME,
        'user-api': WITHOUT_ASYNC_CONTEXT_FRAME,
      });
    case 'peer':
      return new IsolatedStack('bench-peer', 550, {
        web: { ...OFF, NODE_OPTIONS: peerPreload('web.mjs') },
        // Jaeger takes no OTLP logs or metrics; the guide's set-up would be told so the same way.
        'user-api': {
          ...OFF,
          NODE_OPTIONS: peerPreload('user-api.mjs'),
          OTEL_LOGS_EXPORTER: 'none',
          OTEL_METRICS_EXPORTER: 'none',
        },
      });
  }
}

/** A user API alone, traced by Threadline with a sampler that records nothing: the floor of its cost. */
export function nothingSampledUserApi(): IsolatedStack {
  return new IsolatedStack(
    'bench-nothing-sampled',
    620,
    { 'user-api': { OTEL_TRACES_SAMPLER: 'always_off' } },
    undefined,
    LOGS_TO_FILES,
  );
}

/** Puts every app process on the apps' cores and every Jaeger on the collector's. */
export function applyLayout(stacks: readonly IsolatedStack[], layout: Pick<CoreLayout, 'apps' | 'collector'>): void {
  for (const stack of stacks) {
    for (const service of ['web', 'user-api'] as const) {
      const pid = stack.pid(service);
      if (pid !== undefined) pinProcessTree(pid, layout.apps);
    }
    const jaeger = stack.pid('jaeger');
    if (jaeger !== undefined) pinProcessTree(jaeger, layout.collector);
  }
}
