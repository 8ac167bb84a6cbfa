import 'server-only';
import { ApiError, isErrorBody } from '@threadline/service-kit';
import { requestJson, UpstreamError, type JsonRequest, type JsonResponse } from '../../otel/next/traced-http-client';
import { shopConfig } from '../config';
import type { Customer, User } from '../../shared/model';
import { isUserApiFaultSettings, type UserApiFaultSettings } from '../../shared/faults';
import { shopTracer, userLookups } from './telemetry';
import { SERVICE_NAMES } from '@threadline/otel-common';

const SERVICE = SERVICE_NAMES.userApi;

/** The user, or `null` when the user API says there is no such user. */
export async function fetchUser(userId: string): Promise<User | null> {
  try {
    const response = await callUserApi(`/users/${encodeURIComponent(userId)}`, '/users/:id');
    // Only the user API's own "no such user" means that; any other 404 is a misrouted call.
    if (response.status === 404 && isErrorBody(response.body) && response.body.error.code === 'user_not_found') {
      userLookups().add(1, { outcome: 'not_found' });
      return null;
    }
    if (response.status !== 200 || !isUser(response.body)) throw unexpectedAnswer(response.status, response.body);
    userLookups().add(1, { outcome: 'found' });
    return response.body;
  } catch (error) {
    userLookups().add(1, { outcome: error instanceof ApiError ? error.code : 'error' });
    throw error;
  }
}

/** Everyone an order can be for, by name only: the list is shown to every visitor. */
export async function listCustomers(): Promise<Customer[]> {
  const response = await callUserApi('/users', '/users');
  const { body } = response;
  if (response.status !== 200 || !Array.isArray(body) || !body.every(isUser)) {
    throw unexpectedAnswer(response.status, body);
  }
  return body.map(({ id, name }) => ({ id, name }));
}

/** The user API's faults, from its own `GET /faults`. */
export async function fetchUserApiFaults(): Promise<UserApiFaultSettings> {
  return faultsAnswer(await callUserApi('/faults', '/faults', { headers: faultsAuthorization() }));
}

/** Changes the user API's faults with its own `PUT /faults`; it validates the change (a 422 is passed on). */
export async function changeUserApiFaults(change: unknown): Promise<UserApiFaultSettings> {
  return faultsAnswer(await callUserApi('/faults', '/faults', { method: 'PUT', body: change, headers: faultsAuthorization() }));
}

/**
 * The shop has already judged its caller; it then asks as itself. On this machine the user API lets
 * it in as a loopback caller; elsewhere (containers) both services need the same FAULTS_TOKEN.
 */
function faultsAuthorization(): Record<string, string> {
  const { token } = shopConfig().faults;
  return token ? { authorization: `Bearer ${token}` } : {};
}

function faultsAnswer(response: JsonResponse): UserApiFaultSettings {
  if (response.status === 200 && isUserApiFaultSettings(response.body)) return response.body;
  if (response.status === 422 && isErrorBody(response.body)) {
    throw new ApiError(422, response.body.error.code, `The user API refused the change: ${response.body.error.message}`);
  }
  if (response.status === 403 && isErrorBody(response.body)) {
    throw new ApiError(
      502,
      'user_api_faults_forbidden',
      `The user API does not let the shop switch its faults; give both services the same FAULTS_TOKEN. It said: ${response.body.error.message}`,
    );
  }
  throw unexpectedAnswer(response.status, response.body);
}

async function callUserApi(
  pathname: string,
  urlTemplate: string,
  { method = 'GET', body, headers }: Pick<JsonRequest, 'body' | 'headers'> & { method?: JsonRequest['method'] } = {},
): Promise<JsonResponse> {
  const { userApiUrl, userApiTimeoutMs } = shopConfig();
  try {
    return await requestJson(shopTracer, {
      method,
      url: new URL(pathname, userApiUrl),
      urlTemplate,
      service: SERVICE,
      timeoutMs: userApiTimeoutMs,
      body,
      headers,
    });
  } catch (error) {
    throw toApiError(error);
  }
}

/**
 * How long a caller should wait before trying again while the user API cannot be reached: about what
 * `npm start` (or an orchestrator) takes to bring a crashed one back.
 */
const USER_API_RETRY_AFTER_SECONDS = 2;

/**
 * Maps a failed call to what the shop's own caller should see: 503 with Retry-After while the user
 * API cannot be reached (it is restarting, or down: nothing was written, so trying again is safe),
 * 504 too slow, 502 an answer that makes no sense.
 */
function toApiError(error: unknown): unknown {
  if (!(error instanceof UpstreamError)) return error;
  switch (error.failure) {
    case 'timeout':
      return new ApiError(504, 'user_api_timeout', 'The user service took too long to answer. Please try again.', {
        cause: error,
      });
    case 'unavailable':
      return userApiUnavailable(error);
    case 'bad_response':
      return new ApiError(502, 'user_api_bad_response', 'The user service gave an answer the shop could not read.', {
        cause: error,
      });
  }
}

/** Passes on its own, so the caller is told when to try again. */
function userApiUnavailable(cause?: UpstreamError): ApiError {
  return new ApiError(503, 'user_api_unavailable', 'The user service is not reachable right now. Please try again shortly.', {
    cause,
    retryAfterSeconds: USER_API_RETRY_AFTER_SECONDS,
  });
}

function unexpectedAnswer(status: number, body: unknown): ApiError {
  // Its database away, or no replica behind its balancer: passes on its own, like a refused connection.
  if (status === 503) return userApiUnavailable();
  const detail = isErrorBody(body) ? `: ${body.error.code}` : '';
  return new ApiError(502, 'user_api_bad_response', `The user service answered ${status}${detail}.`);
}

function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, email } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof name === 'string' && typeof email === 'string';
}
