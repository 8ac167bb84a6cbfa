import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newVisit, rotatedVisit } from './visit-cookie';
import { TRACE_ID_PREFIX_LENGTH, traceBelongsToVisit, visitIdentifiers } from './visit-identifiers';

const SECRET = Buffer.from('a-test-secret-that-is-long-enough-for-hmac');

describe('visit identifiers', () => {
  it('derive from the visit without showing it, and the same way every time', () => {
    const visit = newVisit();
    const ids = visitIdentifiers(visit, SECRET);
    assert.match(ids.sessionId, /^[0-9a-f]{32}$/);
    assert.notEqual(ids.sessionId, visit.id);
    assert.ok(!ids.sessionId.includes(visit.id.slice(0, 8)));
    assert.equal(ids.traceIdPrefix.length, TRACE_ID_PREFIX_LENGTH);
    assert.deepEqual(visitIdentifiers(visit, SECRET), ids);
    assert.notEqual(visitIdentifiers(visit, Buffer.from('another-secret-another-secret-xx')).sessionId, ids.sessionId);
  });

  it('keep the replaced visit’s identifiers after the first order', () => {
    const visit = newVisit();
    const before = visitIdentifiers(visit, SECRET);
    const after = visitIdentifiers(rotatedVisit(visit), SECRET);
    assert.notEqual(after.sessionId, before.sessionId);
    assert.deepEqual(after.sessionIds.slice(1), [before.sessionId]);
    assert.deepEqual(after.traceIdPrefixes.slice(1), [before.traceIdPrefix]);
  });

  it('say a trace is the visit’s by its prefix only', () => {
    const ids = visitIdentifiers(newVisit(), SECRET);
    assert.ok(traceBelongsToVisit(`${ids.traceIdPrefix}${'1'.repeat(16)}`, ids));
    assert.ok(!traceBelongsToVisit(`${'1'.repeat(16)}${ids.traceIdPrefix}`, ids));
    assert.ok(!traceBelongsToVisit(visitIdentifiers(newVisit(), SECRET).traceIdPrefix + '1'.repeat(16), ids));
  });
});
