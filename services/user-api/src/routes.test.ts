import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, type FaultsAccessPolicy } from '@threadline/service-kit';
import type { UserApiFaultSettings } from '../client/contract';
import { createFaultSwitches, inMemoryFaultStorage } from './faults';
import { matchRoute, type RouteCall, type UserApiServices } from './routes';
import type { UserRepository } from './user-repository';

const ADA = { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' };
const ALL_OFF: UserApiFaultSettings = { latencyMs: 0, jitterMs: 0, errorRate: 0, slowQueryMs: 0 };
const users: UserRepository = {
  findUserById: async (id) => (id === ADA.id ? ADA : undefined),
  listUsers: async () => [ADA],
};
const LOOPBACK_ONLY: FaultsAccessPolicy = { token: undefined, listensOnLoopbackOnly: true };

function services(faults: UserApiFaultSettings = ALL_OFF): UserApiServices {
  return { users, faults: createFaultSwitches(faults, inMemoryFaultStorage()), faultsAccess: LOOPBACK_ONLY };
}

/** A call from this machine (the peer and Host are loopback), with `body` as its JSON. */
function localCall(body?: unknown, headers: Record<string, string> = {}): RouteCall {
  const all: Record<string, string> = { host: '127.0.0.1:8080', ...headers };
  return { caller: { header: (name) => all[name], peerAddress: '127.0.0.1' }, readJson: async () => body };
}

async function refusal(method: string, path: string, with_: UserApiServices = services(), call = localCall()) {
  try {
    await matchRoute(method, path, with_).handle(call);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code };
    throw error;
  }
  assert.fail(`${method} ${path} was answered`);
}

describe('matchRoute', () => {
  it('names each route by its template, so /users/1 and /users/2 share one span name', () => {
    assert.equal(matchRoute('GET', '/users/1', services()).route, '/users/:id');
    assert.equal(matchRoute('GET', '/users', services()).route, '/users');
    assert.equal(matchRoute('HEAD', '/healthz', services()).route, '/healthz');
    assert.equal(matchRoute('PUT', '/faults', services()).route, '/faults');
  });

  it('answers a known user and lists them all', async () => {
    assert.deepEqual(await matchRoute('GET', '/users/1', services()).handle(localCall()), { status: 200, body: ADA });
    assert.deepEqual(await matchRoute('GET', '/users', services()).handle(localCall()), { status: 200, body: [ADA] });
  });

  it('refuses in the one error shape: unknown user, unknown path, wrong method, undecodable ID', async () => {
    assert.deepEqual(await refusal('GET', '/users/999'), { status: 404, code: 'user_not_found' });
    assert.deepEqual(await refusal('GET', '/orders'), { status: 404, code: 'route_not_found' });
    assert.deepEqual(await refusal('POST', '/users'), { status: 405, code: 'method_not_allowed' });
    assert.deepEqual(await refusal('DELETE', '/faults'), { status: 405, code: 'method_not_allowed' });
    assert.deepEqual(await refusal('GET', '/users/%E0%A4%A'), { status: 400, code: 'invalid_user_id' });
  });
});

describe('/faults', () => {
  it('answers the settings, and a PUT changes the fields it names and keeps the others', async () => {
    const running = services({ ...ALL_OFF, latencyMs: 300 });
    assert.deepEqual(await matchRoute('GET', '/faults', running).handle(localCall()), {
      status: 200,
      body: { ...ALL_OFF, latencyMs: 300 },
    });
    const changed = await matchRoute('PUT', '/faults', running).handle(localCall({ errorRate: 0.5 }));
    assert.deepEqual(changed.body, { ...ALL_OFF, latencyMs: 300, errorRate: 0.5 });
    assert.deepEqual(await running.faults.current(), { ...ALL_OFF, latencyMs: 300, errorRate: 0.5 });
  });

  it('refuses a bad change with 422 and keeps the settings as they were', async () => {
    const running = services();
    assert.deepEqual(await refusal('PUT', '/faults', running, localCall({ errorRate: 2 })), {
      status: 422,
      code: 'invalid_fault_settings',
    });
    assert.deepEqual(await running.faults.current(), ALL_OFF);
  });

  it('refuses a caller a forwarding header says is elsewhere, unless it sends the token', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7' };
    assert.deepEqual(await refusal('PUT', '/faults', services(), localCall({ errorRate: 1 }, forwarded)), {
      status: 403,
      code: 'faults_forbidden',
    });
    const token = 'a-token-of-enough-length';
    const withToken: UserApiServices = { ...services(), faultsAccess: { token, listensOnLoopbackOnly: true } };
    const answer = await matchRoute('PUT', '/faults', withToken).handle(
      localCall({ errorRate: 1 }, { ...forwarded, authorization: `Bearer ${token}` }),
    );
    assert.equal(answer.status, 200);
  });
});

describe('user routes under faults', () => {
  it('fail every lookup with 500 injected_failure at error rate 1, and leave the list alone', async () => {
    const failing = services({ ...ALL_OFF, errorRate: 1 });
    assert.deepEqual(await refusal('GET', '/users/1', failing), { status: 500, code: 'injected_failure' });
    assert.deepEqual(await matchRoute('GET', '/users', failing).handle(localCall()), { status: 200, body: [ADA] });
  });
});
