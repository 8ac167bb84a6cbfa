import { ApiError } from '@threadline/service-kit';
import type { UserRepository } from './user-repository';

export interface RouteMatch {
  /** `http.route`: the template, so spans of /users/1 and /users/2 group together. */
  route: string;
  handle: () => { status: number; body: unknown };
}

/** Maps a method and path to the handler for it, or throws the 404/405 the caller should get. */
export function matchRoute(method: string, pathname: string, users: UserRepository): RouteMatch {
  if (pathname === '/healthz') {
    return allow(method, { route: '/healthz', handle: () => ({ status: 200, body: { status: 'ok' } }) });
  }
  if (pathname === '/users') {
    return allow(method, { route: '/users', handle: () => ({ status: 200, body: users.listUsers() }) });
  }
  const userPath = /^\/users\/([^/]+)$/.exec(pathname);
  if (userPath) {
    const id = decodeUserId(userPath[1]!);
    return allow(method, {
      route: '/users/:id',
      handle: () => {
        const user = users.findUserById(id);
        if (!user) throw new ApiError(404, 'user_not_found', `There is no user with ID "${id}".`);
        return { status: 200, body: user };
      },
    });
  }
  throw new ApiError(404, 'route_not_found', `Nothing is served at ${pathname}.`);
}

function allow(method: string, match: RouteMatch): RouteMatch {
  if (method !== 'GET' && method !== 'HEAD') {
    throw new ApiError(405, 'method_not_allowed', `${match.route} answers GET only.`);
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
