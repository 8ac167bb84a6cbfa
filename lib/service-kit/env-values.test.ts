import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { booleanFromEnv, boundedIntFromEnv, httpUrlFromEnv, positiveIntFromEnv, ratioFromEnv, secretFromEnv } from './env-values';

describe('environment value parsers', () => {
  it('fall back to the default when the variable is unset or blank', () => {
    assert.equal(positiveIntFromEnv('N', undefined, 5), 5);
    assert.equal(positiveIntFromEnv('N', '  ', 5), 5);
    assert.equal(ratioFromEnv('R', '', 1), 1);
    assert.equal(httpUrlFromEnv('U', undefined, 'http://127.0.0.1:8080').port, '8080');
  });

  it('name the variable when its value is wrong', () => {
    assert.throws(() => positiveIntFromEnv('USER_API_TIMEOUT_MS', '-1', 5), /USER_API_TIMEOUT_MS="-1"/);
    assert.throws(() => positiveIntFromEnv('N', '2.5', 5), /positive whole number/);
    assert.throws(() => ratioFromEnv('R', '2', 1), /R="2" must be a number from 0 to 1/);
    assert.throws(() => httpUrlFromEnv('USER_API_URL', 'not a url', 'http://x'), /USER_API_URL="not a url"/);
    assert.throws(() => httpUrlFromEnv('USER_API_URL', 'ftp://host', 'http://x'), /http\(s\)/);
  });

  it('read booleans as the OpenTelemetry spec does: only "true" is true', () => {
    assert.equal(booleanFromEnv('true'), true);
    assert.equal(booleanFromEnv('TRUE'), true);
    assert.equal(booleanFromEnv('false'), false);
    assert.equal(booleanFromEnv('1'), false);
    assert.equal(booleanFromEnv(undefined), false);
  });

  it('read bounded whole numbers, where 0 is a value (a fault that is off)', () => {
    assert.equal(boundedIntFromEnv('FAULT_USER_API_LATENCY_MS', undefined, 0, 10_000), 0);
    assert.equal(boundedIntFromEnv('FAULT_USER_API_LATENCY_MS', '0', 5, 10_000), 0);
    assert.equal(boundedIntFromEnv('FAULT_USER_API_LATENCY_MS', '10000', 0, 10_000), 10_000);
    assert.throws(
      () => boundedIntFromEnv('FAULT_USER_API_LATENCY_MS', '10001', 0, 10_000),
      /FAULT_USER_API_LATENCY_MS="10001" must be a whole number from 0 to 10000/,
    );
    assert.throws(() => boundedIntFromEnv('N', '-1', 0, 10), /from 0 to 10/);
    assert.throws(() => boundedIntFromEnv('N', '1.5', 0, 10), /whole number/);
  });

  it('read secrets: unset is none, a short one is refused without repeating it', () => {
    assert.equal(secretFromEnv('FAULTS_TOKEN', undefined, 16), undefined);
    assert.equal(secretFromEnv('FAULTS_TOKEN', '  ', 16), undefined);
    assert.equal(secretFromEnv('FAULTS_TOKEN', ' 0123456789abcdef ', 16), '0123456789abcdef');
    assert.throws(
      () => secretFromEnv('FAULTS_TOKEN', 'hunter2', 16),
      (error: unknown) =>
        error instanceof Error && /FAULTS_TOKEN must be at least 16/.test(error.message) && !error.message.includes('hunter2'),
    );
  });
});
