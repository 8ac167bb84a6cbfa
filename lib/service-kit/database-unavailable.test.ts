import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './api-error';
import { asDatabaseError, isDatabaseUnreachable } from './database-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('a server that is down, restarting or cut off is unreachable', () => {
  for (const error of [
    withCode('ECONNREFUSED'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P03', 'the database system is starting up'),
    withCode('08006'),
    withCode('ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed'),
    new AggregateError([withCode('ECONNREFUSED'), withCode('ENETUNREACH')], 'connect failed'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
  ]) {
    assert.equal(isDatabaseUnreachable(error), true, String(error.message));
  }
});

test('a query the database refused is not mistaken for an outage', () => {
  for (const error of [
    withCode('23505'),
    withCode('42P01', 'relation "orders" does not exist'),
    new Error('boom'),
    new AggregateError([withCode('ECONNREFUSED'), withCode('42P01')], 'mixed'),
    'ECONNREFUSED',
    null,
  ]) {
    assert.equal(isDatabaseUnreachable(error), false, String(error));
  }
});

test('unreachable becomes a 503 database_unavailable with Retry-After; the rest is left as it was', () => {
  const mapped = asDatabaseError(withCode('ECONNREFUSED'));
  assert.ok(mapped instanceof ApiError);
  assert.equal(mapped.status, 503);
  assert.equal(mapped.code, 'database_unavailable');
  assert.deepEqual(mapped.headers(), { 'retry-after': '2' });
  assert.equal(asDatabaseError(mapped), mapped, 'mapped once, however many layers it passes');
  assert.equal(isDatabaseUnreachable(mapped), true);
  const refused = withCode('23505');
  assert.equal(asDatabaseError(refused), refused);
});
