import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import type { EnvVars } from '@threadline/service-kit';
import { createSampler, samplerSettingsFromEnv } from './sampler';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function decide(env: EnvVars, parentSampled?: boolean): SamplingDecision {
  const sampler = createSampler(samplerSettingsFromEnv(env));
  const context =
    parentSampled === undefined
      ? ROOT_CONTEXT
      : trace.setSpanContext(ROOT_CONTEXT, {
          traceId: TRACE_ID,
          spanId: 'b7ad6b7169203331',
          traceFlags: parentSampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        });
  return sampler.shouldSample(context, TRACE_ID, 'span', SpanKind.SERVER, {}, []).decision;
}

describe('samplerSettingsFromEnv', () => {
  it('defaults to parent-based always-on, not @vercel/otel’s always_on', () => {
    assert.deepEqual(samplerSettingsFromEnv({}), { name: 'parentbased_always_on', ratio: 1 });
  });

  it('reads the ratio only for ratio samplers', () => {
    assert.deepEqual(
      samplerSettingsFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }),
      {
        name: 'parentbased_traceidratio',
        ratio: 0.25,
      },
    );
    assert.deepEqual(samplerSettingsFromEnv({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'junk' }), {
      name: 'always_on',
      ratio: 1,
    });
  });

  it('refuses unknown samplers and out-of-range ratios with the variable named', () => {
    assert.throws(() => samplerSettingsFromEnv({ OTEL_TRACES_SAMPLER: 'sometimes' }), /OTEL_TRACES_SAMPLER="sometimes"/);
    assert.throws(
      () => samplerSettingsFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }),
      /OTEL_TRACES_SAMPLER_ARG="1.5"/,
    );
  });
});

describe('createSampler', () => {
  it('follows an unsampled parent so a trace is never half recorded', () => {
    assert.equal(decide({}, false), SamplingDecision.NOT_RECORD);
    assert.equal(decide({}, true), SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('samples new roots by default and by ratio when asked', () => {
    assert.equal(decide({}), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(
      decide({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }),
      SamplingDecision.NOT_RECORD,
    );
  });
});
