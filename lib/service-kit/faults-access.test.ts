import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error';
import {
  assertFaultsAccess,
  forwardedAddresses,
  isLoopbackAddress,
  isLoopbackHost,
  judgeFaultsAccess,
  type FaultsAccessPolicy,
  type FaultsAccessRequest,
} from './faults-access';

const TOKEN = 'a-token-of-enough-length';
const LOOPBACK_ONLY: FaultsAccessPolicy = { token: undefined, listensOnLoopbackOnly: true };

function request(headers: Record<string, string>, peerAddress?: string): FaultsAccessRequest {
  return { header: (name) => headers[name], peerAddress };
}

/** What Next.js hands a route handler for a local browser: it sets X-Forwarded-For to the peer when the request has none. */
const LOCAL_REQUEST = { host: '127.0.0.1:3000', 'x-forwarded-for': '127.0.0.1' };

describe('judgeFaultsAccess: loopback callers', () => {
  it('lets a local caller of a loopback-only server in without a token', () => {
    assert.deepEqual(judgeFaultsAccess(request(LOCAL_REQUEST), LOOPBACK_ONLY), { allowed: true, via: 'loopback' });
    assert.deepEqual(judgeFaultsAccess(request({ host: 'localhost:3000', 'x-forwarded-for': '::1' }), LOOPBACK_ONLY), {
      allowed: true,
      via: 'loopback',
    });
    assert.deepEqual(judgeFaultsAccess(request({ host: '[::1]:8080' }, '::ffff:127.0.0.1'), LOOPBACK_ONLY), {
      allowed: true,
      via: 'loopback',
    });
  });

  it('refuses everyone without the token when the server listens beyond loopback, whatever the headers claim', () => {
    const access = judgeFaultsAccess(request(LOCAL_REQUEST, '127.0.0.1'), { token: undefined, listensOnLoopbackOnly: false });
    assert.equal(access.allowed, false);
    assert.match(!access.allowed ? access.reason : '', /does not listen on loopback alone.*Set FAULTS_TOKEN/);
  });

  it('refuses a peer on another machine where the socket shows it', () => {
    assert.equal(judgeFaultsAccess(request({ host: '127.0.0.1:8080' }, '10.0.0.7'), LOOPBACK_ONLY).allowed, false);
  });

  it('refuses what a local proxy forwards from elsewhere, in any forwarding header and any position', () => {
    const fromElsewhere: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.7' },
      { 'x-forwarded-for': '203.0.113.7, 127.0.0.1' },
      { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' },
      { 'x-real-ip': '2001:db8::1' },
      { forwarded: 'for=198.51.100.17;proto=https' },
      { forwarded: 'for="[::1]:4711", for=unknown' },
      { 'x-forwarded-for': 'localhost' },
    ];
    for (const headers of fromElsewhere) {
      const access = judgeFaultsAccess(request({ ...LOCAL_REQUEST, ...headers }), LOOPBACK_ONLY);
      assert.equal(access.allowed, false, JSON.stringify(headers));
      assert.match(!access.allowed ? access.reason : '', /header names a caller that is not on this machine/);
    }
  });

  it('refuses a Host that is not this machine, as a page whose name is rebound to 127.0.0.1 would send', () => {
    for (const host of ['attacker.example', 'attacker.example:3000', '127.0.0.1.nip.io', '']) {
      assert.equal(judgeFaultsAccess(request({ ...LOCAL_REQUEST, host }), LOOPBACK_ONLY).allowed, false, host);
    }
  });
});

describe('judgeFaultsAccess: the token', () => {
  const policy: FaultsAccessPolicy = { token: TOKEN, listensOnLoopbackOnly: false };

  it('opens the API from anywhere with the right bearer token', () => {
    const fromElsewhere = { host: 'shop.example', 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${TOKEN}` };
    assert.deepEqual(judgeFaultsAccess(request(fromElsewhere, '10.0.0.7'), policy), { allowed: true, via: 'token' });
    assert.deepEqual(judgeFaultsAccess(request({ authorization: `bearer ${TOKEN}` }), policy), { allowed: true, via: 'token' });
  });

  it('refuses a wrong or malformed credential even from loopback, and any credential where no token is set', () => {
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`, 'Bearer ']) {
      const access = judgeFaultsAccess(request({ ...LOCAL_REQUEST, authorization }), { ...policy, listensOnLoopbackOnly: true });
      assert.equal(access.allowed, false, authorization);
    }
    const access = judgeFaultsAccess(request({ ...LOCAL_REQUEST, authorization: `Bearer ${TOKEN}` }), LOOPBACK_ONLY);
    assert.equal(access.allowed, false);
    assert.match(!access.allowed ? access.reason : '', /no FAULTS_TOKEN/);
  });

  it('says to send the token when one is set', () => {
    const access = judgeFaultsAccess(request({ 'x-forwarded-for': '203.0.113.7' }), policy);
    assert.match(!access.allowed ? access.reason : '', /Send Authorization: Bearer <FAULTS_TOKEN>\.$/);
  });
});

describe('assertFaultsAccess', () => {
  it('refuses with a 403 in the one error shape', () => {
    assert.throws(
      () => assertFaultsAccess(request({ 'x-forwarded-for': '203.0.113.7' }), LOOPBACK_ONLY),
      (error: unknown) => error instanceof ApiError && error.status === 403 && error.code === 'faults_forbidden',
    );
    assert.doesNotThrow(() => assertFaultsAccess(request(LOCAL_REQUEST), LOOPBACK_ONLY));
  });
});

describe('addresses', () => {
  it('knows loopback in its IPv4, IPv6 and mapped forms, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      assert.equal(isLoopbackAddress(address), true, address);
    }
    for (const address of ['10.0.0.1', '128.0.0.1', '::', '::2', '::ffff:10.0.0.1', 'localhost', 'unknown', '_hidden', '']) {
      assert.equal(isLoopbackAddress(address), false, address);
    }
    assert.equal(isLoopbackHost('localhost'), true);
    assert.equal(isLoopbackHost('0.0.0.0'), false);
    assert.equal(isLoopbackHost(undefined), false);
  });

  it('reads the addresses forwarding headers name, without ports or quotes', () => {
    assert.deepEqual(forwardedAddresses('x-forwarded-for', ' 203.0.113.7:5123 , [::1]:80,'), ['203.0.113.7', '::1']);
    assert.deepEqual(forwardedAddresses('forwarded', 'for=192.0.2.43;proto=http, For="[2001:db8:cafe::17]:4711";by=x'), [
      '192.0.2.43',
      '2001:db8:cafe::17',
    ]);
    assert.deepEqual(forwardedAddresses('forwarded', 'proto=https'), []);
  });
});
