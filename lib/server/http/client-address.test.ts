import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressSetFrom, clientAddressOf, plainAddress } from './client-address';

describe('client address', () => {
  const none = addressSetFrom([], 'TRUSTED_PROXIES');
  const proxies = addressSetFrom(['10.0.0.0/8', '127.0.0.1', '::1'], 'TRUSTED_PROXIES');

  it('is the TCP peer, whatever X-Forwarded-For says, unless the peer is a trusted proxy', () => {
    assert.equal(clientAddressOf('::ffff:127.0.0.1', '203.0.113.9', none), '127.0.0.1');
    assert.equal(clientAddressOf('198.51.100.4', '127.0.0.1', proxies), '198.51.100.4');
    assert.equal(clientAddressOf(undefined, '203.0.113.9', none), 'unknown');
  });

  it('is what the outermost trusted proxy saw: the right-most untrusted hop', () => {
    // The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert.equal(clientAddressOf('10.1.2.3', '1.2.3.4, 203.0.113.9', proxies), '203.0.113.9');
    assert.equal(clientAddressOf('10.1.2.3', '203.0.113.9, 10.9.9.9', proxies), '203.0.113.9');
    assert.equal(clientAddressOf('127.0.0.1', '10.0.0.5', proxies), '10.0.0.5');
    assert.equal(clientAddressOf('::1', '', proxies), '::1');
  });

  it('reads networks and refuses what is not one, naming the variable', () => {
    assert.ok(proxies.has('10.200.1.1'));
    assert.ok(proxies.has('::ffff:10.200.1.1'));
    assert.ok(!proxies.has('11.0.0.1'));
    assert.ok(!proxies.has('not-an-address'));
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.1/8/1', '::1/129', ''])
      assert.throws(() => addressSetFrom([bad], 'TRUSTED_PROXIES'), /TRUSTED_PROXIES/, bad);
  });

  it('takes ports, brackets and IPv4-mapped forms off an address', () => {
    assert.equal(plainAddress('[::1]:3000'), '::1');
    assert.equal(plainAddress('192.0.2.1:80'), '192.0.2.1');
    assert.equal(plainAddress('::FFFF:192.0.2.1'), '192.0.2.1');
  });
});
