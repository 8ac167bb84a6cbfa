import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { BrowserTracingStarter } from './components/BrowserTracingStarter';
import { shopConfig } from '@/lib/shop/config';
import packageJson from '../package.json';
import './globals.css';

export const metadata: Metadata = {
  title: 'Threadline shop',
  description: 'One click, one trace: from the browser to the user API’s database, in Jaeger.',
};

export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  const tracingConfig = {
    serviceName: 'shop-browser',
    exportPath: '/otlp/v1/traces',
    sampleRatio: shopConfig().browserTraceRatio,
    appVersion: packageJson.version,
    environment: shopConfig().environment,
    redaction: shopConfig().redaction,
  };
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <h1>Threadline</h1>
          <p>Place an order; follow it from this click to the user API’s database as one trace.</p>
        </header>
        <main>{children}</main>
        {shopConfig().browserTracingEnabled && <BrowserTracingStarter config={tracingConfig} />}
      </body>
    </html>
  );
}
