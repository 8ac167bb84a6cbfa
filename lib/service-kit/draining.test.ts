import assert from 'node:assert/strict';
import { it } from 'node:test';
import { drainingHeaders, isDraining, markDraining, withDrainingHeaders } from './draining';

it('adds Connection: close to answers only once the process is draining', () => {
  assert.equal(isDraining(), false);
  assert.deepEqual(drainingHeaders(), {});
  assert.equal(withDrainingHeaders(Response.json({ status: 'ok' })).headers.get('connection'), null);
  markDraining();
  assert.equal(isDraining(), true);
  assert.deepEqual(drainingHeaders(), { connection: 'close' });
  assert.equal(withDrainingHeaders(Response.json({ status: 'ok' })).headers.get('connection'), 'close');
});
