import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserSessionCookie, browserSessionFrom, browserSessionFromHeader, newBrowserSession } from './browser-session';

describe('browser session', () => {
  it('takes only a well-formed session ID from the cookie', () => {
    const id = newBrowserSession();
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(browserSessionFrom(id), id);
    for (const forged of ['', 'abc', `${id}0`, id.toUpperCase(), "' OR 1=1 --", undefined]) {
      assert.equal(browserSessionFrom(forged), undefined, String(forged));
    }
  });

  it('finds the cookie among others in a Cookie header', () => {
    const id = newBrowserSession();
    assert.equal(browserSessionFromHeader(`a=1; threadline_session=${id}; b=2`), id);
    assert.equal(browserSessionFromHeader('a=1'), undefined);
    assert.equal(browserSessionFromHeader(null), undefined);
    assert.equal(browserSessionFromHeader('threadline_session=not-hex'), undefined);
  });

  it('starts a session with a cookie no page script can read and no other site can send with a POST', () => {
    assert.equal(browserSessionCookie('ab'.repeat(16)), `threadline_session=${'ab'.repeat(16)}; Path=/; HttpOnly; SameSite=Lax`);
  });
});
