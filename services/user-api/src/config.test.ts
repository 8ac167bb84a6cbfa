import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readUserApiConfig } from './config';

describe('readUserApiConfig: faults', () => {
  it('has every fault off and no token by default', () => {
    const config = readUserApiConfig({});
    assert.deepEqual(config.faults, { latencyMs: 0, jitterMs: 0, errorRate: 0, slowQueryMs: 0 });
    assert.equal(config.faultsToken, undefined);
  });

  it('switches faults on from the environment, each validated and named when wrong', () => {
    const config = readUserApiConfig({
      FAULT_USER_API_LATENCY_MS: '250',
      FAULT_USER_API_JITTER_MS: '100',
      FAULT_USER_API_ERROR_RATE: '0.2',
      FAULT_USER_API_SLOW_QUERY_MS: '800',
      FAULTS_TOKEN: 'a-token-of-enough-length',
    });
    assert.deepEqual(config.faults, { latencyMs: 250, jitterMs: 100, errorRate: 0.2, slowQueryMs: 800 });
    assert.equal(config.faultsToken, 'a-token-of-enough-length');
    assert.throws(() => readUserApiConfig({ FAULT_USER_API_ERROR_RATE: '20%' }), /FAULT_USER_API_ERROR_RATE="20%"/);
    assert.throws(() => readUserApiConfig({ FAULT_USER_API_LATENCY_MS: '60000' }), /from 0 to 10000/);
    assert.throws(() => readUserApiConfig({ FAULTS_TOKEN: 'short' }), /FAULTS_TOKEN must be at least 16/);
  });
});
