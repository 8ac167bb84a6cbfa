import { ApiError } from './api-error';

/**
 * Socket failures: the server is down, restarting or not reachable, or its connection was destroyed
 * under a write (Node's stream codes, which `pg` passes on as they come).
 */
const SOCKET_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTCONN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);
/** SQLSTATEs of a server going away or not yet up: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03']);
/** What `pg` says, with no code, when a connection ends under a query or never opens in time. */
const DRIVER_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /is not queryable/];

const DATABASE_UNAVAILABLE = 'database_unavailable';

/** How long a client should wait before retrying: about what a PostgreSQL restart takes. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * Whether an error says the database could not be reached (as opposed to a query it refused): the
 * kind that passes on its own, so the caller is told to retry rather than that the shop failed.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof ApiError) return error.code === DATABASE_UNAVAILABLE;
  if (typeof error !== 'object' || error === null) return false;
  // Every address of the host refused (Node tries each in turn): unreachable if each one was.
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.every(isDatabaseUnreachable);
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (SOCKET_FAILURES.has(code) || SERVER_GOING_AWAY.has(code) || code.startsWith('08')))
    return true;
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * A database error as the caller should see it: unreachable is a 503 with Retry-After (a transaction
 * cut off that way rolled back, or, cut off in its COMMIT, is found again by a retry with the same
 * Idempotency-Key); anything else is left as it is.
 */
export function asDatabaseError(error: unknown): unknown {
  if (error instanceof ApiError || !isDatabaseUnreachable(error)) return error;
  return new ApiError(503, DATABASE_UNAVAILABLE, 'The database is not reachable right now. Please try again shortly.', {
    cause: error,
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}
