import 'server-only';
import { ApiError, isErrorBody } from '@threadline/service-kit';
import { requestJson, UpstreamError } from '../../otel/next/traced-http-client';
import { shopConfig } from '../config';
import type { User } from '../../shared/model';
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

export async function listUsers(): Promise<User[]> {
  const response = await callUserApi('/users', '/users');
  const { body } = response;
  if (response.status !== 200 || !Array.isArray(body) || !body.every(isUser)) {
    throw unexpectedAnswer(response.status, body);
  }
  return body;
}

async function callUserApi(pathname: string, urlTemplate: string) {
  const { userApiUrl, userApiTimeoutMs } = shopConfig();
  try {
    return await requestJson(shopTracer, {
      method: 'GET',
      url: new URL(pathname, userApiUrl),
      urlTemplate,
      service: SERVICE,
      timeoutMs: userApiTimeoutMs,
    });
  } catch (error) {
    throw toApiError(error);
  }
}

/** Maps a failed call to what the shop's own caller should see: 502 unreachable, 504 too slow. */
function toApiError(error: unknown): unknown {
  if (!(error instanceof UpstreamError)) return error;
  switch (error.failure) {
    case 'timeout':
      return new ApiError(504, 'user_api_timeout', 'The user service took too long to answer. Please try again.', {
        cause: error,
      });
    case 'unavailable':
      return new ApiError(502, 'user_api_unavailable', 'The user service is not reachable right now. Please try again shortly.', {
        cause: error,
      });
    case 'bad_response':
      return new ApiError(502, 'user_api_bad_response', 'The user service gave an answer the shop could not read.', {
        cause: error,
      });
  }
}

function unexpectedAnswer(status: number, body: unknown): ApiError {
  const detail = isErrorBody(body) ? `: ${body.error.code}` : '';
  return new ApiError(502, 'user_api_bad_response', `The user service answered ${status}${detail}.`);
}

function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, email } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof name === 'string' && typeof email === 'string';
}
