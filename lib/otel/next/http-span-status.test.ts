import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { isHttpErrorStatus } from './http-span-status';

describe('isHttpErrorStatus', () => {
  it('counts only 5xx against a server, since a 4xx is the caller’s mistake', () => {
    assert.equal(isHttpErrorStatus(SpanKind.SERVER, 404), false);
    assert.equal(isHttpErrorStatus(SpanKind.SERVER, 422), false);
    assert.equal(isHttpErrorStatus(SpanKind.SERVER, 500), true);
  });

  it('counts every 4xx and 5xx against a client call', () => {
    assert.equal(isHttpErrorStatus(SpanKind.CLIENT, 200), false);
    assert.equal(isHttpErrorStatus(SpanKind.CLIENT, 399), false);
    assert.equal(isHttpErrorStatus(SpanKind.CLIENT, 404), true);
    assert.equal(isHttpErrorStatus(SpanKind.CLIENT, 503), true);
  });

  it('treats a status outside 100-599 as an error for both', () => {
    assert.equal(isHttpErrorStatus(SpanKind.SERVER, 0), true);
    assert.equal(isHttpErrorStatus(SpanKind.CLIENT, 600), true);
  });
});
