import { ApiError } from './api-error';

/**
 * Faults switched on on purpose (docs/faults.md): the vocabulary both services share, and the
 * validation of a change to them. Each service keeps its own switches; this module holds no state.
 */

/** The span attribute every injected fault sets, naming the fault, so Jaeger can find it: `threadline.fault.injected=shop.order_failure`. */
export const INJECTED_FAULT_ATTRIBUTE = 'threadline.fault.injected';

/** The value of INJECTED_FAULT_ATTRIBUTE for each fault. */
export const INJECTED_FAULTS = {
  userApiLatency: 'user_api.latency',
  userApiError: 'user_api.error',
  userApiSlowQuery: 'user_api.slow_query',
  orderFailure: 'shop.order_failure',
} as const;

/** The longest delay a fault may add: long enough to pass every timeout, short enough to leave nothing hung for long. */
export const MAX_FAULT_DELAY_MS = 10_000;

/** A delay in whole milliseconds (0 to MAX_FAULT_DELAY_MS), or a share of requests (0 to 1). */
export type FaultFieldKind = 'ms' | 'ratio';

/**
 * Reads a change to fault settings: an object naming some of `fields`, each a number in its range.
 * Fields it does not name keep their value. Anything else is a 422 naming the field and its range,
 * prefixed by `where` ("shop.") so the caller knows which part of a larger body is wrong.
 */
export function parseFaultChange<Field extends string>(
  body: unknown,
  fields: Readonly<Record<Field, FaultFieldKind>>,
  where = '',
): Partial<Record<Field, number>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`${where || 'The body'} must be an object of fault settings.`);
  }
  const known = Object.keys(fields) as Field[];
  const change: Partial<Record<Field, number>> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!known.includes(name as Field)) {
      throw invalid(`"${where}${name}" is not a fault setting; known here: ${known.map((field) => where + field).join(', ')}.`);
    }
    const kind = fields[name as Field];
    if (!isInRange(value, kind)) {
      throw invalid(
        kind === 'ms'
          ? `${where}${name} must be a whole number of milliseconds from 0 to ${MAX_FAULT_DELAY_MS}.`
          : `${where}${name} must be a number from 0 to 1 (the share of requests that fail).`,
      );
    }
    change[name as Field] = value;
  }
  return change;
}

function isInRange(value: unknown, kind: FaultFieldKind): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return false;
  return kind === 'ms' ? Number.isInteger(value) && value <= MAX_FAULT_DELAY_MS : value <= 1;
}

function invalid(message: string): ApiError {
  return new ApiError(422, 'invalid_fault_settings', message);
}

/** Whether a fault that hits `rate` of requests hits this one. `random` is injectable so tests can decide. */
export function faultFires(rate: number, random: () => number = Math.random): boolean {
  return rate > 0 && random() < rate;
}

/** The delay of one request under a latency fault: `latencyMs`, plus up to `jitterMs` more, evenly spread. */
export function faultDelayMs(latencyMs: number, jitterMs: number, random: () => number = Math.random): number {
  return latencyMs + Math.round(random() * jitterMs);
}
