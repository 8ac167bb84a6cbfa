// @ts-check
/**
 * The shop traced the way the Next.js guide does it: `registerOTel({ serviceName })` from @vercel/otel
 * at its defaults, nothing else. The bench preloads this file (NODE_OPTIONS=--import) into the shop
 * it starts for the peers' row, so the same app is measured with the peers' set-up instead of ours.
 */
import { registerOTel } from '@vercel/otel';

// The bench starts this shop with tracing off, so that Threadline's own set-up stays out of the way;
// the peers' SDK is started before that switch is seen.
delete process.env.OTEL_SDK_DISABLED;
registerOTel({ serviceName: 'shop-web' });
process.env.OTEL_SDK_DISABLED = 'true';
