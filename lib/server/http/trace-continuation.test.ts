import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideTraceContinuation, pageLoadTraceparent } from './trace-continuation';

const PREFIX = '0123456789abcdef';
const own = `00-${PREFIX}${'1'.repeat(16)}-${'2'.repeat(16)}-01`;
const others = `00-${'9'.repeat(32)}-${'2'.repeat(16)}-01`;

describe('trace continuation', () => {
  it('continues the visit’s own traces and those of trusted clients', () => {
    assert.deepEqual(decideTraceContinuation(own, { traceIdPrefixes: [PREFIX], trustedClient: false }), { kind: 'continue' });
    assert.deepEqual(decideTraceContinuation(others, { traceIdPrefixes: [PREFIX], trustedClient: true }), { kind: 'continue' });
  });

  it('links to, and does not join, anyone else’s trace', () => {
    assert.deepEqual(decideTraceContinuation(others, { traceIdPrefixes: [PREFIX], trustedClient: false }), {
      kind: 'link',
      callerTraceparent: others,
    });
    assert.deepEqual(decideTraceContinuation(own, { traceIdPrefixes: [], trustedClient: false }), {
      kind: 'link',
      callerTraceparent: own,
    });
  });

  it('leaves malformed or absent context to the propagator', () => {
    assert.deepEqual(decideTraceContinuation(undefined, { traceIdPrefixes: [], trustedClient: false }), { kind: 'none' });
    assert.deepEqual(decideTraceContinuation('00-nope', { traceIdPrefixes: [], trustedClient: false }), { kind: 'continue' });
  });

  it('allocates page loads in the visit’s traces, sampled as the page would sample them', () => {
    const traceparent = pageLoadTraceparent(PREFIX, 1);
    assert.match(traceparent, new RegExp(`^00-${PREFIX}[0-9a-f]{16}-[0-9a-f]{16}-01$`));
    assert.notEqual(pageLoadTraceparent(PREFIX, 1), traceparent);
    assert.match(pageLoadTraceparent(PREFIX, 0), /-00$/);
    const flags = Array.from({ length: 400 }, () => pageLoadTraceparent(PREFIX, 0.5).endsWith('-01'));
    const share = flags.filter(Boolean).length / flags.length;
    assert.ok(share > 0.35 && share < 0.65, String(share));
  });
});
