import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '@threadline/service-kit';
import { createUserApiClient, type UserApiAnswer, type UserApiCall } from './client';

const ADA = { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' };
const FAULTS = { latencyMs: 0, jitterMs: 0, errorRate: 0.5, slowQueryMs: 0 };

/** A client whose every call gets `answer` (or throws it), recording what it was asked. */
function clientAnswering(answer: UserApiAnswer | Error, options: { faultsToken?: string } = {}) {
  const calls: UserApiCall[] = [];
  const lookups: string[] = [];
  const client = createUserApiClient({
    send: async (call) => {
      calls.push(call);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    faultsToken: () => options.faultsToken,
    onLookup: (outcome) => lookups.push(outcome),
  });
  return { client, calls, lookups };
}

function failure(kind: string): Error {
  return Object.assign(new Error(`call failed: ${kind}`), { failure: kind });
}

async function refusal(promise: Promise<unknown>): Promise<Pick<ApiError, 'status' | 'code' | 'retryAfterSeconds'>> {
  const error = await promise.then(
    () => assert.fail('expected the call to be refused'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  return { status: error.status, code: error.code, retryAfterSeconds: error.retryAfterSeconds };
}

describe('the user API client', () => {
  it('asks for one user by its escaped ID under its route template, and counts the lookup', async () => {
    const { client, calls, lookups } = clientAnswering({ status: 200, body: ADA });
    assert.deepEqual(await client.fetchUser('a/b'), ADA);
    assert.deepEqual(calls, [{ method: 'GET', pathname: '/users/a%2Fb', urlTemplate: '/users/:id' }]);
    assert.deepEqual(lookups, ['found']);
  });

  it('reads only the user API’s own user_not_found as "no such user"; any other 404 went astray', async () => {
    const notFound = clientAnswering({ status: 404, body: { error: { code: 'user_not_found', message: 'none' } } });
    assert.equal(await notFound.client.fetchUser('9'), null);
    assert.deepEqual(notFound.lookups, ['not_found']);

    const astray = clientAnswering({ status: 404, body: { error: { code: 'route_not_found', message: 'none' } } });
    assert.deepEqual(await refusal(astray.client.fetchUser('9')), {
      status: 502,
      code: 'user_api_bad_response',
      retryAfterSeconds: undefined,
    });
    assert.deepEqual(astray.lookups, ['user_api_bad_response']);
  });

  it('refuses a 200 whose body is not a user, rather than passing it on', async () => {
    const { client } = clientAnswering({ status: 200, body: { id: 1, name: 'Ada' } });
    assert.equal((await refusal(client.fetchUser('1'))).code, 'user_api_bad_response');
    const list = clientAnswering({ status: 200, body: [ADA, { id: '2' }] });
    assert.equal((await refusal(list.client.listUsers())).code, 'user_api_bad_response');
  });

  it('answers 503 with Retry-After when the user API is unreachable or says it is, 504 when it is slow', async () => {
    const unreachable = { status: 503, code: 'user_api_unavailable', retryAfterSeconds: 2 };
    assert.deepEqual(await refusal(clientAnswering(failure('unavailable')).client.fetchUser('1')), unreachable);
    assert.deepEqual(await refusal(clientAnswering({ status: 503, body: {} }).client.listUsers()), unreachable);
    assert.deepEqual(await refusal(clientAnswering(failure('timeout')).client.fetchUser('1')), {
      status: 504,
      code: 'user_api_timeout',
      retryAfterSeconds: undefined,
    });
    assert.equal((await refusal(clientAnswering(failure('bad_response')).client.listUsers())).code, 'user_api_bad_response');
  });

  it('lets an error that is not a failed call through as it is', async () => {
    const bug = new TypeError('a bug in the caller');
    const { client, lookups } = clientAnswering(bug);
    await assert.rejects(client.fetchUser('1'), (error) => error === bug);
    assert.deepEqual(lookups, ['error']);
  });

  it('sends the shared faults token to /faults only, and passes the user API’s 422 on', async () => {
    const { client, calls } = clientAnswering({ status: 200, body: FAULTS }, { faultsToken: 'a-token-of-sixteen+' });
    assert.deepEqual(await client.changeFaults({ errorRate: 0.5 }), FAULTS);
    assert.deepEqual(calls, [
      {
        method: 'PUT',
        pathname: '/faults',
        urlTemplate: '/faults',
        body: { errorRate: 0.5 },
        headers: { authorization: 'Bearer a-token-of-sixteen+' },
      },
    ]);

    const refused = clientAnswering({ status: 422, body: { error: { code: 'invalid_fault', message: 'errorRate: 0 to 1' } } });
    assert.deepEqual(await refusal(refused.client.changeFaults({ errorRate: 2 })), {
      status: 422,
      code: 'invalid_fault',
      retryAfterSeconds: undefined,
    });
  });

  it('says to share FAULTS_TOKEN when the user API forbids the shop its faults', async () => {
    const { client, calls } = clientAnswering({ status: 403, body: { error: { code: 'faults_forbidden', message: 'no' } } });
    assert.deepEqual(await refusal(client.fetchFaults()), {
      status: 502,
      code: 'user_api_faults_forbidden',
      retryAfterSeconds: undefined,
    });
    assert.deepEqual(calls[0]?.headers, {});
  });

  it('refuses fault settings with a field missing', async () => {
    const { slowQueryMs: _left, ...partial } = FAULTS;
    assert.equal(
      (await refusal(clientAnswering({ status: 200, body: partial }).client.fetchFaults())).code,
      'user_api_bad_response',
    );
  });
});
