import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readShopConfig } from './config';

describe('readShopConfig: faults', () => {
  it('has the order fault off, no token, and trusts no caller as local unless told where the shop listens', () => {
    assert.deepEqual(readShopConfig({}).faults, { orderFailureRate: 0, token: undefined, listensOnLoopbackOnly: false });
  });

  it('reads the fault, the token and the launcher’s word, each validated', () => {
    const { faults } = readShopConfig({
      FAULT_ORDER_FAILURE_RATE: '0.5',
      FAULTS_TOKEN: 'a-token-of-enough-length',
      SHOP_LISTENS_ON_LOOPBACK: 'true',
    });
    assert.deepEqual(faults, { orderFailureRate: 0.5, token: 'a-token-of-enough-length', listensOnLoopbackOnly: true });
    assert.equal(readShopConfig({ SHOP_LISTENS_ON_LOOPBACK: '1' }).faults.listensOnLoopbackOnly, false);
    assert.throws(
      () => readShopConfig({ FAULT_ORDER_FAILURE_RATE: '50' }),
      /FAULT_ORDER_FAILURE_RATE="50" must be a number from 0 to 1/,
    );
    assert.throws(() => readShopConfig({ FAULTS_TOKEN: 'short' }), /FAULTS_TOKEN must be at least 16/);
  });
});
