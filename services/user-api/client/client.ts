import { ApiError, isErrorBody } from '@threadline/service-kit';
import { isUser, isUserApiFaultSettings, USER_NOT_FOUND, type User, type UserApiFaultSettings } from './contract';

/** One call to the user API, named by its route template (the client span's `url.template`). */
export interface UserApiCall {
  method: 'GET' | 'PUT';
  pathname: string;
  urlTemplate: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface UserApiAnswer {
  status: number;
  body: unknown;
}

/** Why a call got no answer to read: the error `send` throws carries one in its `failure` field. */
export type UserApiCallFailure = 'unavailable' | 'timeout' | 'bad_response';

export interface UserApiClientOptions {
  /** Sends one call, in the caller's own traced HTTP client; throws an error with a `failure` when no answer came. */
  send(call: UserApiCall): Promise<UserApiAnswer>;
  /** The FAULTS_TOKEN both services share, for `/faults`; none on a machine where loopback callers are let in. */
  faultsToken?: () => string | undefined;
  /** Told how each user lookup ended: `found`, `not_found`, or the code of the error it threw. */
  onLookup?: (outcome: string) => void;
}

/**
 * How long a caller should wait before trying again while the user API cannot be reached: about what
 * `npm start` (or an orchestrator) takes to bring a crashed one back.
 */
const RETRY_AFTER_SECONDS = 2;

/**
 * The user API as its callers see it: each answer read against the contract, and each failure turned
 * into the ApiError a caller of the shop should see: 503 with Retry-After while the user API cannot
 * be reached (nothing was written, so trying again is safe), 504 too slow, 502 an answer that makes
 * no sense.
 */
export function createUserApiClient({ send, faultsToken = () => undefined, onLookup = () => {} }: UserApiClientOptions) {
  const call = async (request: UserApiCall): Promise<UserApiAnswer> => {
    try {
      return await send(request);
    } catch (error) {
      throw failedCall(error);
    }
  };
  const faultsHeaders = (): Record<string, string> => {
    const token = faultsToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };

  return {
    /** The user, or `null` when the user API says there is no such user. */
    async fetchUser(userId: string): Promise<User | null> {
      try {
        const { status, body } = await call({
          method: 'GET',
          pathname: `/users/${encodeURIComponent(userId)}`,
          urlTemplate: '/users/:id',
        });
        if (status === 404 && isErrorBody(body) && body.error.code === USER_NOT_FOUND) {
          onLookup('not_found');
          return null;
        }
        if (status !== 200 || !isUser(body)) throw unexpectedAnswer(status, body);
        onLookup('found');
        return body;
      } catch (error) {
        onLookup(error instanceof ApiError ? error.code : 'error');
        throw error;
      }
    },

    async listUsers(): Promise<User[]> {
      const { status, body } = await call({ method: 'GET', pathname: '/users', urlTemplate: '/users' });
      if (status !== 200 || !Array.isArray(body) || !body.every(isUser)) throw unexpectedAnswer(status, body);
      return body;
    },

    async fetchFaults(): Promise<UserApiFaultSettings> {
      return faultsAnswer(await call({ method: 'GET', pathname: '/faults', urlTemplate: '/faults', headers: faultsHeaders() }));
    },

    /** The user API validates the change itself; its 422 is passed on. */
    async changeFaults(change: unknown): Promise<UserApiFaultSettings> {
      return faultsAnswer(
        await call({ method: 'PUT', pathname: '/faults', urlTemplate: '/faults', body: change, headers: faultsHeaders() }),
      );
    },
  };
}

export type UserApiClient = ReturnType<typeof createUserApiClient>;

function faultsAnswer({ status, body }: UserApiAnswer): UserApiFaultSettings {
  if (status === 200 && isUserApiFaultSettings(body)) return body;
  if (status === 422 && isErrorBody(body)) {
    throw new ApiError(422, body.error.code, `The user API refused the change: ${body.error.message}`);
  }
  if (status === 403 && isErrorBody(body)) {
    throw new ApiError(
      502,
      'user_api_faults_forbidden',
      `The user API does not let the shop switch its faults; give both services the same FAULTS_TOKEN. It said: ${body.error.message}`,
    );
  }
  throw unexpectedAnswer(status, body);
}

// Read by its field, not its class: the transport's error class may come from another bundle.
function failureOf(error: unknown): UserApiCallFailure | undefined {
  const failure = (error as { failure?: unknown } | null)?.failure;
  return failure === 'unavailable' || failure === 'timeout' || failure === 'bad_response' ? failure : undefined;
}

function failedCall(error: unknown): unknown {
  switch (failureOf(error)) {
    case 'timeout':
      return new ApiError(504, 'user_api_timeout', 'The user service took too long to answer. Please try again.', {
        cause: error,
      });
    case 'unavailable':
      return unavailable(error);
    case 'bad_response':
      return new ApiError(502, 'user_api_bad_response', 'The user service gave an answer the shop could not read.', {
        cause: error,
      });
    case undefined:
      return error;
  }
}

/** Passes on its own, so the caller is told when to try again. */
function unavailable(cause?: unknown): ApiError {
  return new ApiError(503, 'user_api_unavailable', 'The user service is not reachable right now. Please try again shortly.', {
    cause,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

function unexpectedAnswer(status: number, body: unknown): ApiError {
  // Its database away, or no replica behind its balancer: passes on its own, like a refused connection.
  if (status === 503) return unavailable();
  const detail = isErrorBody(body) ? `: ${body.error.code}` : '';
  return new ApiError(502, 'user_api_bad_response', `The user service answered ${status}${detail}.`);
}
