import type { Attributes } from '@opentelemetry/api';
import type { BrowserTracing, BrowserTracingConfig } from './browser-tracing-types';

let started: Promise<BrowserTracing | null> | undefined;

/**
 * Loads the tracing code in its own chunk, once. Failure to load tracing never breaks the shop:
 * the shop works untraced and says why in the console.
 */
export function startBrowserTracingOnce(config: BrowserTracingConfig): Promise<BrowserTracing | null> {
  started ??= import('./browser-tracing')
    .then(({ startBrowserTracing }) => startBrowserTracing(config))
    .catch((error: unknown) => {
      console.warn('Browser tracing is off: it failed to start.', error);
      return null;
    });
  return started;
}

/** Runs `work` in a click span when tracing is on; runs it plainly otherwise. */
export async function traceClick<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const tracing = started ? await started : null;
  return tracing ? tracing.traceClick(name, attributes, work) : work();
}
