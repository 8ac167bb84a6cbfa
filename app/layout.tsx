import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { BrowserTracingStarter } from './components/BrowserTracingStarter';
import { shopConfig } from '@/lib/server/config';
import { pageTraceparent } from '@/lib/server/page-trace-context';
import { BROWSER_SESSION_COOKIE, browserSessionFrom } from '@/lib/server/browser-session';
import { cookies } from 'next/headers';
import { SERVICE_NAMES } from '@threadline/otel-common';
import './globals.css';

export const metadata: Metadata = {
  title: 'Threadline shop',
  description: 'One click, one trace: from the browser to the user API’s database, in Jaeger.',
};

export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { browser, telemetry } = shopConfig();
  const sessionId = browserSessionFrom((await cookies()).get(BROWSER_SESSION_COOKIE)?.value);
  const tracingConfig = {
    serviceName: SERVICE_NAMES.browser,
    exportPath: '/otlp/v1/traces',
    sampleRatio: browser.traceRatio,
    appVersion: telemetry.serviceVersion,
    environment: browser.environment,
    redaction: telemetry.redaction,
    sessionId,
  };
  const traceparent = browser.tracingEnabled ? pageTraceparent(browser.traceRatio) : undefined;
  return (
    <html lang="en">
      <head>{traceparent && <meta name="traceparent" content={traceparent} />}</head>
      <body>
        <header className="site-header">
          <h1>Threadline</h1>
          <p>Place an order; follow it from this click to the user API’s database as one trace.</p>
          {sessionId && (
            <nav aria-label="This visit">
              <Link href={`/sessions/${sessionId}`}>This visit’s traces</Link>
            </nav>
          )}
        </header>
        <main>{children}</main>
        <footer className="site-footer">
          <Link href="/faults">Faults</Link>: break the shop on purpose and see it in the traces.
        </footer>
        {browser.tracingEnabled && <BrowserTracingStarter config={tracingConfig} />}
      </body>
    </html>
  );
}
