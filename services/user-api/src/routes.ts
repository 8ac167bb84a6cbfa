import { ApiError, assertFaultsAccess, type FaultsAccessPolicy, type FaultsAccessRequest } from '@threadline/service-kit';
import { injectLatency, injectLookupFailure, type FaultSwitches } from './faults';
import type { UserRepository } from './user-repository';
import { USER_NOT_FOUND } from '../client/contract';

/** What the routes work with, built once in main.ts. */
export interface UserApiServices {
  users: UserRepository;
  faults: FaultSwitches;
  /** Who may read and switch faults: FAULTS_TOKEN, and whether USER_API_HOST is loopback. */
  faultsAccess: FaultsAccessPolicy;
}

/** The parts of a request a handler may need beyond its method and path. */
export interface RouteCall {
  /** Who is asking, as the faults access rule judges it. */
  caller: FaultsAccessRequest;
  /** The body as JSON (415, 413 or 400 when it is not); only PUT /faults reads one. */
  readJson: () => Promise<unknown>;
}

export interface RouteAnswer {
  status: number;
  body: unknown;
  /** Beyond the content type: `Retry-After` on a refusal that passes on its own. */
  headers?: Record<string, string>;
}

export interface RouteMatch {
  /** `http.route`: the template, so spans of /users/1 and /users/2 group together. */
  route: string;
  handle: (call: RouteCall) => Promise<RouteAnswer>;
}

/** Maps a method and path to the handler for it, or throws the 404/405 the caller should get. */
export function matchRoute(method: string, pathname: string, { users, faults, faultsAccess }: UserApiServices): RouteMatch {
  if (pathname === '/healthz') {
    return allow(method, { route: '/healthz', handle: async () => ({ status: 200, body: { status: 'ok' } }) });
  }
  if (pathname === '/faults') {
    return allow(
      method,
      {
        route: '/faults',
        handle: async ({ caller, readJson }) => {
          assertFaultsAccess(caller, faultsAccess);
          return { status: 200, body: method === 'PUT' ? await faults.change(await readJson()) : await faults.current() };
        },
      },
      ['GET', 'HEAD', 'PUT'],
    );
  }
  if (pathname === '/users') {
    return allow(method, {
      route: '/users',
      handle: async () => {
        await injectLatency(await faults.current());
        return { status: 200, body: await users.listUsers() };
      },
    });
  }
  const userPath = /^\/users\/([^/]+)$/.exec(pathname);
  if (userPath) {
    const id = decodeUserId(userPath[1]!);
    return allow(method, {
      route: '/users/:id',
      handle: async () => {
        // Read once, so one request sees one setting even if a PUT lands while it waits.
        const current = await faults.current();
        await injectLatency(current);
        injectLookupFailure(current);
        const user = await users.findUserById(id);
        if (!user) throw new ApiError(404, USER_NOT_FOUND, `There is no user with ID "${id}".`);
        return { status: 200, body: user };
      },
    });
  }
  throw new ApiError(404, 'route_not_found', `Nothing is served at ${pathname}.`);
}

function allow(method: string, match: RouteMatch, methods: readonly string[] = ['GET', 'HEAD']): RouteMatch {
  if (!methods.includes(method)) {
    const named = methods.filter((allowed) => allowed !== 'HEAD').join(' and ');
    throw new ApiError(405, 'method_not_allowed', `${match.route} answers ${named} only.`);
  }
  return match;
}

function decodeUserId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new ApiError(400, 'invalid_user_id', 'The user ID in the path is not validly encoded.');
  }
}
