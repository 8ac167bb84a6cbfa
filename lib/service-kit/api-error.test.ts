import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error';

/** A second copy of the module, as Next.js gives the pages and the route handlers one each. */
async function anotherCopy(): Promise<typeof ApiError> {
  const copy = (await import(`./api-error.ts?copy=${Math.random()}`)) as { ApiError: typeof ApiError };
  return copy.ApiError;
}

describe('ApiError', () => {
  it('is recognised when thrown by another copy of the module', async () => {
    const OtherApiError = await anotherCopy();
    assert.notEqual(OtherApiError, ApiError, 'the test needs a real second copy of the class');
    const fromThePages = new OtherApiError(503, 'database_unavailable', 'The database is not reachable right now.');
    assert.ok(fromThePages instanceof ApiError);
    assert.ok(new ApiError(400, 'bad', 'Bad.') instanceof OtherApiError);
    assert.ok(new ApiError(400, 'bad', 'Bad.') instanceof Error);
  });

  it('is not any other error, whatever it carries', () => {
    assert.equal(new Error('x') instanceof ApiError, false);
    assert.equal(
      Object.assign(new Error('x'), { name: 'ApiError', status: 503, code: 'database_unavailable' }) instanceof ApiError,
      false,
    );
    assert.equal((null as unknown) instanceof ApiError, false);
  });
});
