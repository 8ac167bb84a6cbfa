import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { headers } from 'next/headers';
import { BrowserTracingStarter } from './components/BrowserTracingStarter';
import { shopConfig } from '@/lib/server/config';
import { pageLoadOf } from '@/lib/server/page-trace-context';
import { currentVisit, visitIdentifiers, visitSecret } from '@/lib/server/visit';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import './globals.css';

export const metadata: Metadata = {
  title: 'Threadline shop',
  description: 'One click, one trace: from the browser to the user API’s database, in Jaeger.',
};

export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { browser, telemetry } = shopConfig();
  const visit = await currentVisit();
  const identifiers = visit && visitIdentifiers(visit, visitSecret());
  const tracingConfig = {
    serviceName: SERVICE_NAMES.browser,
    exportPath: '/otlp/v1/traces',
    sampleRatio: browser.traceRatio,
    appVersion: telemetry.serviceVersion,
    environment: browser.environment,
    sessionId: identifiers?.sessionId,
    traceIdPrefix: identifiers?.traceIdPrefix,
    pageLoad: pageLoadOf(await headers()),
  };
  const pageLoadTraceId = tracingConfig.pageLoad?.traceId;
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <h1>Threadline</h1>
          <p>Place an order; follow it from this click to the user API’s database as one trace.</p>
          {identifiers && (
            <nav aria-label="This visit">
              <Link href={`/sessions/${identifiers.sessionId}`}>This visit’s traces</Link>
            </nav>
          )}
        </header>
        <main>{children}</main>
        <footer className="site-footer">
          <p>
            <Link href="/faults">Faults</Link>: break the shop on purpose and see it in the traces.
          </p>
          {pageLoadTraceId && (
            <p>
              This page’s own load is a trace too:{' '}
              <Link
                href={`/traces/${pageLoadTraceId}`}
                prefetch={false}
                data-testid="page-load-trace"
                data-trace-id={pageLoadTraceId}
              >
                page load trace
              </Link>
              .
            </p>
          )}
        </footer>
        {browser.tracingEnabled && <BrowserTracingStarter config={tracingConfig} />}
      </body>
    </html>
  );
}
