import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, defaultTextMapGetter, propagation, trace } from '@opentelemetry/api';
import { baggagePolicyFromEnv } from '@threadline/otel-common';
import type { EnvVars } from '@threadline/service-kit';
import { createPropagator, propagatorNamesFromEnv } from './propagators';

/** The propagator a service builds from these variables. */
const propagatorFromEnv = (env: EnvVars) => createPropagator(propagatorNamesFromEnv(env), baggagePolicyFromEnv(env));

function extractedTraceId(headers: Record<string, string>, env = {}): string | undefined {
  const context = propagatorFromEnv(env).extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  return trace.getSpanContext(context)?.traceId;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('createPropagator', () => {
  it('continues a valid traceparent and carries baggage by default', () => {
    const headers = { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`, baggage: 'session.id=abc' };
    assert.equal(extractedTraceId(headers), TRACE_ID);
    const context = propagatorFromEnv({}).extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    assert.equal(propagation.getBaggage(context)?.getEntry('session.id')?.value, 'abc');
  });

  it('lets only allow-listed, short baggage in, and passes only that on', () => {
    const propagator = propagatorFromEnv({});
    const incoming = {
      baggage: `session.id=abc,evil.key=x,threadline.app.version=${'9'.repeat(200)},user.email=ada%40example.com`,
    };
    const context = propagator.extract(ROOT_CONTEXT, incoming, defaultTextMapGetter);
    assert.deepEqual(
      propagation
        .getBaggage(context)
        ?.getAllEntries()
        .map(([key, entry]) => [key, entry.value]),
      [['session.id', 'abc']],
    );
    const outgoing: Record<string, string> = {};
    propagator.inject(
      propagation.setBaggage(
        ROOT_CONTEXT,
        propagation.createBaggage({ 'evil.key': { value: 'x' }, 'session.id': { value: 's' } }),
      ),
      outgoing,
      {
        set: (carrier, key, value) => (carrier[key] = value),
      },
    );
    assert.equal(outgoing.baggage, 'session.id=s');
  });

  it('takes the allow-list from BAGGAGE_ALLOWED_KEYS', () => {
    const context = propagatorFromEnv({ BAGGAGE_ALLOWED_KEYS: 'tenant.id' }).extract(
      ROOT_CONTEXT,
      { baggage: 'session.id=a,tenant.id=t' },
      defaultTextMapGetter,
    );
    assert.deepEqual(
      propagation
        .getBaggage(context)
        ?.getAllEntries()
        .map(([key]) => key),
      ['tenant.id'],
    );
  });

  it('refuses the forbidden version ff, non-hex IDs and all-zero IDs, so a fresh trace starts', () => {
    for (const traceparent of [
      `ff-${TRACE_ID}-00f067aa0ba902b7-01`,
      `00-${'z'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
    ]) {
      assert.equal(extractedTraceId({ traceparent }), undefined, traceparent);
    }
  });

  it('follows OTEL_PROPAGATORS and names what it does not support', () => {
    assert.equal(
      extractedTraceId({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` }, { OTEL_PROPAGATORS: 'none' }),
      undefined,
    );
    assert.throws(() => propagatorFromEnv({ OTEL_PROPAGATORS: 'tracecontext,b3' }), /"b3"/);
  });
});
