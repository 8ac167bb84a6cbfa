import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeVisitCookie,
  encodeVisitCookie,
  newVisit,
  rotatedVisit,
  VISIT_COOKIE,
  visitFromCookieHeader,
  visitSetCookie,
} from './visit-cookie';

const SECRET = Buffer.from('a-test-secret-that-is-long-enough-for-hmac');

describe('visit cookie', () => {
  it('round-trips a visit, and one its first order replaced', () => {
    const visit = newVisit();
    assert.deepEqual(decodeVisitCookie(encodeVisitCookie(visit, SECRET), SECRET), visit);
    const rotated = rotatedVisit(visit);
    assert.equal(rotated.previousId, visit.id);
    assert.notEqual(rotated.id, visit.id);
    assert.deepEqual(decodeVisitCookie(encodeVisitCookie(rotated, SECRET), SECRET), rotated);
  });

  it('honours no made-up, altered or foreign-keyed value', () => {
    const value = encodeVisitCookie(newVisit(), SECRET);
    const [id, prev, mac] = value.split('.');
    const flipped = `${mac!.slice(0, -1)}${mac!.endsWith('0') ? '1' : '0'}`;
    for (const forged of [
      '',
      'x',
      `${id}`,
      `${id}..${flipped}`,
      `${'b'.repeat(32)}.${prev}.${mac}`,
      `${id}.${'c'.repeat(32)}.${mac}`,
      value.toUpperCase(),
      `${value}.extra`,
      encodeVisitCookie(newVisit(), Buffer.from('another-shop-s-secret-entirely-different')),
      '0'.repeat(200),
    ]) {
      assert.equal(decodeVisitCookie(forged, SECRET), undefined, forged);
    }
  });

  it('finds the valid cookie among others, even behind a planted duplicate', () => {
    const visit = newVisit();
    const header = `a=1; ${VISIT_COOKIE}=${'d'.repeat(32)}..${'e'.repeat(32)}; ${VISIT_COOKIE}=${encodeVisitCookie(visit, SECRET)}; b=2`;
    assert.deepEqual(visitFromCookieHeader(header, SECRET), visit);
    assert.equal(visitFromCookieHeader('threadline_session=abc', SECRET), undefined);
    assert.equal(visitFromCookieHeader(null, SECRET), undefined);
  });

  it('is handed over as a __Host- cookie no script can read or shadow, and no other site can send with a POST', () => {
    const header = visitSetCookie(newVisit(), SECRET);
    assert.match(header, /^__Host-threadline_visit=[0-9a-f]{32}\.\.[0-9a-f]{32}; /);
    for (const attribute of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax'])
      assert.ok(header.split('; ').includes(attribute), attribute);
    assert.ok(!/Domain=/i.test(header));
  });
});
