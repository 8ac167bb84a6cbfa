import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { booleanFromEnv, httpUrlFromEnv, positiveIntFromEnv, ratioFromEnv } from './env-values';

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
});
