'use client';

import { useEffect } from 'react';
import type { BrowserTracingConfig } from '@/lib/otel/browser/browser-tracing-types';
import { configureBrowserTracing, startBrowserTracingOnce, watchPageErrors } from '@/lib/otel/browser/lazy-browser-tracing';

/** Loads browser tracing after the page is interactive, so it costs the first paint nothing. */
export function BrowserTracingStarter({ config }: { config: BrowserTracingConfig }) {
  // Only remembers the configuration (idempotent, so safe during render): see configureBrowserTracing.
  configureBrowserTracing(config);
  useEffect(() => {
    watchPageErrors();
    void startBrowserTracingOnce(config);
  }, [config]);
  return null;
}
