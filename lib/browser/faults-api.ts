import { isErrorBody } from '@threadline/service-kit/errors';
import type { FaultSettings, FaultSettingsChange } from '../shared/faults';

/** The answer of the faults API: every setting, or the refusal in the one error shape. */
export type FaultsApiResult =
  { ok: true; settings: FaultSettings } | { ok: false; status: number; code: string; message: string };

/**
 * Reads every fault. `token` is FAULTS_TOKEN, needed only when the panel is used from another
 * machine; it is sent as a bearer token and kept nowhere.
 */
export function fetchFaultSettings(token?: string): Promise<FaultsApiResult> {
  return readFaultsAnswer(fetch('/api/faults', { headers: headersWith(token), cache: 'no-store' }));
}

/** Switches faults: what `change` leaves out keeps its value. */
export function saveFaultSettings(change: FaultSettingsChange, token?: string): Promise<FaultsApiResult> {
  return readFaultsAnswer(
    fetch('/api/faults', {
      method: 'PUT',
      headers: { ...headersWith(token), 'content-type': 'application/json' },
      body: JSON.stringify(change),
    }),
  );
}

function headersWith(token: string | undefined): Record<string, string> {
  return token ? { accept: 'application/json', authorization: `Bearer ${token}` } : { accept: 'application/json' };
}

async function readFaultsAnswer(pending: Promise<Response>): Promise<FaultsApiResult> {
  let response: Response;
  try {
    response = await pending;
  } catch {
    return { ok: false, status: 0, code: 'network_error', message: 'The shop could not be reached.' };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, settings: body as FaultSettings };
  if (isErrorBody(body)) return { ok: false, status: response.status, ...body.error };
  return { ok: false, status: response.status, code: 'unexpected_response', message: `The shop answered ${response.status}.` };
}
