/**
 * What the user API answers, written once: the service builds its answers from these types, and the
 * web tier (server and page) reads them through `@threadline/user-api/client`. Types and guards
 * only, with no Node.js or server import, so the page may use them too.
 */

/** A user, as `GET /users/:id` and `GET /users` answer them. */
export interface User {
  id: string;
  name: string;
  email: string;
}

/** The user API's faults (docs/faults.md), as `GET`/`PUT /faults` answer them. 0 is off. */
export interface UserApiFaultSettings {
  /** Added to every user request (GET /users, GET /users/:id), in a child span "injected latency". */
  latencyMs: number;
  /** Up to this much more, evenly spread, on top of latencyMs. */
  jitterMs: number;
  /** Share of user lookups (GET /users/:id) that fail with 500 `injected_failure`. */
  errorRate: number;
  /** Waited inside every `SELECT users` database span. */
  slowQueryMs: number;
}

/** What each fault field holds: a delay in ms (up to the services' limit) or a share from 0 to 1. */
export const USER_API_FAULT_FIELDS: Readonly<Record<keyof UserApiFaultSettings, 'ms' | 'ratio'>> = {
  latencyMs: 'ms',
  jitterMs: 'ms',
  errorRate: 'ratio',
  slowQueryMs: 'ms',
};

/** The code of the one 404 that means "no such user"; any other 404 is a call that went astray. */
export const USER_NOT_FOUND = 'user_not_found';

export function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, email } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof name === 'string' && typeof email === 'string';
}

export function isUserApiFaultSettings(value: unknown): value is UserApiFaultSettings {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return Object.keys(USER_API_FAULT_FIELDS).every((field) => typeof fields[field] === 'number');
}
