import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mebibytes, parseConsumerGroupLag, parseTopicEndOffsets } from './telemetry-tier';

const HEADER =
  'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID';

test('the lag sums every partition, counting one never committed on as owing all it holds', () => {
  const described = [
    '',
    "Consumer group 'jaeger-ingester' has no active members.",
    '',
    HEADER,
    'jaeger-ingester jaeger-spans    0          120             130             10              -               -               -',
    'jaeger-ingester jaeger-spans    1          -               7               -               -               -               -',
  ].join('\n');
  assert.equal(parseConsumerGroupLag(described), 17);
});

test('a drained topic, with a partition nothing was written to, has no lag', () => {
  const described = [
    HEADER,
    'jaeger-ingester jaeger-spans    0          1               1               0               otel-collector-3431 /172.20.0.6     otel-collector',
    'jaeger-ingester jaeger-spans    1          -               0               -               otel-collector-3431 /172.20.0.6     otel-collector',
  ].join('\n');
  assert.equal(parseConsumerGroupLag(described), 0);
});

test('output without the table (the group is unknown, Kafka is starting) is no reading', () => {
  assert.equal(parseConsumerGroupLag("Error: Consumer group 'jaeger-ingester' does not exist."), undefined);
});

test('docker stats memory readings in MiB', () => {
  assert.equal(mebibytes('512.3MiB'), 512.3);
  assert.equal(mebibytes('1.5GiB'), 1536);
  assert.throws(() => mebibytes('lots'), /cannot read/);
});

test('a topic whose group never committed owes every message it holds', () => {
  assert.equal(parseTopicEndOffsets('jaeger-spans:0:118\njaeger-spans:1:113\njaeger-spans:2:80\njaeger-spans:3:80\n'), 391);
  assert.equal(parseTopicEndOffsets('Error: Topic jaeger-spans does not exist\n'), undefined);
});
