import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error';
import { faultDelayMs, faultFires, MAX_FAULT_DELAY_MS, parseFaultChange, type FaultFieldKind } from './faults';

const FIELDS: Record<'latencyMs' | 'errorRate', FaultFieldKind> = { latencyMs: 'ms', errorRate: 'ratio' };

function refusal(body: unknown, where?: string): { status: number; code: string; message: string } {
  try {
    parseFaultChange(body, FIELDS, where);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  assert.fail(`${JSON.stringify(body)} was accepted`);
}

describe('parseFaultChange', () => {
  it('takes the fields a change names and leaves the others out', () => {
    assert.deepEqual(parseFaultChange({ errorRate: 0.25 }, FIELDS), { errorRate: 0.25 });
    assert.deepEqual(parseFaultChange({}, FIELDS), {});
    assert.deepEqual(parseFaultChange({ latencyMs: 0, errorRate: 1 }, FIELDS), { latencyMs: 0, errorRate: 1 });
    assert.deepEqual(parseFaultChange({ latencyMs: MAX_FAULT_DELAY_MS }, FIELDS), { latencyMs: MAX_FAULT_DELAY_MS });
  });

  it('refuses rates outside 0..1 and delays that are negative, fractional or past the limit, naming the field', () => {
    for (const body of [{ errorRate: 1.5 }, { errorRate: -0.1 }, { errorRate: '0.5' }, { errorRate: Number.NaN }]) {
      assert.deepEqual(refusal(body), {
        status: 422,
        code: 'invalid_fault_settings',
        message: 'errorRate must be a number from 0 to 1 (the share of requests that fail).',
      });
    }
    for (const body of [{ latencyMs: -1 }, { latencyMs: 2.5 }, { latencyMs: MAX_FAULT_DELAY_MS + 1 }, { latencyMs: null }]) {
      assert.match(refusal(body).message, /^latencyMs must be a whole number of milliseconds from 0 to 10000\.$/);
    }
  });

  it('refuses a body that is not an object, and names an unknown field with the known ones and its place', () => {
    assert.equal(refusal([1]).status, 422);
    assert.equal(refusal('latencyMs=5').status, 422);
    assert.equal(refusal(null, 'userApi.').message, 'userApi. must be an object of fault settings.');
    assert.equal(
      refusal({ latency: 5 }, 'userApi.').message,
      '"userApi.latency" is not a fault setting; known here: userApi.latencyMs, userApi.errorRate.',
    );
  });
});

describe('fault dice', () => {
  it('fires a share of requests, never at 0 and always at 1', () => {
    assert.equal(
      faultFires(0, () => 0),
      false,
    );
    assert.equal(
      faultFires(1, () => 0.999),
      true,
    );
    assert.equal(
      faultFires(0.5, () => 0.49),
      true,
    );
    assert.equal(
      faultFires(0.5, () => 0.5),
      false,
    );
  });

  it('spreads a jittered delay between the latency and the latency plus the jitter', () => {
    assert.equal(
      faultDelayMs(200, 0, () => 0.7),
      200,
    );
    assert.equal(
      faultDelayMs(200, 100, () => 0),
      200,
    );
    assert.equal(
      faultDelayMs(200, 100, () => 0.999),
      300,
    );
    assert.equal(
      faultDelayMs(0, 50, () => 0.5),
      25,
    );
  });
});
