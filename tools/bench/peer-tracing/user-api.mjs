// @ts-check
/**
 * The user API traced the way OpenTelemetry's Node.js getting-started guide does it: NodeSDK with
 * every auto-instrumentation at its defaults, exporting OTLP as the environment says. The bench
 * preloads this file (NODE_OPTIONS=--import) into the user API it starts for the peers' row.
 */
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { NodeSDK } from '@opentelemetry/sdk-node';

// As in web.mjs: the service's own SDK stays off, the peers' one is started before that is seen.
delete process.env.OTEL_SDK_DISABLED;
new NodeSDK({ serviceName: 'user-api', instrumentations: [getNodeAutoInstrumentations()] }).start();
process.env.OTEL_SDK_DISABLED = 'true';
