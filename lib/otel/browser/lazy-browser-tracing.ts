import type { Attributes } from '@opentelemetry/api';
import type { BrowserTracing, BrowserTracingConfig } from './browser-tracing-types';

let started: Promise<BrowserTracing | null> | undefined;
let configured: BrowserTracingConfig | undefined;

/**
 * Remembers the configuration when the starter renders. A click can be handled (or replayed by
 * React after hydration) before the starter's effect has run; with this, that click still starts
 * tracing and is traced.
 */
export function configureBrowserTracing(config: BrowserTracingConfig): void {
  configured = config;
}

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
  const pending = started ?? (configured ? startBrowserTracingOnce(configured) : undefined);
  const tracing = pending ? await pending : null;
  return tracing ? tracing.traceClick(name, attributes, work) : work();
}
