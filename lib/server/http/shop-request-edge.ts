import type { ShopConfig } from '../config';
import { visitSecret } from '../visit';
import { addressSetFrom } from './client-address';
import { installRequestEdge } from './request-edge';

/** The request edge with this shop's settings (config.ts, `edge` and `visit`). */
export function installShopRequestEdge(config: ShopConfig): void {
  if (config.isBuildPhase) return;
  installRequestEdge({
    visitSecret: visitSecret(),
    trustedProxies: addressSetFrom(config.edge.trustedProxies, 'TRUSTED_PROXIES'),
    trustedTraceClients: addressSetFrom(config.edge.trustedTraceClients, 'TRUSTED_TRACE_CLIENTS'),
    browserTracing: { enabled: config.browser.tracingEnabled, ratio: config.browser.traceRatio },
    dev: config.isDev,
  });
}
