import { envDetector, hostDetector, osDetector, processDetector, type ResourceDetector } from '@opentelemetry/resources';
import type { NodeTelemetrySettings } from './settings';

/** What every Node service says about itself; OTEL_RESOURCE_ATTRIBUTES (the env detector) wins over these. */
export function serviceResourceAttributes({
  serviceVersion,
}: Pick<NodeTelemetrySettings, 'serviceVersion'>): Record<string, string> {
  return {
    'service.version': serviceVersion,
    'deployment.environment.name': 'local',
  };
}

/** Host, OS and process (runtime name and version, pid) detectors, and OTEL_RESOURCE_ATTRIBUTES last. */
export const NODE_RESOURCE_DETECTORS: ResourceDetector[] = [hostDetector, osDetector, processDetector, envDetector];
