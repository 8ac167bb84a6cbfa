import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { ratioFromEnv, type EnvVars } from '@threadline/service-kit';

export type SamplerName =
  'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

const SAMPLER_NAMES: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

export interface SamplerSettings {
  name: SamplerName;
  /** Only meaningful for the ratio samplers; 1 elsewhere. */
  ratio: number;
}

/**
 * Reads OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG as the OpenTelemetry spec defines them, but
 * defaults to parent-based sampling: @vercel/otel falls back to `always_on`, which would record a
 * child of an unsampled browser span and leave a partial trace behind.
 */
export function samplerSettingsFromEnv(env: EnvVars): SamplerSettings {
  const rawName = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  const name = rawName === undefined || rawName === '' ? 'parentbased_always_on' : rawName;
  if (!isSamplerName(name)) {
    throw new Error(`OTEL_TRACES_SAMPLER="${env.OTEL_TRACES_SAMPLER}" is not supported; use one of ${SAMPLER_NAMES.join(', ')}`);
  }
  if (!name.endsWith('traceidratio')) return { name, ratio: 1 };
  return { name, ratio: ratioFromEnv('OTEL_TRACES_SAMPLER_ARG', env.OTEL_TRACES_SAMPLER_ARG, 1) };
}

export function createSampler({ name, ratio }: SamplerSettings): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

function isSamplerName(value: string): value is SamplerName {
  return (SAMPLER_NAMES as readonly string[]).includes(value);
}
