import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otlpTracesUrl } from './otlp-endpoint';
import { batchSettingsFromEnv, otlpTracesProtocol } from './span-export';

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

describe('batchSettingsFromEnv', () => {
  it('flushes every 500 ms by default and honours OTEL_BSP_*', () => {
    assert.equal(batchSettingsFromEnv({}).scheduledDelayMillis, 500);
    assert.deepEqual(batchSettingsFromEnv({ OTEL_BSP_SCHEDULE_DELAY: '5000', OTEL_BSP_MAX_QUEUE_SIZE: '10' }), {
      scheduledDelayMillis: 5000,
      maxQueueSize: 10,
      maxExportBatchSize: 512,
      exportTimeoutMillis: 30000,
    });
    assert.throws(() => batchSettingsFromEnv({ OTEL_BSP_MAX_QUEUE_SIZE: '0' }), /OTEL_BSP_MAX_QUEUE_SIZE/);
  });
});

describe('otlpTracesProtocol', () => {
  it('defaults to protobuf, as the spec says, and honours the signal-specific variable first', () => {
    assert.equal(otlpTracesProtocol({}), 'http/protobuf');
    assert.equal(otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }), 'http/json');
    assert.equal(otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }), 'http/protobuf');
    assert.throws(() => otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), /"grpc"/);
  });
});
