'use client';

import { useEffect } from 'react';
import type { BrowserTracingConfig } from '@/lib/otel/browser/browser-tracing-types';
import { startBrowserTracingOnce } from '@/lib/otel/browser/lazy-browser-tracing';

/** Loads browser tracing after the page is interactive, so it costs the first paint nothing. */
export function BrowserTracingStarter({ config }: { config: BrowserTracingConfig }) {
  useEffect(() => {
    void startBrowserTracingOnce(config);
  }, [config]);
  return null;
}
