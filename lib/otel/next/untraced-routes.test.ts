import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AlwaysOnSampler, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { isUntracedPath, requestPathOf, UntracedRoutesSampler } from './untraced-routes';

describe('requestPathOf', () => {
  it('takes the path from url.path or Next.js’s http.target, without the query', () => {
    assert.equal(requestPathOf({ 'http.target': '/otlp/v1/traces?x=1' }), '/otlp/v1/traces');
    assert.equal(requestPathOf({ 'url.path': '/api/orders' }), '/api/orders');
    assert.equal(requestPathOf({}), undefined);
  });
});

describe('isUntracedPath', () => {
  it('matches the browser export relay, trace view polls and health probes only', () => {
    assert.equal(isUntracedPath('/otlp/v1/traces'), true);
    assert.equal(isUntracedPath('/api/traces/4bf92f3577b34da6a3ce929d0e0e4736'), true);
    assert.equal(isUntracedPath('/api/health'), true);
    assert.equal(isUntracedPath('/api/orders'), false);
    assert.equal(isUntracedPath('/'), false);
    assert.equal(isUntracedPath(undefined), false);
  });
});

describe('UntracedRoutesSampler', () => {
  const sampler = new UntracedRoutesSampler(new AlwaysOnSampler());
  const decide = (target: string) =>
    sampler.shouldSample(ROOT_CONTEXT, 'a'.repeat(32), `POST ${target}`, SpanKind.SERVER, { 'http.target': target }, []).decision;

  it('drops relay requests before the delegate is asked, and delegates the rest', () => {
    assert.equal(decide('/otlp/v1/traces'), SamplingDecision.NOT_RECORD);
    assert.equal(decide('/api/orders'), SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('drops Next.js bookkeeping spans by name, unless told to keep them', () => {
    const byName = (s: UntracedRoutesSampler, name: string) =>
      s.shouldSample(ROOT_CONTEXT, 'a'.repeat(32), name, SpanKind.INTERNAL, {}, []).decision;
    assert.equal(byName(sampler, 'load route module'), SamplingDecision.NOT_RECORD);
    assert.equal(byName(sampler, 'executing api route (app) /api/orders'), SamplingDecision.RECORD_AND_SAMPLED);
    const keeping = new UntracedRoutesSampler(new AlwaysOnSampler(), { droppedSpanNames: [] });
    assert.equal(byName(keeping, 'load route module'), SamplingDecision.RECORD_AND_SAMPLED);
  });
});
