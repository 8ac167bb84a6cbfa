import type { Attributes } from '@opentelemetry/api';
import type { BrowserTracing, BrowserTracingConfig } from './browser-tracing-types';
import type { PageErrorSource } from './page-errors';

/** How long a click waits for the tracing chunk that is still loading. */
const TRACING_READY_WAIT_MS = 3000;

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
    .then(({ startBrowserTracing }) => {
      const tracing = startBrowserTracing(config);
      for (const { error, source, componentStack } of earlyErrors.splice(0)) tracing.recordError(error, source, componentStack);
      return tracing;
    })
    .catch((error: unknown) => {
      console.warn('Browser tracing is off: it failed to start.', error);
      return null;
    });
  return started;
}

/** Errors caught before the tracing chunk has loaded wait here; a page that throws in a loop keeps only the first few. */
const MAX_EARLY_ERRORS = 20;
const earlyErrors: { error: unknown; source: PageErrorSource; componentStack?: string }[] = [];
let errorsWatched = false;

/**
 * Records a page error as telemetry: now when tracing runs, once it has loaded otherwise. The
 * listeners are this module's (a few lines in the first-load code), so errors thrown while the
 * tracing chunk is still loading are not lost.
 */
export function recordBrowserError(error: unknown, source: PageErrorSource, componentStack?: string): void {
  if (!started) {
    if (earlyErrors.length < MAX_EARLY_ERRORS) earlyErrors.push({ error, source, componentStack });
    return;
  }
  void started.then((tracing) => tracing?.recordError(error, source, componentStack));
}

/** Uncaught exceptions and unhandled rejections of the page become `browser error` spans. */
export function watchPageErrors(): void {
  if (errorsWatched) return;
  errorsWatched = true;
  window.addEventListener('error', (event) => recordBrowserError(event.error ?? event.message, 'window.error'));
  window.addEventListener('unhandledrejection', (event) => recordBrowserError(event.reason, 'unhandledrejection'));
}

/** Runs `work` in a click span when tracing is on; runs it plainly otherwise. */
export async function traceClick<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const tracing = await tracingWhenReady();
  return tracing ? tracing.traceClick(name, attributes, work) : work();
}

/** The same for a click that calls a Server Action (see BrowserTracing.traceServerAction). */
export async function traceServerAction<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const tracing = await tracingWhenReady();
  return tracing ? tracing.traceServerAction(name, attributes, work) : work();
}

async function tracingWhenReady(): Promise<BrowserTracing | null> {
  const pending = started ?? (configured ? startBrowserTracingOnce(configured) : undefined);
  // A tracing chunk that hangs must not hang the order: past this wait, the click runs untraced.
  return pending
    ? Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), TRACING_READY_WAIT_MS))])
    : null;
}
