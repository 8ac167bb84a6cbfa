'use client';

import { useEffect } from 'react';
import { recordBrowserError } from '@/lib/otel/browser/lazy-browser-tracing';

/**
 * The error boundary Next.js puts around every page of the shop: what it catches is shown in plain
 * words and recorded as a `browser error` span, so a broken page leaves a trace too.
 */
export default function ShopError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    recordBrowserError(error, 'react.error_boundary');
  }, [error]);
  return (
    <section className="panel error" role="alert">
      <h2>Something went wrong on this page</h2>
      <p>The error was recorded in the page’s traces.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
