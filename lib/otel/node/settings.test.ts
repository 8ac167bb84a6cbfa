import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otlpTracesProtocol, otlpTracesUrl } from './otlp-endpoint';
import { readNodeTelemetrySettings } from './settings';

const DEFAULTS = { serviceName: 'svc', serviceVersion: '1.2.3', metricsPortVariable: 'SVC_METRICS_PORT', metricsPort: 9999 };

describe('otlpTracesUrl', () => {
  it('defaults to Jaeger on loopback', () => {
    assert.equal(otlpTracesUrl({}), 'http://127.0.0.1:4318/v1/traces');
  });

  it('appends the signal path to the base endpoint and takes the traces endpoint as it is', () => {
    assert.equal(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }), 'http://collector:4318/v1/traces');
    assert.equal(
      otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom' }),
      'http://b:9999/custom',
    );
  });
});

describe('otlpTracesProtocol', () => {
  it('defaults to protobuf, as the spec says, and honours the signal-specific variable first', () => {
    assert.equal(otlpTracesProtocol({}), 'http/protobuf');
    assert.equal(otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }), 'http/json');
    assert.equal(
      otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }),
      'http/protobuf',
    );
    assert.throws(() => otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), /"grpc"/);
  });
});

describe('readNodeTelemetrySettings', () => {
  it('flushes every 500 ms unless OTEL_BSP_SCHEDULE_DELAY is set, and leaves the other OTEL_BSP_* to the SDK', () => {
    assert.deepEqual(readNodeTelemetrySettings({}, DEFAULTS).batch, { scheduledDelayMillis: 500 });
    assert.deepEqual(
      readNodeTelemetrySettings({ OTEL_BSP_SCHEDULE_DELAY: '5000', OTEL_BSP_MAX_QUEUE_SIZE: '10' }, DEFAULTS).batch,
      {},
    );
  });

  it('takes the service’s own name, version and metrics port unless the environment says otherwise', () => {
    const settings = readNodeTelemetrySettings({}, DEFAULTS);
    assert.equal(settings.serviceName, 'svc');
    assert.equal(settings.serviceVersion, '1.2.3');
    assert.equal(settings.metricsPort, 9999);
    assert.equal(settings.metricsHost, '127.0.0.1');
    assert.equal(
      readNodeTelemetrySettings({ OTEL_SERVICE_NAME: 'renamed', SVC_METRICS_PORT: '9000' }, DEFAULTS).serviceName,
      'renamed',
    );
    assert.equal(readNodeTelemetrySettings({ SVC_METRICS_PORT: '9000' }, DEFAULTS).metricsPort, 9000);
  });

  it('fails at start-up, naming the variable, for a value it cannot use', () => {
    assert.throws(() => readNodeTelemetrySettings({ SVC_METRICS_PORT: 'nine' }, DEFAULTS), /SVC_METRICS_PORT="nine"/);
    assert.throws(
      () => readNodeTelemetrySettings({ OTEL_TRACES_SAMPLER: 'sometimes' }, DEFAULTS),
      /OTEL_TRACES_SAMPLER="sometimes"/,
    );
    assert.throws(() => readNodeTelemetrySettings({ OTEL_PROPAGATORS: 'b3' }, DEFAULTS), /"b3"/);
  });

  it('reads OTEL_SDK_DISABLED as the specification does: only "true" switches tracing off', () => {
    assert.equal(readNodeTelemetrySettings({ OTEL_SDK_DISABLED: 'false' }, DEFAULTS).disabled, false);
    assert.equal(readNodeTelemetrySettings({ OTEL_SDK_DISABLED: 'TRUE' }, DEFAULTS).disabled, true);
  });
});
