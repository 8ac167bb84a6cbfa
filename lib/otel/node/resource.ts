import { SDK_INFO } from '@opentelemetry/core';
import { envDetector, hostDetector, osDetector, processDetector, type ResourceDetector } from '@opentelemetry/resources';
import {
  ATTR_SERVICE_VERSION,
  ATTR_TELEMETRY_SDK_LANGUAGE,
  ATTR_TELEMETRY_SDK_NAME,
  ATTR_TELEMETRY_SDK_VERSION,
} from '@opentelemetry/semantic-conventions';
import type { NodeTelemetrySettings } from './settings';

/**
 * What every Node service says about itself; OTEL_RESOURCE_ATTRIBUTES (the env detector) wins over
 * these. The SDK's own name, language and version (`telemetry.sdk.*`), which the resource
 * specification says an SDK must provide, are stated here: an SDK given a resource of its own adds none.
 */
export function serviceResourceAttributes({
  serviceVersion,
}: Pick<NodeTelemetrySettings, 'serviceVersion'>): Record<string, string> {
  return {
    [ATTR_TELEMETRY_SDK_NAME]: String(SDK_INFO[ATTR_TELEMETRY_SDK_NAME]),
    [ATTR_TELEMETRY_SDK_LANGUAGE]: String(SDK_INFO[ATTR_TELEMETRY_SDK_LANGUAGE]),
    [ATTR_TELEMETRY_SDK_VERSION]: String(SDK_INFO[ATTR_TELEMETRY_SDK_VERSION]),
    [ATTR_SERVICE_VERSION]: serviceVersion,
    'deployment.environment.name': 'local',
  };
}

/** Host, OS and process (runtime name and version, pid) detectors, and OTEL_RESOURCE_ATTRIBUTES last. */
export const NODE_RESOURCE_DETECTORS: ResourceDetector[] = [hostDetector, osDetector, processDetector, envDetector];
