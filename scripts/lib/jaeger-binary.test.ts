import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerImageFor, pinnedJaegerVersion } from './jaeger-binary';

describe('Jaeger version pinning', () => {
  it('reads the version from the committed Go tools module', () => {
    assert.match(pinnedJaegerVersion(), /^v1\.\d+\.\d+$/);
  });

  it('maps the v1 module version to the v2 image of the same release', () => {
    assert.equal(dockerImageFor('v1.75.0'), 'jaegertracing/jaeger:2.12.0');
    assert.equal(dockerImageFor('v1.74.1'), 'jaegertracing/jaeger:2.11.1');
    assert.throws(() => dockerImageFor('v2.13.0'), /cannot map/);
  });
});
