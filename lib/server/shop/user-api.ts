import 'server-only';
import { createUserApiClient, type User } from '@threadline/user-api/client';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { requestJson } from '../../otel/next/traced-http-client';
import { shopConfig } from '../config';
import type { Customer } from '../../shared/model';
import { shopTracer, userLookups } from './telemetry';

/**
 * The user API's own client, given the web tier's traced HTTP client and settings. The shop has
 * already judged its caller when it asks for `/faults`; it then asks as itself, with the
 * FAULTS_TOKEN both services share (none needed between loopback callers on one machine).
 */
const userApi = createUserApiClient({
  send: ({ method, pathname, urlTemplate, body, headers }) => {
    const { userApiUrl, userApiTimeoutMs } = shopConfig();
    return requestJson(shopTracer, {
      method,
      url: new URL(pathname, userApiUrl),
      urlTemplate,
      service: SERVICE_NAMES.userApi,
      timeoutMs: userApiTimeoutMs,
      body,
      headers,
    });
  },
  faultsToken: () => shopConfig().faults.token,
  onLookup: (outcome) => userLookups().add(1, { outcome }),
});

/** The user, or `null` when the user API says there is no such user. */
export const fetchUser = (userId: string): Promise<User | null> => userApi.fetchUser(userId);

/** Everyone an order can be for, by name only: the list is shown to every visitor. */
export async function listCustomers(): Promise<Customer[]> {
  return (await userApi.listUsers()).map(({ id, name }) => ({ id, name }));
}

export const fetchUserApiFaults = () => userApi.fetchFaults();
export const changeUserApiFaults = (change: unknown) => userApi.changeFaults(change);
