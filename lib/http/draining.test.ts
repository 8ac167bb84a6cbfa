import assert from 'node:assert/strict';
import { it } from 'node:test';
import { drainingHeaders, isDraining, markDraining } from './draining';

it('adds Connection: close to answers only once the process is draining', () => {
  assert.equal(isDraining(), false);
  assert.deepEqual(drainingHeaders(), {});
  markDraining();
  assert.equal(isDraining(), true);
  assert.deepEqual(drainingHeaders(), { connection: 'close' });
});
