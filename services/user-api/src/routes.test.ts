import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '@threadline/service-kit';
import { matchRoute } from './routes';
import type { UserRepository } from './user-repository';

const ADA = { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' };
const users: UserRepository = {
  findUserById: (id) => (id === ADA.id ? ADA : undefined),
  listUsers: () => [ADA],
};

function refusal(method: string, path: string): { status: number; code: string } {
  try {
    matchRoute(method, path, users).handle();
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code };
    throw error;
  }
  assert.fail(`${method} ${path} was answered`);
}

describe('matchRoute', () => {
  it('names each route by its template, so /users/1 and /users/2 share one span name', () => {
    assert.equal(matchRoute('GET', '/users/1', users).route, '/users/:id');
    assert.equal(matchRoute('GET', '/users', users).route, '/users');
    assert.equal(matchRoute('HEAD', '/healthz', users).route, '/healthz');
  });

  it('answers a known user and lists them all', () => {
    assert.deepEqual(matchRoute('GET', '/users/1', users).handle(), { status: 200, body: ADA });
    assert.deepEqual(matchRoute('GET', '/users', users).handle(), { status: 200, body: [ADA] });
  });

  it('refuses in the one error shape: unknown user, unknown path, wrong method, undecodable ID', () => {
    assert.deepEqual(refusal('GET', '/users/999'), { status: 404, code: 'user_not_found' });
    assert.deepEqual(refusal('GET', '/orders'), { status: 404, code: 'route_not_found' });
    assert.deepEqual(refusal('POST', '/users'), { status: 405, code: 'method_not_allowed' });
    assert.deepEqual(refusal('GET', '/users/%E0%A4%A'), { status: 400, code: 'invalid_user_id' });
  });
});
